#if canImport(Glibc)
import Glibc
#endif
import UnderstudyDeterminism

/// Nanoseconds per element of `body`, which processes `count` elements.
private func nanoseconds(_ count: Int, _ body: () -> Void) -> Double {
    secondsPerCall(iterations: 50, body) / Double(count) * 1e9
}

/// One case per PortableMath array form, `math/<fn>/array` in ns per element over the same
/// 4096 arguments as the scalar case `math/<fn>`, with glibc's scalar function over the same
/// buffer (written to an output array) in the same run as `glibc_ns` and `ratio` = ours/glibc.
let arrayMathBenchmarks: [Benchmark] = {
    typealias PM = PortableMath
    typealias Unary = @Sendable (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
    typealias Binary = @Sendable (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>,
                                  UnsafeMutableBufferPointer<Double>) -> Void
    func inputs(_ name: String, _ low: Double, _ high: Double) -> [Double] {
        var stream = RandomStream(seed: 1, path: "bench/math/\(name)")
        return (0..<4096).map { _ in stream.uniform(low, high) }
    }
    func measure(_ name: String, _ xs: [Double], _ ours: @escaping Unary,
                 _ glibc: @escaping @Sendable (Double) -> Double) -> Benchmark {
        Benchmark(name: "math/\(name)/array") {
            var out = [Double](repeating: 0, count: xs.count)
            let (oursNs, glibcNs) = xs.withUnsafeBufferPointer { input in
                out.withUnsafeMutableBufferPointer { output in
                    let g = nanoseconds(xs.count) {
                        for i in input.indices { output[i] = glibc(input[i]) }
                        blackHole(output[0])
                    }
                    let o = nanoseconds(xs.count) {
                        ours(input, output)
                        blackHole(output[0])
                    }
                    return (o, g)
                }
            }
            return [Measurement(name: "math/\(name)/array", value: oursNs, unit: "ns",
                                extra: ["glibc_ns": glibcNs, "ratio": oursNs / glibcNs])]
        }
    }
    func measure(_ name: String, _ xs: [Double], _ ys: [Double], _ ours: @escaping Binary,
                 _ glibc: @escaping @Sendable (Double, Double) -> Double) -> Benchmark {
        Benchmark(name: "math/\(name)/array") {
            var out = [Double](repeating: 0, count: xs.count)
            let (oursNs, glibcNs) = xs.withUnsafeBufferPointer { a in
                ys.withUnsafeBufferPointer { b in
                    out.withUnsafeMutableBufferPointer { output in
                        let g = nanoseconds(xs.count) {
                            for i in a.indices { output[i] = glibc(a[i], b[i]) }
                            blackHole(output[0])
                        }
                        let o = nanoseconds(xs.count) {
                            ours(a, b, output)
                            blackHole(output[0])
                        }
                        return (o, g)
                    }
                }
            }
            return [Measurement(name: "math/\(name)/array", value: oursNs, unit: "ns",
                                extra: ["glibc_ns": glibcNs, "ratio": oursNs / glibcNs])]
        }
    }
    let unit = inputs("unit", -1, 1)
    let logistic = inputs("softplus", -10, 10)
    var stream = RandomStream(seed: 1, path: "bench/math/array/pow")
    let powX = (0..<4096).map { _ in stream.uniform(1e-3, 100) }
    let powY = (0..<4096).map { _ in stream.uniform(-10, 10) }
    let squares = [Double](repeating: 2, count: 4096)
    return [
        measure("exp", inputs("exp", -20, 20), { PM.exp($0, into: $1) }, { Glibc.exp($0) }),
        measure("log", inputs("log", 1e-3, 1e3), { PM.log($0, into: $1) }, { Glibc.log($0) }),
        measure("log1p", inputs("log1p", -0.5, 10), { PM.log1p($0, into: $1) }, { Glibc.log1p($0) }),
        measure("expm1", unit, { PM.expm1($0, into: $1) }, { Glibc.expm1($0) }),
        measure("sin", inputs("sin", -10, 10), { PM.sin($0, into: $1) }, { Glibc.sin($0) }),
        measure("cos", inputs("cos", -10, 10), { PM.cos($0, into: $1) }, { Glibc.cos($0) }),
        measure("tanh", inputs("tanh", -5, 5), { PM.tanh($0, into: $1) }, { Glibc.tanh($0) }),
        measure("atan", inputs("atan", -10, 10), { PM.atan($0, into: $1) }, { Glibc.atan($0) }),
        measure("atan2", unit, [Double](repeating: 0.3, count: 4096), { PM.atan2($0, $1, into: $2) },
                { Glibc.atan2($0, $1) }),
        measure("sigmoid", inputs("sigmoid", -10, 10), { PM.sigmoid($0, into: $1) }, { 1 / (1 + Glibc.exp(-$0)) }),
        measure("logSigmoid", inputs("logSigmoid", -10, 10), { PM.logSigmoid($0, into: $1) },
                { $0 >= 0 ? -Glibc.log1p(Glibc.exp(-$0)) : $0 - Glibc.log1p(Glibc.exp($0)) }),
        measure("softplus", logistic, { PM.softplus($0, into: $1) },
                { $0 >= 0 ? $0 + Glibc.log1p(Glibc.exp(-$0)) : Glibc.log1p(Glibc.exp($0)) }),
        measure("pow", powX, powY, { PM.pow($0, $1, into: $2) }, { Glibc.pow($0, $1) }),
        measure("glibcSin", inputs("sin", -10, 10), { PM.glibcSin($0, into: $1) }, { Glibc.sin($0) }),
        measure("glibcCos", inputs("cos", -10, 10), { PM.glibcCos($0, into: $1) }, { Glibc.cos($0) }),
        measure("glibcPow", powX, powY, { PM.glibcPow($0, $1, into: $2) }, { Glibc.pow($0, $1) }),
        measure("glibcPow/y=2", inputs("sin", -10, 10), squares, { PM.glibcPow($0, $1, into: $2) },
                { Glibc.pow($0, $1) }),
        Benchmark(name: "math/glibcPowf/array") {
            var stream = RandomStream(seed: 1, path: "bench/math/array/powf")
            let xs = (0..<4096).map { _ in Float(stream.uniform(-2, 2)) }
            let ys = [Float](repeating: 2, count: 4096)
            var out = [Float](repeating: 0, count: 4096)
            let (oursNs, glibcNs) = xs.withUnsafeBufferPointer { a in
                ys.withUnsafeBufferPointer { b in
                    out.withUnsafeMutableBufferPointer { output in
                        let g = nanoseconds(4096) {
                            for i in a.indices { output[i] = Glibc.powf(a[i], b[i]) }
                            blackHole(output[0])
                        }
                        let o = nanoseconds(4096) {
                            PM.glibcPowf(a, b, into: output)
                            blackHole(output[0])
                        }
                        return (o, g)
                    }
                }
            }
            return [Measurement(name: "math/glibcPowf/array", value: oursNs, unit: "ns",
                                extra: ["glibc_ns": glibcNs, "ratio": oursNs / glibcNs])]
        },
    ]
}()
