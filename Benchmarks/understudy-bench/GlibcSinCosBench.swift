import UnderstudyDeterminism
import Glibc

/// `PortableMath.glibcSin/glibcCos` (and `glibcPowf` for NumPy's float32 square) against the libm
/// functions they reproduce, on the same inputs; throughput of independent calls. The exponent
/// of powf comes from memory, so the compiler cannot turn powf(x, 2) into x*x.
let glibcSinCosBenchmarks: [Benchmark] = [
    Benchmark(name: "math/glibcSinCos") {
        var stream = RandomStream(seed: 1, path: "bench/glibcSinCos")
        let count = 4096
        let inputs = (0..<count).map { _ in stream.uniform(-10, 10) }
        let torques = (0..<count).map { _ in (Float(stream.uniform(-2, 2)), Float(2)) }
        func nanoseconds(_ inputs: [Double], _ f: (Double) -> Double) -> Double {
            secondsPerCall(iterations: 200, repeats: 9) {
                var acc = 0.0
                for x in inputs { acc += f(x) }
                blackHole(acc)
            } / Double(inputs.count) * 1e9
        }
        func nanoseconds(_ inputs: [(Float, Float)], _ f: (Float, Float) -> Float) -> Double {
            secondsPerCall(iterations: 200, repeats: 9) {
                var acc: Float = 0
                for (x, y) in inputs { acc += f(x, y) }
                blackHole(acc)
            } / Double(inputs.count) * 1e9
        }
        return [
            Measurement(name: "math/glibcSin", value: nanoseconds(inputs, PortableMath.glibcSin), unit: "ns",
                        extra: ["glibc_ns": nanoseconds(inputs, Glibc.sin)]),
            Measurement(name: "math/glibcCos", value: nanoseconds(inputs, PortableMath.glibcCos), unit: "ns",
                        extra: ["glibc_ns": nanoseconds(inputs, Glibc.cos)]),
            Measurement(name: "math/glibcPowf/y=2", value: nanoseconds(torques, PortableMath.glibcPowf), unit: "ns",
                        extra: ["glibc_ns": nanoseconds(torques, Glibc.powf)]),
        ]
    },
]
