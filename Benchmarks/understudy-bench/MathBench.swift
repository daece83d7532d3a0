#if canImport(Glibc)
import Glibc
#endif
import UnderstudyDeterminism

/// One case per PortableMath function, `math/<fn>` in ns per call over a fixed batch of typical
/// arguments, with glibc's time for the same arguments in the same run as `glibc_ns`
/// (goal: no slower than 2× glibc). Arguments come from a RandomStream, so runs are comparable.
let mathBenchmarks: [Benchmark] = {
    typealias PM = PortableMath
    func inputs(_ name: String, _ low: Double, _ high: Double) -> [Double] {
        var stream = RandomStream(seed: 1, path: "bench/math/\(name)")
        return (0..<4096).map { _ in stream.uniform(low, high) }
    }
    func measure(_ name: String, _ xs: [Double], _ ours: @escaping @Sendable (Double) -> Double,
                 _ glibc: @escaping @Sendable (Double) -> Double) -> Benchmark {
        Benchmark(name: "math/\(name)") {
            func nsPerCall(_ f: (Double) -> Double) -> Double {
                secondsPerCall(iterations: 50) {
                    var acc = 0.0
                    for x in xs { acc += f(x) }
                    blackHole(acc)
                } / Double(xs.count) * 1e9
            }
            let glibcNs = nsPerCall(glibc)
            let oursNs = nsPerCall(ours)
            return [Measurement(name: "math/\(name)", value: oursNs, unit: "ns",
                                extra: ["glibc_ns": glibcNs, "ratio": oursNs / glibcNs])]
        }
    }
    let unit = inputs("unit", -1, 1)
    return [
        measure("exp", inputs("exp", -20, 20), PM.exp, { Glibc.exp($0) }),
        measure("log", inputs("log", 1e-3, 1e3), PM.log, { Glibc.log($0) }),
        measure("log1p", inputs("log1p", -0.5, 10), PM.log1p, { Glibc.log1p($0) }),
        measure("expm1", unit, PM.expm1, { Glibc.expm1($0) }),
        measure("sin", inputs("sin", -10, 10), PM.sin, { Glibc.sin($0) }),
        measure("cos", inputs("cos", -10, 10), PM.cos, { Glibc.cos($0) }),
        measure("sin/huge", inputs("sin-huge", 1e10, 1e300), PM.sin, { Glibc.sin($0) }),
        measure("tanh", inputs("tanh", -5, 5), PM.tanh, { Glibc.tanh($0) }),
        measure("atan", inputs("atan", -10, 10), PM.atan, { Glibc.atan($0) }),
        measure("atan2", unit, { PM.atan2($0, 0.3) }, { Glibc.atan2($0, 0.3) }),
        measure("pow", inputs("pow", 0.01, 100), { PM.pow($0, 2.7) }, { Glibc.pow($0, 2.7) }),
        measure("pow/square", unit, { PM.pow($0, 2) }, { Glibc.pow($0, 2) }),
        measure("sigmoid", inputs("sigmoid", -10, 10), PM.sigmoid, { 1 / (1 + Glibc.exp(-$0)) }),
        measure("logSigmoid", inputs("logSigmoid", -10, 10), PM.logSigmoid,
                { $0 >= 0 ? -Glibc.log1p(Glibc.exp(-$0)) : $0 - Glibc.log1p(Glibc.exp($0)) }),
        measure("softplus", inputs("softplus", -10, 10), PM.softplus,
                { $0 >= 0 ? $0 + Glibc.log1p(Glibc.exp(-$0)) : Glibc.log1p(Glibc.exp($0)) }),
    ]
}()
