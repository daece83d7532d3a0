import XCTest
import UnderstudyDeterminism
@testable import UnderstudyLearning

final class MLPTests: XCTestCase {
    /// Central finite differences of the batch loss, one parameter at a time.
    private func numericalGradient(_ net: MLP, _ inputs: [[Double]], _ targets: [[Double]], _ loss: Loss, h: Double = 1e-6) -> [Double] {
        var probe = net
        var g = [Double](repeating: 0, count: net.parameterCount)
        for i in 0..<net.parameterCount {
            var p = net.parameters
            p[i] = net.parameters[i] + h
            probe.parameters = p
            let up = probe.lossAndGradient(inputs: inputs, targets: targets, loss: loss).loss
            p[i] = net.parameters[i] - h
            probe.parameters = p
            let down = probe.lossAndGradient(inputs: inputs, targets: targets, loss: loss).loss
            g[i] = (up - down) / (2 * h)
        }
        return g
    }

    private func randomRows(_ n: Int, _ width: Int, _ stream: inout RandomStream) -> [[Double]] {
        (0..<n).map { _ in (0..<width).map { _ in stream.uniform(-1.5, 1.5) } }
    }

    func test_gradientMatchesFiniteDifferences_forEveryLossAndActivation() throws {
        for activation in Activation.allCases {
            for loss in Loss.allCases {
                var targetStreams = RandomStream(seed: 7, path: "test/targets/\(loss)")
                let outputs = 3
                var targetSets: [(String, [[Double]])] = []
                switch loss {
                case .meanSquaredError:
                    targetSets.append(("real", randomRows(5, outputs, &targetStreams)))
                case .binaryCrossEntropyWithLogits:
                    targetSets.append(("soft", (0..<5).map { _ in (0..<outputs).map { _ in targetStreams.nextUniform() } }))
                case .softmaxCrossEntropy:
                    let classes = (0..<5).map { _ in targetStreams.nextInt(below: outputs) }
                    targetSets.append(("one-hot", classes.map { c in (0..<outputs).map { $0 == c ? 1.0 : 0.0 } }))
                    targetSets.append(("index", classes.map { [Double($0)] }))
                }
                for (kind, targets) in targetSets {
                    var stream = RandomStream(seed: 7, path: "test/gradient/\(activation)")
                    let net = try MLP(layerWidths: [3, 6, 5, outputs], hiddenActivation: activation, stream: &stream)
                    let inputs = randomRows(5, 3, &stream)
                    let analytic = net.lossAndGradient(inputs: inputs, targets: targets, loss: loss).gradient
                    let numeric = numericalGradient(net, inputs, targets, loss)
                    for i in 0..<analytic.count {
                        XCTAssertEqual(analytic[i], numeric[i], accuracy: 1e-7 * max(1, abs(numeric[i])),
                                       "\(activation) \(loss) \(kind): parameter \(i)")
                    }
                }
            }
        }
    }

    func test_binaryCrossEntropyWithLogits_isStableForHugeLogits() {
        let loss = Loss.binaryCrossEntropyWithLogits
        XCTAssertEqual(loss.value(output: [800], target: [0]), 800, accuracy: 1e-12)
        XCTAssertEqual(loss.value(output: [-800], target: [1]), 800, accuracy: 1e-12)
        XCTAssertEqual(loss.value(output: [800], target: [1]), 0, accuracy: 1e-300)
        let g = loss.valueAndGradient(output: [-800], target: [1]).gradient
        XCTAssertEqual(g[0], -1)
    }

    func test_softmaxCrossEntropy_isStableForHugeLogits() {
        let v = Loss.softmaxCrossEntropy.value(output: [1000, 0, -1000], target: [0, 1, 0])
        XCTAssertEqual(v, 1000, accuracy: 1e-9)
    }

    func test_initialisationIsDeterministicAndWithinGlorotBounds() throws {
        var a = RandomStream(seed: 3, path: "init")
        var b = RandomStream(seed: 3, path: "init")
        let n1 = try MLP(layerWidths: [4, 64, 1], hiddenActivation: .tanh, stream: &a)
        let n2 = try MLP(layerWidths: [4, 64, 1], hiddenActivation: .tanh, stream: &b)
        XCTAssertEqual(n1.parameters, n2.parameters)
        XCTAssertEqual(n1.parameterCount, 4 * 64 + 64 + 64 + 1)
        let bound = (6.0 / 68).squareRoot()
        XCTAssertTrue(n1.parameters[0..<256].allSatisfy { abs($0) <= bound })
        XCTAssertTrue(n1.parameters[256..<320].allSatisfy { $0 == 0 })
        XCTAssertGreaterThan(n1.parameters[0..<256].map(abs).max()!, 0.8 * bound)
    }

