import UnderstudyDeterminism
import UnderstudyEnvironments
import XCTest

final class NoiseTests: XCTestCase {
    func test_labelNoise_hasTheConfiguredMeanAndStandardDeviation() {
        let noise = LabelNoise.miscalibratedSteering
        var stream = RandomStream(seed: 5, path: "test/label-noise")
        let n = 100_000
        var sum = 0.0, sumSquares = 0.0
        for _ in 0..<n {
            guard case .continuous(let v) = noise.apply(to: .continuous([0.25]), using: &stream) else { return XCTFail() }
            let e = v[0] - 0.25
            sum += e
            sumSquares += e * e
        }
        let mean = sum / Double(n)
        let sd = (sumSquares / Double(n) - mean * mean).squareRoot()
        // Standard error of the mean: 0.01/√n ≈ 3e-5.
        XCTAssertEqual(mean, 0.01, accuracy: 1.5e-4)
        XCTAssertEqual(sd, 0.01, accuracy: 2e-4)
    }

    func test_labelNoise_isPerDimensionAndReproducible() {
        let noise = LabelNoise(bias: [1, -1], standardDeviation: [0, 0])
        var stream = RandomStream(seed: 5, path: "x")
        XCTAssertEqual(noise.apply(to: .continuous([0, 0]), using: &stream), .continuous([1, -1]))
        let random = LabelNoise(bias: [0], standardDeviation: [1])
        var a = RandomStream(seed: 5, path: "y"), b = RandomStream(seed: 5, path: "y")
        XCTAssertEqual(random.apply(to: .continuous([0, 0, 0]), using: &a), random.apply(to: .continuous([0, 0, 0]), using: &b))
        var untouched = RandomStream(seed: 5, path: "z")
        let before = untouched
        XCTAssertEqual(LabelNoise.none.apply(to: .continuous([3]), using: &untouched), .continuous([3]))
        XCTAssertEqual(untouched, before)
    }

    func test_discreteLabelNoise_flipsToAnotherActionWithTheGivenProbability() {
        let noise = LabelNoise(flipProbability: 0.3)
        var stream = RandomStream(seed: 7, path: "test/flip")
        let n = 60_000
        var counts = [0, 0, 0]
        for _ in 0..<n { counts[noise.apply(toDiscrete: 1, actionCount: 3, using: &stream)] += 1 }
        XCTAssertEqual(Double(counts[1]) / Double(n), 0.7, accuracy: 0.01)
        XCTAssertEqual(Double(counts[0]) / Double(n), 0.15, accuracy: 0.01)
        XCTAssertEqual(Double(counts[2]) / Double(n), 0.15, accuracy: 0.01)
        XCTAssertEqual(noise.apply(to: .discrete(0), in: .discrete(1), using: &stream), .discrete(0))
    }

    func test_observationNoise_hasZeroMeanAndTheGivenSpread() {
        let noise = ObservationNoise(standardDeviation: [0.1, 2])
        var stream = RandomStream(seed: 3, path: "test/obs-noise")
        let n = 50_000
        var sums = [0.0, 0.0], squares = [0.0, 0.0]
        for _ in 0..<n {
            let o = noise.apply(to: [1, -1], using: &stream)
            for i in 0..<2 {
                let e = o[i] - [1.0, -1.0][i]
                sums[i] += e
                squares[i] += e * e
            }
        }
        XCTAssertEqual(sums[0] / Double(n), 0, accuracy: 0.002)
        XCTAssertEqual(sums[1] / Double(n), 0, accuracy: 0.04)
        XCTAssertEqual((squares[0] / Double(n)).squareRoot(), 0.1, accuracy: 0.002)
        XCTAssertEqual((squares[1] / Double(n)).squareRoot(), 2, accuracy: 0.04)
    }
}
