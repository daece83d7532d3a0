import UnderstudyDeterminism

// Every benchmark family; each area's file defines its array.
let benchmarks: [Benchmark] = randomBenchmarks + mathBenchmarks + arrayMathBenchmarks + glibcPowBenchmarks + glibcSinCosBenchmarks + environmentBenchmarks + learningBenchmarks + plotBenchmarks + reportBenchmarks + gailBenchmarks + imageBenchmarks + reproduceBenchmarks

let filters = Array(CommandLine.arguments.dropFirst())
if filters.contains("--help") || filters.contains("-h") {
    print("""
    usage: understudy-bench [FILTER...]
    Runs the benchmark cases whose name contains any FILTER (all when none; a FILTER ending in $
    names one case exactly, e.g. 'gail/driving-loop/iteration$') and prints one JSON line per
    measurement: {"name": "env/CartPole-v1/step", "value": 1.2e8, "unit": "steps/s"}.
    Build with -c release. Cases: \(benchmarks.filter { !$0.onlyWhenNamed }.map(\.name).joined(separator: ", "))
    Run only when named in full (they take many minutes): \(benchmarks.filter(\.onlyWhenNamed).map(\.name).joined(separator: ", "))
      reproduce/all  wall seconds of regenerating every report of seeds/ with 2 jobs (what
                     `make reproduce` does after the build), into a temporary directory;
                     reports/ is never touched
    """)
} else {
    for benchmark in benchmarks where benchmark.isSelected(by: filters) {
        for m in benchmark.run() {
            var fields: [String: JSONValue] = ["name": .string(m.name), "value": .number(m.value), "unit": .string(m.unit)]
            for (k, v) in m.extra { fields[k] = .number(v) }
            print(try! CanonicalJSON.string(.object(fields)))
        }
    }
}
