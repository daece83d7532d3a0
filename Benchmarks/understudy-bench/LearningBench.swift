import UnderstudyDeterminism
import Foundation
import UnderstudyLearning

/// CMA-ES speed and evaluation counts (comparable with pycma 4.5's, same protocol) and the
/// cost of one behavioural-cloning epoch. Set `PYCMA_PYTHON` to a Python with `cma` installed
/// to measure pycma's time per generation in the same run (extra `pycma_ms`, `ratio`).
let learningBenchmarks: [Benchmark] = [
    Benchmark(name: "cmaes/generation/n=10/lambda=10") { [cmaesGeneration(n: 10, lambda: 10)] },
    Benchmark(name: "cmaes/generation/n=40/lambda=15") { [cmaesGeneration(n: 40, lambda: 15)] },
    Benchmark(name: "cmaes/eigen/n=97") { [eigendecomposition(n: 97)] },
    Benchmark(name: "cmaes/sphere/n=10/evaluations") { [cmaesEvaluations("sphere", n: 10, sphere)] },
    Benchmark(name: "cmaes/sphere/n=40/evaluations") { [cmaesEvaluations("sphere", n: 40, sphere)] },
    Benchmark(name: "cmaes/rosenbrock/n=10/evaluations") { [cmaesEvaluations("rosenbrock", n: 10, rosenbrock)] },
    Benchmark(name: "cmaes/rosenbrock/n=40/evaluations") { [cmaesEvaluations("rosenbrock", n: 40, rosenbrock)] },
    Benchmark(name: "bc/epoch") { [behaviouralCloningEpoch()] },
    Benchmark(name: "bc/1nn/query") { [nearestNeighbourQuery()] },
]

@Sendable private func sphere(_ x: [Double]) -> Double {
    var s = 0.0
    for v in x { s += v * v }
    return s
}

@Sendable private func rosenbrock(_ x: [Double]) -> Double {
    var s = 0.0
    for i in 0..<(x.count - 1) {
        let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
        s += 100 * a * a + b * b
    }
    return s
}

/// ask + tell per generation on the sphere from x0 = 3·1, σ0 = 2 (100 generations from a
/// fresh start per sample; the sphere's cost is part of it, as it is of pycma's figure).
private func cmaesGeneration(n: Int, lambda: Int) -> Measurement {
    let generations = 100
    let seconds = secondsPerCall(iterations: 1, repeats: 9) {
        var es = try! CMAES(x0: [Double](repeating: 3, count: n), sigma0: 2, options: CMAESOptions(populationSize: lambda),
                            stream: RandomStream(seed: 1, path: "bench/cmaes/generation"))
        for _ in 0..<generations {
            let population = es.ask()
            es.tell(population.map(sphere))
        }
        blackHole(es.mean)
    } / Double(generations)
    var m = Measurement(name: "cmaes/generation/n=\(n)/lambda=\(lambda)", value: seconds * 1e3, unit: "ms")
    if let pycma = pycmaMillisecondsPerGeneration(n: n, lambda: lambda, generations: generations) {
        m.extra = ["pycma_ms": pycma, "ratio": pycma / (seconds * 1e3)]
    }
    return m
}

/// One eigendecomposition of a symmetric n × n matrix (n = 97: the driving-loop GAIL
/// student's weights), the step CMA-ES repeats whenever its lazy update falls due.
private func eigendecomposition(n: Int) -> Measurement {
    var stream = RandomStream(seed: 1, path: "bench/cmaes/eigen")
    var matrix = [Double](repeating: 0, count: n * n)       // I plus a symmetric perturbation
    for i in 0..<n {
        for j in 0...i {
            let v = (i == j ? 1 : 0) + stream.uniform(-1, 1) / Double(n).squareRoot()
            (matrix[i * n + j], matrix[j * n + i]) = (v, v)
        }
    }
    let seconds = secondsPerCall(iterations: 20) { blackHole(SymmetricEigen.decompose(matrix, dimension: n)) }
    return Measurement(name: "cmaes/eigen/n=\(n)", value: seconds * 1e3, unit: "ms")
}

