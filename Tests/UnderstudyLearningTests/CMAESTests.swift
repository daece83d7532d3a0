import XCTest
import UnderstudyDeterminism
@testable import UnderstudyLearning

final class CMAESTests: XCTestCase {
    private static func sphere(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 } }

    /// Reference values printed by pycma 4.5.0 (`es.sp.weights`, `es.adapt_sigma.cs/damps`,
    /// `es.sp.cc`, `es.sm.parameters()`, `es.sm.lazy_update_gap`, `opts['maxiter']`,
    /// `opts['tolstagnation']`) for x0 of dimension 10, 40 and 3.
    func test_strategyParametersMatchPycma() throws {
        struct Row { var n, lambda, mu: Int; var muEff: Double; var weights: [Double]
                     var cs, damps, cc, c1, cmu, gap: Double; var maxiter, tolstagnation: Int }
        let rows = [
            Row(n: 10, lambda: 10, mu: 5, muEff: 3.1672992814107017,
                weights: [0.45627264690340597, 0.2707530970017852, 0.16223111715866978, 0.08523354710016448, 0.025509591835974777,
                          -0.08001260758087224, -0.22176416099914653, -0.34455494178482093, -0.45286408637842196, -0.5497499176973853],
                cs: 0.3196142529106334, damps: 1.3196142529106334, cc: 0.29499038303562225, c1: 0.015283824524751714,
                cmu: 0.02355177665041747, gap: 0.2574956920299673, maxiter: 7775, tolstagnation: 389),
            Row(n: 40, lambda: 15, mu: 7, muEff: 4.5409152090759575,
                weights: [0.34479619859202054, 0.22986413239468034, 0.16263318353883477, 0.11493206619734017, 0.07793220508496224,
                          0.04770111734149459, 0.02214109685066719, 0.0, -0.057779082988114405, -0.10946423394333288,
                          -0.1562191401812051, -0.198903025377209, -0.2381683934626, -0.2745224460584475, -0.3083672593205417],
                cs: 0.13758496613517535, damps: 1.1375849661351753, cc: 0.09300921663424917, c1: 0.0011694327252618397,
                cmu: 0.0034052196437063466, gap: 0.5464896124038984, maxiter: 71552, tolstagnation: 1779),
            Row(n: 3, lambda: 7, mu: 3, muEff: 2.2548150822016044,
                weights: [0.5856451065097651, 0.29282255325488254, 0.12153234023535246, 0.0, -0.42412694184317423,
                          -0.7706638857059223, -1.0636566969842556],
                cs: 0.5, damps: 1.5, cc: 0.5588013228860189, c1: 0.09640963257927214, cmu: 0.0695884692329107,
                gap: 0.20080550903556751, maxiter: 2099, tolstagnation: 171),
        ]
        for row in rows {
            let es = try CMAES(x0: [Double](repeating: 3, count: row.n), sigma0: 2, stream: RandomStream(seed: 1, path: "p"))
            XCTAssertEqual(es.populationSize, row.lambda)
            XCTAssertEqual(es.mu, row.mu)
            XCTAssertEqual(es.muEff, row.muEff, accuracy: 1e-12)
            XCTAssertEqual(es.weights.count, row.weights.count)
            for (a, b) in zip(es.weights, row.weights) { XCTAssertEqual(a, b, accuracy: 1e-12, "n=\(row.n)") }
            XCTAssertEqual(es.cSigma, row.cs, accuracy: 1e-14)
            XCTAssertEqual(es.dSigma, row.damps, accuracy: 1e-14)
            XCTAssertEqual(es.cc, row.cc, accuracy: 1e-14)
            XCTAssertEqual(es.c1, row.c1, accuracy: 1e-16)
            XCTAssertEqual(es.cMu, row.cmu, accuracy: 1e-16)
            XCTAssertEqual(es.eigenGap, row.gap, accuracy: 1e-12)
            XCTAssertEqual(es.maxIterations, row.maxiter)
            XCTAssertEqual(es.tolStagnation, row.tolstagnation)
        }
    }

    func test_eigensolverReconstructsSymmetricMatrices() {
        var stream = RandomStream(seed: 4, path: "test/eigen")
        for n in [1, 2, 3, 7, 20] {
            var a = [Double](repeating: 0, count: n * n)
            for i in 0..<n { for j in i..<n { let v = stream.uniform(-1, 1); a[i * n + j] = v; a[j * n + i] = v } }
            let e = SymmetricEigen.decompose(a, dimension: n)
            for j in 1..<max(1, n) { XCTAssertLessThanOrEqual(e.values[j - 1], e.values[j]) }
            for i in 0..<n {
                for j in 0..<n {
                    var reconstructed = 0.0, gram = 0.0
                    for k in 0..<n {
                        reconstructed += e.vectors[k * n + i] * e.values[k] * e.vectors[k * n + j]
                        gram += e.vectors[i * n + k] * e.vectors[j * n + k]
                    }
                    XCTAssertEqual(reconstructed, a[i * n + j], accuracy: 1e-13, "n=\(n)")
                    XCTAssertEqual(gram, i == j ? 1 : 0, accuracy: 1e-13, "n=\(n)")
                }
            }
        }
        // A repeated eigenvalue and a diagonal matrix.
        let d = SymmetricEigen.decompose([2, 0, 0, 0, 1, 0, 0, 0, 2], dimension: 3)
        XCTAssertEqual(d.values, [1, 2, 2])
    }

    /// The decomposition's exact bits are part of every CMA-ES run's results, so a faster
    /// eigensolver must keep them: a pinned digest of the values and vectors of two matrices of
    /// the sizes GAIL's searches decompose (97: the driving loop's student; 81: Pendulum's).
    func test_eigensolverBitsArePinned() {
        var stream = RandomStream(seed: 7, path: "test/eigen/pinned")
        var bytes: [UInt8] = []
        for n in [81, 97] {
            let a = (0..<(n * n)).map { _ in stream.nextNormal() }
            var matrix = [Double](repeating: 0, count: n * n)      // A·Aᵀ/n + I, as a covariance
            for i in 0..<n {
                for j in 0...i {
                    var s = i == j ? 1.0 : 0.0
                    for k in 0..<n { s += a[i * n + k] * a[j * n + k] / Double(n) }
                    matrix[i * n + j] = s
                    matrix[j * n + i] = s
                }
            }
            let e = SymmetricEigen.decompose(matrix, dimension: n)
            for v in e.values + e.vectors { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        }
        XCTAssertEqual(Digest.sha256Hex(bytes), "ec916bad5f8c9298db3b7535d44c50bbe6f4303d479acce1294c16dd745875e5")
    }

    func test_convergesOnTheSphereInTenDimensions() throws {
        var options = CMAESOptions(ftarget: 1e-8)
        options.maxEvaluations = 100_000
        let result = try CMAES.minimize(Self.sphere, x0: [Double](repeating: 3, count: 10), sigma0: 2, options: options,
                                        stream: RandomStream(seed: 1, path: "test/sphere"))
        XCTAssertEqual(result.stopReasons, [.ftarget])
        XCTAssertLessThanOrEqual(result.bestFitness, 1e-8)
        XCTAssertEqual(Self.sphere(result.bestSolution), result.bestFitness)
        // pycma: 1460 [1250–1600] evaluations over 15 seeds.
        XCTAssertLessThan(result.evaluations, 2000)
        XCTAssertGreaterThan(result.evaluations, 1000)
    }

    func test_identicalResultsForOneAndTwoJobs() throws {
        let rosenbrock: @Sendable ([Double]) -> Double = { x in
            var s = 0.0
            for i in 0..<(x.count - 1) { s += 100 * (x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i]) + (1 - x[i]) * (1 - x[i]) }
            return s
        }
        var options = CMAESOptions()
        options.maxEvaluations = 3000
        let one = try CMAES.minimize(rosenbrock, x0: [Double](repeating: 0, count: 8), sigma0: 0.5, options: options,
                                     stream: RandomStream(seed: 2, path: "test/jobs"), jobs: 1)
        let two = try CMAES.minimize(rosenbrock, x0: [Double](repeating: 0, count: 8), sigma0: 0.5, options: options,
                                     stream: RandomStream(seed: 2, path: "test/jobs"), jobs: 2)
        XCTAssertEqual(one, two)
        XCTAssertEqual(one.stopReasons, [.maxfevals])
    }

    /// CMA-ES is invariant under rotations of the search space: the number of evaluations to
    /// reach the target on an ellipsoid and on the same ellipsoid rotated by a random
    /// orthogonal matrix have the same distribution. Compare medians over 11 seeds.
    func test_rotationInvarianceOnAnEllipsoid() throws {
        let n = 8
        var stream = RandomStream(seed: 8, path: "test/rotation/matrix")
        // A random orthogonal matrix: Gram–Schmidt on Gaussian vectors.
        var q: [[Double]] = []
        for _ in 0..<n {
            var v = (0..<n).map { _ in stream.nextNormal() }
            for u in q {
                var dot = 0.0
                for i in 0..<n { dot += u[i] * v[i] }
                for i in 0..<n { v[i] -= dot * u[i] }
            }
            var norm = 0.0
            for i in 0..<n { norm += v[i] * v[i] }
            q.append(v.map { $0 / norm.squareRoot() })
        }
        let rotation = q
        let scales = (0..<n).map { i in PortableMath.pow(1e4, Double(i) / Double(n - 1)) }
        let ellipsoid: @Sendable ([Double]) -> Double = { x in
            var s = 0.0
            for i in 0..<n { s += scales[i] * x[i] * x[i] }
            return s
        }
        let rotated: @Sendable ([Double]) -> Double = { x in
            var y = [Double](repeating: 0, count: n)
            for i in 0..<n { for j in 0..<n { y[i] += rotation[i][j] * x[j] } }
            return ellipsoid(y)
        }
        func evaluations(_ f: @Sendable ([Double]) -> Double, seed: UInt64) throws -> Int {
            let options = CMAESOptions(ftarget: 1e-8, maxEvaluations: 50_000)
            let r = try CMAES.minimize(f, x0: [Double](repeating: 1, count: n), sigma0: 1, options: options,
                                       stream: RandomStream(seed: seed, path: "test/rotation/run"))
            XCTAssertEqual(r.stopReasons, [.ftarget])
            return r.evaluations
        }
        let plain = try (0..<11).map { try evaluations(ellipsoid, seed: UInt64($0)) }.sorted()
        let turned = try (0..<11).map { try evaluations(rotated, seed: UInt64($0)) }.sorted()
        let ratio = Double(turned[5]) / Double(plain[5])
        XCTAssertEqual(ratio, 1, accuracy: 0.1, "medians \(plain[5]) vs \(turned[5])")
        // …and the ill-conditioning is really learned: a diagonal-only search would need far more.
        XCTAssertLessThan(plain[5], 10_000)
    }

    /// `meanLearningRate` (pycma's `CMA_cmean`): the mean moves that share of the recombined
    /// step, while σ and C adapt to the whole step, as they do at 1.
    func test_meanLearningRate_movesTheMeanAShareOfTheStep_andAdaptsOnTheWholeStep() throws {
        let x0 = [1.0, -2, 0.5, 3], stream = RandomStream(seed: 5, path: "test/mean-learning-rate")
        var options = CMAESOptions()
        options.meanLearningRate = 0.5
        var whole = try CMAES(x0: x0, sigma0: 0.7, stream: stream)
        var damped = try CMAES(x0: x0, sigma0: 0.7, options: options, stream: stream)
        let candidates = whole.ask()
        XCTAssertEqual(damped.ask(), candidates)
        let fitness = candidates.map(Self.sphere)
        whole.tell(fitness)
        damped.tell(fitness)
        XCTAssertNotEqual(damped.mean, whole.mean)
        for i in x0.indices { XCTAssertEqual(damped.mean[i], x0[i] + 0.5 * (whole.mean[i] - x0[i])) }
        XCTAssertEqual(damped.sigma, whole.sigma)
        XCTAssertEqual(damped.covariance, whole.covariance)
        for rate in [0.0, -0.5, 1.5, .nan] {
            options.meanLearningRate = rate
            XCTAssertThrowsError(try CMAES(x0: x0, sigma0: 0.7, options: options, stream: stream)) {
                XCTAssertEqual("\($0)", "invalid meanLearningRate \(rate) (expected in (0, 1])")
            }
        }
    }

    func test_badOptionsThrowWithClearMessages() {
        let stream = RandomStream(seed: 1, path: "x")
        XCTAssertThrowsError(try CMAES(x0: [], sigma0: 1, stream: stream)) {
            XCTAssertEqual("\($0)", "invalid x0 [] (expected at least one coordinate)")
        }
        XCTAssertThrowsError(try CMAES(x0: [1], sigma0: 0, stream: stream)) {
            XCTAssertEqual("\($0)", "invalid sigma0 0.0 (expected a finite number > 0)")
        }
        XCTAssertThrowsError(try CMAES(x0: [1], sigma0: -1, stream: stream))
        XCTAssertThrowsError(try CMAES(x0: [1, 2], sigma0: 1, options: CMAESOptions(populationSize: 1), stream: stream)) {
            XCTAssertEqual("\($0)", "invalid populationSize 1 (expected ≥ 2)")
        }
        XCTAssertThrowsError(try CMAES(x0: [1, 2], sigma0: 1, options: CMAESOptions(lowerBounds: [0, 3], upperBounds: [2, 2]), stream: stream))
        XCTAssertThrowsError(try CMAES(x0: [5, 0], sigma0: 1, options: CMAESOptions(lowerBounds: [0, -1], upperBounds: [2, 2]), stream: stream))
        XCTAssertThrowsError(try CMAES(x0: [1], sigma0: 1, options: CMAESOptions(lowerBounds: [0, 0]), stream: stream))
    }

    func test_boundsKeepEveryCandidateInsideAndFindABoundaryOptimum() throws {
        // Minimum of the sphere shifted to (−2, …) restricted to [−1, 1]ⁿ: the corner at −1.
        let shifted: @Sendable ([Double]) -> Double = { x in x.reduce(0) { $0 + ($1 + 2) * ($1 + 2) } }
        var es = try CMAES(x0: [0.5, 0.5, 0.5, 0.5], sigma0: 0.5,
                           options: CMAESOptions(maxEvaluations: 4000, lowerBounds: [-1, -1, -1, -1], upperBounds: [1, 1, 1, 1]),
                           stream: RandomStream(seed: 3, path: "test/bounds"))
        while !es.shouldStop {
            let population = es.ask()
            for x in population { XCTAssertTrue(x.allSatisfy { -1 <= $0 && $0 <= 1 }) }
            es.tell(population.map(shifted))
        }
        for v in es.result.bestSolution { XCTAssertEqual(v, -1, accuracy: 1e-3) }
    }

    func test_boxTransformIsIdentityInsideAndContinuousAtTheMargins() throws {
        let box = try BoxTransform(lower: [0], upper: [10])
        XCTAssertEqual(box.transform(5, coordinate: 0), 5)
        let al = box.marginLower[0]
        XCTAssertEqual(box.transform(al, coordinate: 0), al, accuracy: 1e-15)
        XCTAssertEqual(box.transform(-al, coordinate: 0), 0, accuracy: 1e-15)
        for x in stride(from: -50.0, through: 50, by: 0.37) {
            let y = box.transform(x, coordinate: 0)
            XCTAssertTrue(0 <= y && y <= 10)
        }
        for x in [0.01, 0.2, 3, 9.9, 10] {
            XCTAssertEqual(box.transform(box.inverse([x])[0], coordinate: 0), x, accuracy: 1e-12)
        }
    }

    /// Values printed by pycma 4.5.0's `BoxConstraintsLinQuadTransformation([[0, 10], [-1, 1],
    /// [None, 5], [2, None]])` for these inputs.
    func test_boxTransformMatchesPycma() throws {
        let box = try BoxTransform(lower: [0, -1, -.infinity, 2], upper: [10, 1, 5, .infinity])
        let table: [([Double], [Double])] = [
            ([-30.3, 0.02, 7, -4], [9.099999999999998, 0.02, 3.5, 7.800000000000001]),
            ([-0.3, -1.02, 4.99, 1.9], [0.2, -0.9954999999999999, 4.9324, 2.0]),
            ([10.4, 1.5, 5.5, 2.05], [9.995, 0.6, 4.9375, 2.05625]),
            ([13.7, 3.3, 100, 77], [7.300000000000001, -0.8999999999999995, -89.5, 77.0]),
            ([5, 0.97, -50, 2.2], [5.0, 0.968, -50.0, 2.2]),
        ]
        for (x, expected) in table {
            let y = box.transform(x)
            for i in 0..<4 { XCTAssertEqual(y[i], expected[i], accuracy: 1e-12, "x = \(x), coordinate \(i)") }
        }
    }

    func test_aConstantFunctionStopsAtOnceOnTolFun() throws {
        // As pycma: the f-range of the first generation and of the history is 0 < tolfun.
        let r = try CMAES.minimize({ _ in 1 }, x0: [0, 0, 0], sigma0: 1, stream: RandomStream(seed: 1, path: "flat"))
        XCTAssertEqual(r.stopReasons, [.tolfun])
        XCTAssertEqual(r.iterations, 1)
    }

    func test_aPlateauStopsOnTolFlatFitness() throws {
        // pycma's rule: the best f equals the f at rank ⌊0.75 λ⌋ for more than `tolFlatFitness`
        // (1) generations in a row; one worse point keeps the f-range (tolfun) large.
        var es = try CMAES(x0: [0, 0, 0, 0], sigma0: 1, stream: RandomStream(seed: 1, path: "plateau"))
        XCTAssertEqual(es.populationSize, 8)
        let plateau = [1.0, 1, 1, 1, 1, 1, 1, 2]
        _ = es.ask()
        es.tell(plateau)
        XCTAssertEqual(es.stopReasons, [])
        _ = es.ask()
        es.tell(plateau)
        XCTAssertEqual(es.stopReasons, [.tolflatfitness])
    }

    func test_expectedNormMatchesPycmasTable() {
        // pycma 4.5.0 cma/utilities/math.py, _chiN_dict.
        XCTAssertEqual(CMAES.expectedNormOfStandardNormal(1), 0.7978845608028655, accuracy: 1e-15)
        XCTAssertEqual(CMAES.expectedNormOfStandardNormal(10), 3.084327759799864, accuracy: 1e-14)
        XCTAssertEqual(CMAES.expectedNormOfStandardNormal(40), 6.2851542079433615, accuracy: 1e-13)
        XCTAssertEqual(CMAES.expectedNormOfStandardNormal(100), 9.97503163955105, accuracy: 1e-12)
        XCTAssertEqual(CMAES.expectedNormOfStandardNormal(1000), 31.614871896980080, accuracy: 1e-6)
    }

    func test_tolFunStopsAConvergedRun() throws {
        let r = try CMAES.minimize(Self.sphere, x0: [1, 1, 1, 1], sigma0: 1, stream: RandomStream(seed: 1, path: "tolfun"))
        XCTAssertTrue(r.stopReasons.contains(.tolfun) || r.stopReasons.contains(.tolfunhist), "\(r.stopReasons)")
        XCTAssertLessThan(r.bestFitness, 1e-11)
    }
}
