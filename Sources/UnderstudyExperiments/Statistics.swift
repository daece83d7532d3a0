import UnderstudyDeterminism

/// Aggregate statistics over seeds, as rliable reports them: mean, interquartile mean and a
/// 95 % percentile-bootstrap confidence interval of the mean.
public struct Summary: Sendable, Hashable {
    public var perSeed: [Double]
    public var mean: Double
    public var iqm: Double
    public var ci95: (low: Double, high: Double)

    public static func == (a: Summary, b: Summary) -> Bool {
        a.perSeed == b.perSeed && a.mean == b.mean && a.iqm == b.iqm && a.ci95 == b.ci95
    }
    public func hash(into h: inout Hasher) { h.combine(perSeed) }

    /// Resamples drawn for the bootstrap; rliable uses 2000 for quick runs.
    public static let bootstrapResamples = 2000

    /// A summary as stored (read back from `results.json`), not recomputed.
    public init(perSeed: [Double], mean: Double, iqm: Double, ci95: (low: Double, high: Double)) {
        self.perSeed = perSeed
        self.mean = mean
        self.iqm = iqm
        self.ci95 = ci95
    }

    /// Summarises one value per seed. The bootstrap draws from `stream`, which the caller
    /// names after the method and metric so that no other number depends on it.
    public init(perSeed values: [Double], stream: RandomStream) {
        perSeed = values
        mean = Summary.mean(values)
        iqm = Summary.interquartileMean(values)
        ci95 = Summary.bootstrapCI(values, stream: stream)
    }

    /// Sum in index order divided by the count (fixed order: bit-reproducible).
    public static func mean(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        var s = 0.0
        for v in values { s += v }
        return s / Double(values.count)
    }

    /// The mean of the middle 50 %: scipy's `trim_mean(x, 0.25)`, which rliable's IQM uses —
    /// ⌊n/4⌋ values are cut from each end of the sorted sample.
    public static func interquartileMean(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let cut = sorted.count / 4
        return mean(Array(sorted[cut..<(sorted.count - cut)]))
    }

    /// Percentile bootstrap of the mean (one task, so rliable's stratification is over seeds
    /// alone): resample seeds with replacement, take the 2.5th and 97.5th percentiles of the
    /// resampled means (linear interpolation between order statistics, numpy's default).
    public static func bootstrapCI(_ values: [Double], stream: RandomStream, resamples: Int = bootstrapResamples) -> (low: Double, high: Double) {
        guard values.count > 1 else { let m = mean(values); return (m, m) }
        var s = stream
        var means = [Double](repeating: 0, count: resamples)
        for r in 0..<resamples {
            var sum = 0.0
            for _ in values.indices { sum += values[s.nextInt(below: values.count)] }
            means[r] = sum / Double(values.count)
        }
        means.sort()
        return (percentile(means, 2.5), percentile(means, 97.5))
    }

    /// The `p`-th percentile of sorted data with linear interpolation.
    public static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        let position = p / 100 * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    public var json: JSONValue {
        .object([
            "per_seed": .array(perSeed.map(JSONValue.number)),
            "mean": .number(mean),
            "iqm": .number(iqm),
            "ci95": .array([.number(ci95.low), .number(ci95.high)]),
        ])
    }
}
