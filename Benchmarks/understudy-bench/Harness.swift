import Dispatch

/// One number a benchmark reports: a JSON line `{"name": …, "value": …, "unit": …, …extra}`.
struct Measurement: Sendable {
    var name: String
    var value: Double
    var unit: String
    /// Extra numeric fields, e.g. `glibc_ns`, `success_rate`, `ratio`.
    var extra: [String: Double] = [:]
}

/// A named family of measurements; `understudy-bench FILTER…` runs the cases whose name
/// contains any filter, except that a case `onlyWhenNamed` (one that takes many minutes) runs
/// only when a filter is its whole name.
struct Benchmark: Sendable {
    var name: String
    var onlyWhenNamed = false
    var run: @Sendable () -> [Measurement]

    init(name: String, onlyWhenNamed: Bool = false, run: @escaping @Sendable () -> [Measurement]) {
        self.name = name
        self.onlyWhenNamed = onlyWhenNamed
        self.run = run
    }

    /// Whether `filters` (the command line) select this case.
    /// A filter matches names containing it; one ending in `$` matches only the name before it
    /// (so `gail/driving-loop/iteration$` leaves out `…/iteration-2-threads`).
    func isSelected(by filters: [String]) -> Bool {
        if onlyWhenNamed { return filters.contains(name) || filters.contains(name + "$") }
        return filters.isEmpty || filters.contains { $0.hasSuffix("$") ? name == String($0.dropLast()) : name.contains($0) }
    }
}

/// Monotonic wall-clock seconds.
func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }

/// Median seconds per call of `body` over `repeats` timed batches of `iterations` calls each.
func secondsPerCall(iterations: Int, repeats: Int = 7, _ body: () -> Void) -> Double {
    var samples: [Double] = []
    for _ in 0..<repeats {
        let start = now()
        for _ in 0..<iterations { body() }
        samples.append((now() - start) / Double(iterations))
    }
    samples.sort()
    return samples[samples.count / 2]
}

/// Keeps a value alive so the optimiser cannot drop the computation that made it.
@inline(never)
func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }
