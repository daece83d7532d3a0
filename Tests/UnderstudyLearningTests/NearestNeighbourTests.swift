import XCTest
import UnderstudyDeterminism
@testable import UnderstudyLearning

final class NearestNeighbourTests: XCTestCase {
    func test_hasExactlyZeroTrainingError() {
        var stream = RandomStream(seed: 1, path: "test/1nn")
        let xs = (0..<3000).map { _ in (0..<4).map { _ in stream.normal(mean: 0, standardDeviation: 10) } }
        let ys = xs.map { [$0[0] + 0.01 * stream.nextNormal()] }
        var policy = NearestNeighbourPolicy()
        policy.fit(inputs: xs, targets: ys, stream: &stream)
        XCTAssertEqual(meanSquaredError(of: policy, inputs: xs, targets: ys), 0)
        for i in 0..<xs.count { XCTAssertEqual(policy.nearestIndex(xs[i]), i) }
    }

    func test_tiesGoToTheLowestIndex() {
        var stream = RandomStream(seed: 1, path: "unused")
        var policy = NearestNeighbourPolicy(standardizeInputs: false)
        // Points 1 and 2 are both at distance 1 from the origin; 3 duplicates 0.
        policy.fit(inputs: [[5, 5], [1, 0], [0, 1], [5, 5]], targets: [[0], [1], [2], [3]], stream: &stream)
        XCTAssertEqual(policy.predict([0, 0]), [1])
        XCTAssertEqual(policy.predict([5, 5]), [0])
        XCTAssertEqual(policy.predict([0.5, 0.5]), [1])
    }

    func test_treeAgreesWithAScanIncludingTiesOnAGrid() {
        var stream = RandomStream(seed: 2, path: "test/1nn/grid")
        // Integer grid points with duplicates: many equal distances.
        let xs = (0..<2000).map { _ in (0..<3).map { _ in Double(stream.nextInt(below: 9)) } }
        let ys = (0..<2000).map { [Double($0)] }
        for standardize in [false, true] {
            var policy = NearestNeighbourPolicy(standardizeInputs: standardize)
            policy.fit(inputs: xs, targets: ys, stream: &stream)
            for _ in 0..<3000 {
                let q = (0..<3).map { _ in stream.nextUniform() < 0.5 ? Double(stream.nextInt(below: 11)) - 1 : stream.uniform(-1, 9) }
                XCTAssertEqual(policy.nearestIndex(q), policy.nearestIndexByScan(q), "query \(q)")
            }
        }
    }

    func test_treeAgreesWithAScanOnContinuousData() {
        var stream = RandomStream(seed: 3, path: "test/1nn/continuous")
        let xs = (0..<5000).map { _ in [stream.uniform(-10, 10), stream.uniform(-10, 10), stream.uniform(-1, 1), stream.uniform(-1, 1)] }
        var policy = NearestNeighbourPolicy()
        policy.fit(inputs: xs, targets: xs, stream: &stream)
        for _ in 0..<2000 {
            let q = [stream.uniform(-12, 12), stream.uniform(-12, 12), stream.uniform(-1, 1), stream.uniform(-1, 1)]
            XCTAssertEqual(policy.nearestIndex(q), policy.nearestIndexByScan(q))
        }
    }
}
