import UnderstudyDeterminism
import Glibc

/// `PortableMath.glibcPow` against the libm `pow` it reproduces, on the same inputs; throughput of
/// independent calls. y comes from memory, so the compiler cannot turn pow(x, 2) into x*x.
let glibcPowBenchmarks: [Benchmark] = [
    Benchmark(name: "math/glibcPow") {
        var stream = RandomStream(seed: 1, path: "bench/glibcPow")
        let count = 4096
        let general = (0..<count).map { _ in (stream.uniform(1e-3, 100), stream.uniform(-10, 10)) }
        let squares = (0..<count).map { _ in (stream.uniform(-10, 10), 2.0) }
        func nanoseconds(_ inputs: [(Double, Double)], _ f: (Double, Double) -> Double) -> Double {
            secondsPerCall(iterations: 200, repeats: 9) {
                var acc = 0.0
                for (x, y) in inputs { acc += f(x, y) }
                blackHole(acc)
            } / Double(inputs.count) * 1e9
        }
        return [
            Measurement(name: "math/glibcPow", value: nanoseconds(general, PortableMath.glibcPow), unit: "ns",
                        extra: ["glibc_ns": nanoseconds(general, Glibc.pow)]),
            Measurement(name: "math/glibcPow/y=2", value: nanoseconds(squares, PortableMath.glibcPow), unit: "ns",
                        extra: ["glibc_ns": nanoseconds(squares, Glibc.pow)]),
        ]
    },
]