    func test_badWidthsAndParameterCountsThrow() {
        XCTAssertThrowsError(try MLP(layerWidths: [4], hiddenActivation: .tanh, parameters: []))
        XCTAssertThrowsError(try MLP(layerWidths: [4, 0, 1], hiddenActivation: .tanh, parameters: []))
        XCTAssertThrowsError(try MLP(layerWidths: [2, 1], hiddenActivation: .relu, parameters: [1, 2])) { error in
            XCTAssertEqual("\(error)", "invalid parameters count 2 (expected 3 for widths [2, 1])")
        }
    }

    func test_forwardMatchesHandComputation() throws {
        // 2 → 2 (relu) → 1: W1 = [[1, -1], [0.5, 2]], b1 = [0, -1], W2 = [[3, -2]], b2 = [0.25].
        let net = try MLP(layerWidths: [2, 2, 1], hiddenActivation: .relu, parameters: [1, -1, 0.5, 2, 0, -1, 3, -2, 0.25])
        // x = (2, 1): z1 = (1, 2), h = (1, 2) → 3 − 4 + 0.25.
        XCTAssertEqual(net.forward([2, 1]), [-0.75])
        // x = (−1, 0): z1 = (−1, −1.5) → h = 0 → 0.25.
        XCTAssertEqual(net.forward(batch: [[2, 1], [-1, 0]]), [[-0.75], [0.25]])
    }

    func test_adamMinimisesAQuadratic() throws {
        let centre = [1.0, -2.0, 0.5, 3.0]
        let curvature = [1.0, 10.0, 0.1, 100.0]
        var theta = [Double](repeating: 0, count: 4)
        var adam = try Adam(parameterCount: 4, learningRate: 0.05)
        // Bias correction makes the first step lr·sign(g) in every coordinate.
        let g0 = (0..<4).map { 2 * curvature[$0] * (theta[$0] - centre[$0]) }
        adam.step(parameters: &theta, gradient: g0)
        for i in 0..<4 { XCTAssertEqual(abs(theta[i]), 0.05, accuracy: 1e-8) }
        for _ in 0..<3000 {
            let g = (0..<4).map { 2 * curvature[$0] * (theta[$0] - centre[$0]) }
            adam.step(parameters: &theta, gradient: g)
        }
        for i in 0..<4 { XCTAssertEqual(theta[i], centre[i], accuracy: 1e-3) }
        XCTAssertThrowsError(try Adam(parameterCount: 1, learningRate: 0))
    }

