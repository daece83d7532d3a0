import UnderstudyDeterminism

let randomBenchmarks: [Benchmark] = [
    Benchmark(name: "random/philox") {
        var stream = RandomStream(seed: 1, path: "bench/philox")
        let n = 1_000_000
        let perWord = secondsPerCall(iterations: 1) {
            var acc: UInt32 = 0
            for _ in 0..<n { acc ^= stream.nextUInt32() }
            blackHole(acc)
        } / Double(n)
        var normals = RandomStream(seed: 1, path: "bench/normal")
        let perNormal = secondsPerCall(iterations: 1) {
            var acc = 0.0
            for _ in 0..<n { acc += normals.nextNormal() }
            blackHole(acc)
        } / Double(n)
        return [
            Measurement(name: "random/philox/word", value: perWord * 1e9, unit: "ns"),
            Measurement(name: "random/normal", value: perNormal * 1e9, unit: "ns"),
        ]
    },
]
