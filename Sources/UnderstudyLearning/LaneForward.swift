import CUnderstudyMath

/// Forward passes of one network shape over many lanes at once (a batch of inputs), laid out
/// lanes-contiguous inside (unit `j` of lane `i` at `j * lanes + i`) so the layers' C kernels
/// vectorise across lanes. Per lane, every output is the bias plus the products in input
/// order, then the activation — the operations of `forward(_:)`, so the same bits.
extension MLP {
    /// Doubles of scratch `forward(lanes:…)` needs for `lanes` lanes.
    public func laneWorkspaceCount(lanes: Int) -> Int { unitOffsets[unitOffsets.count - 1] * lanes }

    /// The outputs of `lanes` inputs under this network's own parameters. `inputs` holds
    /// `lanes × inputWidth` doubles lane-major (lane `i`'s input at `i * inputWidth`),
    /// `outputs` receives `lanes × outputWidth` the same way; each lane's output has the bits
    /// `forward(_:)` gives for its input.
    public func forward(lanes: Int, inputs: UnsafeBufferPointer<Double>, into outputs: UnsafeMutableBufferPointer<Double>,
                        workspace: UnsafeMutableBufferPointer<Double>) {
        checkLanes(lanes, inputs: inputs.count, outputs: outputs.count, workspace: workspace.count)
        parameters.withUnsafeBufferPointer { w in
            laneForward(lanes: lanes, inputs: inputs.baseAddress!, outputs: outputs.baseAddress!,
                        workspace: workspace.baseAddress!, shared: w.baseAddress!, laneWeights: nil)
        }
    }

    /// The outputs of `lanes` networks of this shape, lane `i` with its own parameters
    /// (`parameters`, interleaved by `LaneParameters`), each lane bit-identical to `forward(_:)`
    /// of an MLP holding that lane's parameters.
    public func forward(lanes: Int, parameters: LaneParameters, inputs: UnsafeBufferPointer<Double>,
                        into outputs: UnsafeMutableBufferPointer<Double>, workspace: UnsafeMutableBufferPointer<Double>) {
        checkLanes(lanes, inputs: inputs.count, outputs: outputs.count, workspace: workspace.count)
        precondition(parameters.lanes == lanes && parameters.parameterCount == parameterCount,
                     "lane parameters must hold \(lanes) lanes of \(parameterCount) parameters")
        parameters.values.withUnsafeBufferPointer { w in
            laneForward(lanes: lanes, inputs: inputs.baseAddress!, outputs: outputs.baseAddress!,
                        workspace: workspace.baseAddress!, shared: nil, laneWeights: w.baseAddress!)
        }
    }

    private func checkLanes(_ lanes: Int, inputs: Int, outputs: Int, workspace: Int) {
        precondition(lanes >= 1 && inputs >= lanes * inputWidth && outputs >= lanes * outputWidth
                     && workspace >= laneWorkspaceCount(lanes: lanes),
                     "forward(lanes:) needs \(lanes) × \(inputWidth) inputs, \(lanes) × \(outputWidth) outputs, "
                     + "\(laneWorkspaceCount(lanes: lanes)) scratch")
    }

    /// The lanes kernel: with `laneWeights` (parameter `p` of lane `i` at `p * lanes + i`)
    /// every lane has its own weights, otherwise parameter `p` is `shared[p]` for all.
    @inline(__always)
    private func laneForward(lanes n: Int, inputs x: UnsafePointer<Double>, outputs y: UnsafeMutablePointer<Double>,
                             workspace a: UnsafeMutablePointer<Double>, shared: UnsafePointer<Double>?,
                             laneWeights: UnsafePointer<Double>?) {
        let nIn0 = inputWidth
        for i in 0..<n { for k in 0..<nIn0 { a[k &* n &+ i] = x[i &* nIn0 &+ k] } }
        for l in 0..<layerCount {
            let nIn = layerWidths[l], nOut = layerWidths[l + 1]
            let aIn = UnsafePointer(a + unitOffsets[l] * n), aOut = a + unitOffsets[l + 1] * n
            let weights = layerOffsets[l], biases = weights + nIn * nOut
            // The layer in C (lane_layer.c: AVX2 where the CPU has it), in forward(_:)'s order.
            if let lw = laneWeights {
                us_lane_layer_own(n, nIn, nOut, lw + weights * n, lw + biases * n, aIn, aOut)
            } else if let w = shared {
                us_lane_layer_shared(n, nIn, nOut, w + weights, w + biases, aIn, aOut)
            }
            // The whole hidden layer at once: tanh's array form works in chunks of 64.
            if l + 1 < layerCount { hiddenActivation.apply(UnsafeMutableBufferPointer(start: aOut, count: nOut * n)) }
        }
        let nOut = outputWidth, last = a + unitOffsets[layerCount] * n
        for i in 0..<n { for j in 0..<nOut { y[i &* nOut &+ j] = last[j &* n &+ i] } }
    }
}

/// The parameters of several networks of one shape, interleaved for `MLP.forward(lanes:parameters:…)`:
/// parameter `p` of lane `i` at `p * lanes + i`, so the lanes' weights for one product lie
/// side by side. Made once per CMA-ES generation from the candidates.
public struct LaneParameters: Sendable {
    /// Number of lanes.
    public let lanes: Int
    /// Parameters per lane.
    public let parameterCount: Int
    /// The interleaved values.
    public private(set) var values: [Double]

    /// Interleaves `vectors`, one flat parameter vector per lane (all the same length).
    public init(_ vectors: [[Double]]) {
        precondition(!vectors.isEmpty, "lane parameters need at least one lane")
        let count = vectors[0].count
        precondition(vectors.allSatisfy { $0.count == count }, "every lane needs \(count) parameters")
        lanes = vectors.count
        parameterCount = count
        var values = [Double](repeating: 0, count: count * vectors.count)
        for (i, v) in vectors.enumerated() { for p in 0..<count { values[p * vectors.count + i] = v[p] } }
        self.values = values
    }
}