    func test_standardizerGivesZeroMeanUnitStdAndFloorsConstants() throws {
        let data: [[Double]] = [[1, 5], [3, 5], [5, 5], [7, 5]]
        let s = try Standardizer(fitting: data)
        XCTAssertEqual(s.mean, [4, 5])
        XCTAssertEqual(s.std[0], 5.0.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(s.std[1], 1e-8)
        let z = data.map(s.transform)
        XCTAssertEqual(z.map { $0[0] }.reduce(0, +), 0, accuracy: 1e-12)
        XCTAssertEqual(z.map { $0[0] * $0[0] }.reduce(0, +) / 4, 1, accuracy: 1e-12)
        XCTAssertEqual(z[2][1], 0)
        XCTAssertEqual(s.inverseTransform(z[3])[0], 7, accuracy: 1e-12)
        XCTAssertThrowsError(try Standardizer(fitting: []))
    }

    func test_MLPLearnerFitsSineOnMinusPiToPi() throws {
        var stream = RandomStream(seed: 11, path: "test/sine")
        let xs = (0..<128).map { i in [-Double.pi + 2 * Double.pi * Double(i) / 127] }
        let ys = xs.map { [PortableMath.sin($0[0])] }
        var learner = try MLPLearner(layerWidths: [1, 32, 1], hiddenActivation: .tanh,
                                     options: .init(epochs: 600, batchSize: 16, learningRate: 1e-2), stream: &stream)
        let before = meanSquaredError(of: learner, inputs: xs, targets: ys)
        learner.fit(inputs: xs, targets: ys, stream: &stream)
        let after = meanSquaredError(of: learner, inputs: xs, targets: ys)
        XCTAssertGreaterThan(before, 0.1)
        XCTAssertLessThan(after, 1e-3)
        XCTAssertEqual(learner.epochLosses.count, 600)
        XCTAssertLessThan(learner.epochLosses.last!, learner.epochLosses.first!)
    }

    func test_MLPLearnerTrainingIsReproducible() throws {
        func train() throws -> [Double] {
            var stream = RandomStream(seed: 5, path: "test/repro")
            let xs = (0..<50).map { _ in [stream.uniform(-2, 2), stream.uniform(-2, 2)] }
            let ys = xs.map { [$0[0] * $0[1], $0[0] - $0[1]] }
            var learner = try MLPLearner(layerWidths: [2, 8, 2], hiddenActivation: .relu,
                                         options: .init(epochs: 5, batchSize: 7), stream: &stream)
            learner.fit(inputs: xs, targets: ys, stream: &stream)
            return learner.network.parameters
        }
        XCTAssertEqual(try train(), try train())
    }

    func test_warmStartKeepsThePredictionsAcrossARefitOfTheStandardizers() throws {
        var stream = RandomStream(seed: 9, path: "test/warm")
        let xs = (0..<40).map { _ in [stream.uniform(-1, 1), stream.uniform(0, 10)] }
        let ys = xs.map { [3 * $0[0] + $0[1], -$0[1]] }
        var learner = try MLPLearner(layerWidths: [2, 8, 8, 2], options: .init(epochs: 20, batchSize: 8), stream: &stream)
        learner.fit(inputs: xs, targets: ys, stream: &stream)
        let probes = (0..<10).map { _ in [stream.uniform(-1, 1), stream.uniform(0, 10)] }
        let before = probes.map(learner.predict)
        // An aggregated data set with other statistics, no training: only the fold happens.
        let moreXs = xs + (0..<40).map { _ in [stream.uniform(2, 5), stream.uniform(-20, 0)] }
        let moreYs = moreXs.map { [10 * $0[0], $0[1] * $0[1]] }
        learner.options.epochs = 0
        learner.fit(inputs: moreXs, targets: moreYs, stream: &stream)
        XCTAssertNotEqual(learner.inputStandardizer.mean[0], 0)
        for (a, b) in zip(before, probes.map(learner.predict)) {
            for j in 0..<2 { XCTAssertEqual(a[j], b[j], accuracy: 1e-9 * max(1, abs(a[j]))) }
        }
        // Without warm start, a fit restarts from the parameters drawn at construction.
        learner.options.warmStart = false
        learner.fit(inputs: moreXs, targets: moreYs, stream: &stream)
        XCTAssertEqual(learner.network.parameters, learner.initialParameters)
    }

    func test_MLPLearnerClassifiesSeparableDataWithZeroError() throws {
        var stream = RandomStream(seed: 13, path: "test/classify")
        let xs = (0..<90).map { i in [Double(i % 3) * 3 + stream.uniform(-1, 1), stream.uniform(-1, 1)] }
        let oneHot = (0..<90).map { i in (0..<3).map { $0 == i % 3 ? 1.0 : 0.0 } }
        var learner = try MLPLearner(layerWidths: [2, 16, 3], loss: .softmaxCrossEntropy,
                                     options: .init(epochs: 200, batchSize: 16, learningRate: 1e-2), stream: &stream)
        XCTAssertGreaterThan(classificationErrorRate(of: learner, inputs: xs, targets: oneHot), 0)
        learner.fit(inputs: xs, targets: oneHot, stream: &stream)
        XCTAssertEqual(classificationErrorRate(of: learner, inputs: xs, targets: oneHot), 0)
        let indices = (0..<90).map { [Double($0 % 3)] }
        XCTAssertEqual(classificationErrorRate(of: learner, inputs: xs, targets: indices), 0)
    }

    func test_badTrainingOptionsThrow() {
        var stream = RandomStream(seed: 1, path: "x")
        XCTAssertThrowsError(try MLPLearner(layerWidths: [1, 1], options: .init(batchSize: 0), stream: &stream)) { error in
            XCTAssertEqual("\(error)", "invalid batchSize 0 (expected ≥ 1)")
        }
        XCTAssertThrowsError(try MLPLearner(layerWidths: [1, 1], options: .init(learningRate: -1), stream: &stream))
        XCTAssertThrowsError(try MLPLearner(layerWidths: [1, 1], options: .init(epochs: -1), stream: &stream))
    }
}