/// Median evaluations to f ≤ 1e-8 over the successful runs of 15 seeds (x0 = 3·1, σ0 = 2,
/// default λ, maxfevals 1e5·n, no restarts), with the success rate: pycma's protocol.
private func cmaesEvaluations(_ name: String, n: Int, _ f: @escaping @Sendable ([Double]) -> Double) -> Measurement {
    var successes: [Int] = []
    var options = CMAESOptions(ftarget: 1e-8)
    options.maxEvaluations = 100_000 * n
    let seeds = 15
    for seed in 0..<seeds {
        let result = try! CMAES.minimize(f, x0: [Double](repeating: 3, count: n), sigma0: 2, options: options,
                                         stream: RandomStream(seed: UInt64(seed), path: "bench/cmaes/\(name)/n=\(n)"))
        if result.bestFitness <= 1e-8 { successes.append(result.evaluations) }
    }
    successes.sort()
    let median = successes.isEmpty ? Double.nan
        : successes.count % 2 == 1 ? Double(successes[successes.count / 2])
        : Double(successes[successes.count / 2 - 1] + successes[successes.count / 2]) / 2
    var extra = ["success_rate": Double(successes.count) / Double(seeds)]
    if let lo = successes.first, let hi = successes.last {
        extra["min"] = Double(lo)
        extra["max"] = Double(hi)
    }
    return Measurement(name: "cmaes/\(name)/n=\(n)/evaluations", value: median, unit: "evaluations", extra: extra)
}

/// One epoch of Adam on an MLP 4→64→64→1 (tanh) over 10 000 samples, batch 64.
private func behaviouralCloningEpoch() -> Measurement {
    var stream = RandomStream(seed: 1, path: "bench/bc/data")
    let inputs = (0..<10_000).map { _ in (0..<4).map { _ in stream.uniform(-1, 1) } }
    let targets = inputs.map { [PortableMath.sin($0[0]) + $0[1] * $0[2] - 0.5 * $0[3]] }
    var initStream = RandomStream(seed: 1, path: "bench/bc/init")
    var learner = try! MLPLearner(layerWidths: [4, 64, 64, 1], options: .init(epochs: 1, batchSize: 64),
                                  stream: &initStream)
    var order = RandomStream(seed: 1, path: "bench/bc/order")
    let seconds = secondsPerCall(iterations: 1, repeats: 7) {
        learner.fit(inputs: inputs, targets: targets, stream: &order)
    }
    blackHole(learner.network.parameters)
    return Measurement(name: "bc/epoch", value: seconds * 1e3, unit: "ms")
}

/// A 1-nearest-neighbour query against 10 000 stored 4-d poses.
private func nearestNeighbourQuery() -> Measurement {
    var stream = RandomStream(seed: 1, path: "bench/1nn")
    let inputs = (0..<10_000).map { _ in [stream.uniform(-10, 10), stream.uniform(-10, 10), stream.uniform(-1, 1), stream.uniform(-1, 1)] }
    var policy = NearestNeighbourPolicy()
    policy.fit(inputs: inputs, targets: inputs.map { [$0[0]] }, stream: &stream)
    let queries = (0..<10_000).map { _ in [stream.uniform(-10, 10), stream.uniform(-10, 10), stream.uniform(-1, 1), stream.uniform(-1, 1)] }
    let seconds = secondsPerCall(iterations: 1, repeats: 7) {
        var acc = 0
        for q in queries { acc &+= policy.nearestIndex(q) }
        blackHole(acc)
    } / Double(queries.count)
    return Measurement(name: "bc/1nn/query", value: seconds * 1e9, unit: "ns")
}

/// pycma's median ms per ask + tell generation under the same protocol, or nil when
/// `PYCMA_PYTHON` is unset or the run fails.
private func pycmaMillisecondsPerGeneration(n: Int, lambda: Int, generations: Int) -> Double? {
    guard let python = ProcessInfo.processInfo.environment["PYCMA_PYTHON"] else { return nil }
    let script = """
    import time, warnings, cma
    warnings.simplefilter('ignore')
    samples = []
    for _ in range(9):
        es = cma.CMAEvolutionStrategy(\(n) * [3.0], 2.0, {'popsize': \(lambda), 'verbose': -9, 'seed': 1})
        t = time.perf_counter()
        for _ in range(\(generations)):
            X = es.ask()
            es.tell(X, [float(sum(x * x)) for x in X])
        samples.append((time.perf_counter() - t) / \(generations))
    samples.sort()
    print(samples[len(samples) // 2] * 1e3)
    """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", script]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
}
