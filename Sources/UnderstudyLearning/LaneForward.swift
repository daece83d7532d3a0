/// Forward passes of one network shape over many lanes at once (a batch of inputs), laid out
/// lanes-contiguous inside (unit `j` of lane `i` at `j * lanes + i`) so the compiler
/// vectorises across lanes. Per lane, every output is the bias plus the products in input
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
                        workspace: workspace.baseAddress!, weight: { p, _ in w[p] }, laneWeights: nil)
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
                        workspace: workspace.baseAddress!, weight: { _, _ in 0 }, laneWeights: w.baseAddress!)
        }
    }

    private func checkLanes(_ lanes: Int, inputs: Int, outputs: Int, workspace: Int) {
        precondition(lanes >= 1 && inputs >= lanes * inputWidth && outputs >= lanes * outputWidth
                     && workspace >= laneWorkspaceCount(lanes: lanes),
                     "forward(lanes:) needs \(lanes) × \(inputWidth) inputs, \(lanes) × \(outputWidth) outputs, "
                     + "\(laneWorkspaceCount(lanes: lanes)) scratch")
    }

    /// The lanes kernel: with `laneWeights` (parameter `p` of lane `i` at `p * lanes + i`)
    /// every lane has its own weights, otherwise parameter `p` is `weight(p, ·)` for all.
    @inline(__always)
    private func laneForward(lanes n: Int, inputs x: UnsafePointer<Double>, outputs y: UnsafeMutablePointer<Double>,
                             workspace a: UnsafeMutablePointer<Double>, weight: (Int, Int) -> Double,
                             laneWeights: UnsafePointer<Double>?) {
        let nIn0 = inputWidth
        for i in 0..<n { for k in 0..<nIn0 { a[k * n + i] = x[i * nIn0 + k] } }
        for l in 0..<layerCount {
            let nIn = layerWidths[l], nOut = layerWidths[l + 1]
            let aIn = a + unitOffsets[l] * n, aOut = a + unitOffsets[l + 1] * n
            let weights = layerOffsets[l], biases = weights + nIn * nOut
            let isHidden = l + 1 < layerCount
            for j in 0..<nOut {
                let z = aOut + j * n
                // Four lanes at a time, the sum kept in registers across the inputs; each lane's
                // sum is still b, then + w·x in input order (separate multiply and add).
                var i = 0
                if let lw = laneWeights {
                    let b = lw + (biases + j) * n, row = lw + (weights + j * nIn) * n
                    while i + 4 <= n {
                        var acc = Self.load4(b + i)
                        for k in 0..<nIn { acc = acc + Self.load4(row + k * n + i) * Self.load4(aIn + k * n + i) }
                        Self.store4(acc, z + i)
                        i += 4
                    }
                    while i < n {
                        var acc = b[i]
                        for k in 0..<nIn { acc += row[k * n + i] * aIn[k * n + i] }
                        z[i] = acc
                        i += 1
                    }
                } else {
                    let b = weight(biases + j, 0), row = weights + j * nIn
                    while i + 4 <= n {
                        var acc = SIMD4<Double>(repeating: b)
                        for k in 0..<nIn { acc = acc + SIMD4(repeating: weight(row + k, 0)) * Self.load4(aIn + k * n + i) }
                        Self.store4(acc, z + i)
                        i += 4
                    }
                    while i < n {
                        var acc = b
                        for k in 0..<nIn { acc += weight(row + k, 0) * aIn[k * n + i] }
                        z[i] = acc
                        i += 1
                    }
                }
            }
            // The whole hidden layer at once: tanh's array form works in chunks of 64.
            if isHidden { hiddenActivation.apply(UnsafeMutableBufferPointer(start: aOut, count: nOut * n)) }
        }
        let nOut = outputWidth, last = a + unitOffsets[layerCount] * n
        for i in 0..<n { for j in 0..<nOut { y[i * nOut + j] = last[j * n + i] } }
    }
}

extension MLP {
    @inline(__always)
    fileprivate static func load4(_ p: UnsafePointer<Double>) -> SIMD4<Double> { SIMD4(p[0], p[1], p[2], p[3]) }

    @inline(__always)
    fileprivate static func store4(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
        p[0] = v[0]; p[1] = v[1]; p[2] = v[2]; p[3] = v[3]
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
