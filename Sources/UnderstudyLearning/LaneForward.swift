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
            if let lw = laneWeights {
                for j in 0..<nOut {
                    Self.laneRow(n, nIn, bias: lw + (biases + j) * n, row: lw + (weights + j * nIn) * n, aIn, aOut + j * n)
                }
            } else if let w = shared {
                var j = 0
                while j + 2 <= nOut {                                         // two units share each input load
                    let done = Self.sharedRowPair(n, nIn, bias: (w[biases + j], w[biases + j + 1]), row: w + weights + j * nIn,
                                                  aIn, aOut + j * n)
                    Self.sharedRow(n, nIn, from: done, bias: w[biases + j], row: w + weights + j * nIn, aIn, aOut + j * n)
                    Self.sharedRow(n, nIn, from: done, bias: w[biases + j + 1], row: w + weights + (j + 1) * nIn, aIn,
                                   aOut + (j + 1) * n)
                    j += 2
                }
                if j < nOut { Self.sharedRow(n, nIn, from: 0, bias: w[biases + j], row: w + weights + j * nIn, aIn, aOut + j * n) }
            }
            // The whole hidden layer at once: tanh's array form works in chunks of 64.
            if l + 1 < layerCount { hiddenActivation.apply(UnsafeMutableBufferPointer(start: aOut, count: nOut * n)) }
        }
        let nOut = outputWidth, last = a + unitOffsets[layerCount] * n
        for i in 0..<n { for j in 0..<nOut { y[i &* nOut &+ j] = last[j &* n &+ i] } }
    }
}

extension MLP {
    /// Two lanes of a lanes-contiguous buffer.
    typealias Pair = SIMD2<Double>

    @inline(__always)
    static func load(_ p: UnsafePointer<Double>) -> Pair { UnsafeRawPointer(p).loadUnaligned(as: Pair.self) }

    @inline(__always)
    static func store(_ v: Pair, _ p: UnsafeMutablePointer<Double>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Pair.self) }

    /// Units `j` and `j + 1` (rows `row` and `row + nIn`, biases `bias`, outputs `z` and
    /// `z + n`) over the lanes in whole blocks of eight, each lane's sums as `sharedRow`'s:
    /// eight independent sums, each input load used twice. Returns the lanes done.
    @inline(__always)
    static func sharedRowPair(_ n: Int, _ nIn: Int, bias: (Double, Double), row: UnsafePointer<Double>,
                              _ aIn: UnsafePointer<Double>, _ z: UnsafeMutablePointer<Double>) -> Int {
        let row1 = row + nIn, z1 = z + n
        var i = 0
        while i &+ 8 <= n {
            var c0 = Pair(repeating: bias.0), c1 = c0, c2 = c0, c3 = c0
            var d0 = Pair(repeating: bias.1), d1 = d0, d2 = d0, d3 = d0
            var x = aIn + i
            for k in 0..<nIn {
                let x0 = load(x), x1 = load(x + 2), x2 = load(x + 4), x3 = load(x + 6)
                let w = Pair(repeating: row[k]), v = Pair(repeating: row1[k])
                c0 = c0 + w * x0; c1 = c1 + w * x1; c2 = c2 + w * x2; c3 = c3 + w * x3
                d0 = d0 + v * x0; d1 = d1 + v * x1; d2 = d2 + v * x2; d3 = d3 + v * x3
                x += n
            }
            store(c0, z + i); store(c1, z + i + 2); store(c2, z + i + 4); store(c3, z + i + 6)
            store(d0, z1 + i); store(d1, z1 + i + 2); store(d2, z1 + i + 4); store(d3, z1 + i + 6)
            i &+= 8
        }
        return i
    }

    /// One unit over lanes `start..<n` with the same weights: lane `i` gets `bias`, then
    /// `+ row[k] · aIn[k·n + i]` for k in input order (separate multiply and add, as
    /// `forward(_:)`), written at `z[i]`.
    @inline(__always)
    static func sharedRow(_ n: Int, _ nIn: Int, from start: Int, bias: Double, row: UnsafePointer<Double>,
                          _ aIn: UnsafePointer<Double>, _ z: UnsafeMutablePointer<Double>) {
        var i = start
        while i &+ 8 <= n {
            var c0 = Pair(repeating: bias), c1 = c0, c2 = c0, c3 = c0
            var x = aIn + i
            for k in 0..<nIn {
                let w = Pair(repeating: row[k])
                c0 = c0 + w * load(x); c1 = c1 + w * load(x + 2); c2 = c2 + w * load(x + 4); c3 = c3 + w * load(x + 6)
                x += n
            }
            store(c0, z + i); store(c1, z + i + 2); store(c2, z + i + 4); store(c3, z + i + 6)
            i &+= 8
        }
        while i &+ 2 <= n {
            var c = Pair(repeating: bias)
            var x = aIn + i
            for k in 0..<nIn { c = c + Pair(repeating: row[k]) * load(x); x += n }
            store(c, z + i)
            i &+= 2
        }
        if i < n {
            var c = bias
            var x = aIn + i
            for k in 0..<nIn { c += row[k] * x.pointee; x += n }
            z[i] = c
        }
    }

    /// `sharedRow` with per-lane weights: lane `i` gets `bias[i]`, then `+ row[k·n + i] · aIn[k·n + i]`.
    @inline(__always)
    static func laneRow(_ n: Int, _ nIn: Int, bias: UnsafePointer<Double>, row: UnsafePointer<Double>,
                        _ aIn: UnsafePointer<Double>, _ z: UnsafeMutablePointer<Double>) {
        var i = 0
        while i &+ 8 <= n {
            var c0 = load(bias + i), c1 = load(bias + i + 2), c2 = load(bias + i + 4), c3 = load(bias + i + 6)
            var x = aIn + i, w = row + i
            for _ in 0..<nIn {
                c0 = c0 + load(w) * load(x); c1 = c1 + load(w + 2) * load(x + 2)
                c2 = c2 + load(w + 4) * load(x + 4); c3 = c3 + load(w + 6) * load(x + 6)
                x += n; w += n
            }
            store(c0, z + i); store(c1, z + i + 2); store(c2, z + i + 4); store(c3, z + i + 6)
            i &+= 8
        }
        while i &+ 2 <= n {
            var c = load(bias + i)
            var x = aIn + i, w = row + i
            for _ in 0..<nIn { c = c + load(w) * load(x); x += n; w += n }
            store(c, z + i)
            i &+= 2
        }
        if i < n {
            var c = bias[i]
            var x = aIn + i, w = row + i
            for _ in 0..<nIn { c += w.pointee * x.pointee; x += n; w += n }
            z[i] = c
        }
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
