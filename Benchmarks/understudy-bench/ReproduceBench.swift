import Foundation
import UnderstudyHarness

/// `reproduce/all`: wall seconds of what `make reproduce` does after the build — every spec of
/// this checkout's seeds/ run with 2 jobs, its report written, then the reports index — into a
/// temporary directory that is removed afterwards (reports/ is never touched). It takes many
/// minutes, so it runs only when named in full: `understudy-bench reproduce/all`. Each spec's
/// seconds come as an extra field.
let reproduceBenchmarks: [Benchmark] = [
    Benchmark(name: "reproduce/all", onlyWhenNamed: true) { [reproduceAll(jobs: 2)] },
]

/// seeds/ of the package this benchmark was built from.
private let seedsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("seeds").path

private func reproduceAll(jobs: Int) -> Measurement {
    let reports = FileManager.default.temporaryDirectory.appendingPathComponent("understudy-bench-reproduce-\(getpid())").path
    try? FileManager.default.removeItem(atPath: reports)
    defer { try? FileManager.default.removeItem(atPath: reports) }
    do {
        let reproduction = Reproduction(reports: reports, jobs: jobs)
        let specs = try Reproduction.load(try Reproduction.specPaths(in: seedsDirectory))
        var extra: [String: Double] = ["specs": Double(specs.count), "jobs": Double(jobs)]
        let start = now()
        for (_, loaded) in specs {
            let begun = now()
            try reproduction.reproduce(loaded)
            extra["seconds_" + loaded.spec.name] = now() - begun
        }
        try reproduction.writeIndex()
        return Measurement(name: "reproduce/all", value: now() - start, unit: "s", extra: extra)
    } catch {
        FileHandle.standardError.write(Data("error: reproduce/all: \(error)\n".utf8))
        exit(1)
    }
}
