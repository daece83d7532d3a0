import UnderstudyDeterminism

// Every benchmark family; each area's file defines its array.
let benchmarks: [Benchmark] = randomBenchmarks + mathBenchmarks + arrayMathBenchmarks + glibcPowBenchmarks + glibcSinCosBenchmarks + environmentBenchmarks + learningBenchmarks + plotBenchmarks + reportBenchmarks + gailBenchmarks + imageBenchmarks

let filters = Array(CommandLine.arguments.dropFirst())
if filters.contains("--help") || filters.contains("-h") {
    print("""
    usage: understudy-bench [FILTER...]
    Runs the benchmark cases whose name contains any FILTER (all when none) and prints one JSON
    line per measurement: {"name": "env/CartPole-v1/step", "value": 1.2e8, "unit": "steps/s"}.
    Build with -c release. Cases: \(benchmarks.map(\.name).joined(separator: ", "))
    """)
} else {
    for benchmark in benchmarks where filters.isEmpty || filters.contains(where: { benchmark.name.contains($0) }) {
        for m in benchmark.run() {
            var fields: [String: JSONValue] = ["name": .string(m.name), "value": .number(m.value), "unit": .string(m.unit)]
            for (k, v) in m.extra { fields[k] = .number(v) }
            print(try! CanonicalJSON.string(.object(fields)))
        }
    }
}
