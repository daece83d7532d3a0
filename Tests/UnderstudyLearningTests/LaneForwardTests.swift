import CUnderstudyMath
import UnderstudyDeterminism
import UnderstudyLearning
import XCTest

/// `MLP.forward(lanes:…)` gives every lane the bits of the one-input `forward(_:)`, with shared
/// or per-lane parameters, for shapes whose widths are and are not multiples of four (the
/// one-input kernel's row blocks) and lane counts through every block of the lanes kernel
/// (`lane_layer.c`: blocks of 16 lanes, two units at a time, vectors of four, single lanes).
final class LaneForwardTests: XCTestCase {
    static let shapes: [[Int]] = [[4, 16, 1], [4, 32, 32, 1], [3, 5, 2], [6, 7, 9, 3], [2, 1]]

    func randomInputs(_ count: Int, width: Int, _ stream: inout RandomStream) -> [Double] {
        (0..<(count * width)).map { _ in stream.uniform(-3, 3) }
    }

    func test_sharedParameters_matchOneInputForward() throws {
        var stream = RandomStream(seed: 3, path: "tests/lane-forward/shared")
        for widths in Self.shapes {
            for activation in Activation.allCases {
                let net = try MLP(layerWidths: widths, hiddenActivation: activation, stream: &stream)
                for lanes in [1, 3, 4, 16, 17, 20, 35, 39] {
                    let inputs = randomInputs(lanes, width: net.inputWidth, &stream)
                    var outputs = [Double](repeating: .nan, count: lanes * net.outputWidth)
                    var work = [Double](repeating: 0, count: net.laneWorkspaceCount(lanes: lanes))
                    inputs.withUnsafeBufferPointer { x in
                        outputs.withUnsafeMutableBufferPointer { y in
                            work.withUnsafeMutableBufferPointer { w in net.forward(lanes: lanes, inputs: x, into: y, workspace: w) }
                        }
                    }
                    for i in 0..<lanes {
                        let one = net.forward(Array(inputs[(i * net.inputWidth)..<((i + 1) * net.inputWidth)]))
                        XCTAssertEqual(Array(outputs[(i * net.outputWidth)..<((i + 1) * net.outputWidth)]).map(\.bitPattern),
                                       one.map(\.bitPattern), "\(widths) \(activation) lanes \(lanes) lane \(i)")
                    }
                }
            }
        }
    }

    func test_laneParameters_matchEachLanesOwnNetwork() throws {
        var stream = RandomStream(seed: 4, path: "tests/lane-forward/per-lane")
        for widths in Self.shapes {
            for lanes in [1, 4, 13, 16, 20, 35] {
                let nets = try (0..<lanes).map { _ in try MLP(layerWidths: widths, hiddenActivation: .tanh, stream: &stream) }
                let shape = nets[0]
                let parameters = LaneParameters(nets.map(\.parameters))
                let inputs = randomInputs(lanes, width: shape.inputWidth, &stream)
                var outputs = [Double](repeating: .nan, count: lanes * shape.outputWidth)
                var work = [Double](repeating: 0, count: shape.laneWorkspaceCount(lanes: lanes))
                inputs.withUnsafeBufferPointer { x in
                    outputs.withUnsafeMutableBufferPointer { y in
                        work.withUnsafeMutableBufferPointer { w in
                            shape.forward(lanes: lanes, parameters: parameters, inputs: x, into: y, workspace: w)
                        }
                    }
                }
                for i in 0..<lanes {
                    let one = nets[i].forward(Array(inputs[(i * shape.inputWidth)..<((i + 1) * shape.inputWidth)]))
                    XCTAssertEqual(Array(outputs[(i * shape.outputWidth)..<((i + 1) * shape.outputWidth)]).map(\.bitPattern),
                                   one.map(\.bitPattern), "\(widths) lanes \(lanes) lane \(i)")
                }
            }
        }
    }

    /// The layer kernel's builds agree bit for bit: the dispatched one (AVX2 here, where the CPU
    /// has it) and the portable SSE2 one, with shared and per-lane weights.
    func test_layerKernel_portableBuildMatchesDispatched() {
        var stream = RandomStream(seed: 5, path: "tests/lane-forward/builds")
        for (lanes, nIn, nOut) in [(1, 4, 32), (37, 4, 32), (37, 32, 32), (64, 32, 1), (21, 5, 3)] {
            let input = (0..<(lanes * nIn)).map { _ in stream.uniform(-3, 3) }
            let shared = (0..<(nIn * nOut + nOut)).map { _ in stream.uniform(-1, 1) }
            let own = (0..<((nIn * nOut + nOut) * lanes)).map { _ in stream.uniform(-1, 1) }
            var a = [Double](repeating: .nan, count: lanes * nOut), b = a, c = a, d = a
            us_lane_layer_shared(lanes, nIn, nOut, shared, Array(shared[(nIn * nOut)...]), input, &a)
            us_lane_layer_shared_portable(lanes, nIn, nOut, shared, Array(shared[(nIn * nOut)...]), input, &b)
            us_lane_layer_own(lanes, nIn, nOut, own, Array(own[(nIn * nOut * lanes)...]), input, &c)
            us_lane_layer_own_portable(lanes, nIn, nOut, own, Array(own[(nIn * nOut * lanes)...]), input, &d)
            XCTAssertEqual(a.map(\.bitPattern), b.map(\.bitPattern), "shared \(lanes) × \(nIn) → \(nOut)")
            XCTAssertEqual(c.map(\.bitPattern), d.map(\.bitPattern), "own \(lanes) × \(nIn) → \(nOut)")
        }
    }

    func test_laneParameters_interleaveByParameter() {
        let p = LaneParameters([[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(p.values, [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(p.lanes, 2)
        XCTAssertEqual(p.parameterCount, 3)
    }
}
