import UnderstudyDeterminism

/// A multilayer perceptron: affine layers with `hiddenActivation` after every hidden layer
/// and a linear output, with hand-written backpropagation.
///
/// All parameters live in one flat vector so optimisers that know nothing of layers
/// (Adam, CMA-ES) can work on it. Layout, layer by layer from the input: the weight matrix
/// W (out × in, row-major: `W[j][k]` at `j * in + k`), then the bias vector b (out).
///
/// Arithmetic is deterministic: every sum runs in a fixed index order, and nothing depends on
/// the batch split or on the number of threads.
public struct MLP: Sendable, Hashable {
    /// Widths from input to output, e.g. `[4, 64, 64, 1]`.
    public let layerWidths: [Int]
    public let hiddenActivation: Activation
    /// The flat parameter vector (layout above). Setting it requires the same count.
    public var parameters: [Double] {
        didSet {
            precondition(parameters.count == oldValue.count,
                         "MLP parameters must have \(oldValue.count) entries, got \(parameters.count)")
        }
    }

    /// Offset of layer l's weights in `parameters`; its biases follow at `+ out * in`.
    @usableFromInline let layerOffsets: [Int]
    /// Offset of layer l's activations (layer 0 = the input) in a forward workspace.
    @usableFromInline let unitOffsets: [Int]
    @usableFromInline let maxWidth: Int

    public var parameterCount: Int { parameters.count }
    public var inputWidth: Int { layerWidths[0] }
    public var outputWidth: Int { layerWidths[layerWidths.count - 1] }
    /// Number of affine layers.
    public var layerCount: Int { layerWidths.count - 1 }

    /// The parameter count of a network with these widths.
    public static func parameterCount(layerWidths: [Int]) -> Int {
        var count = 0
        for l in 0..<max(0, layerWidths.count - 1) { count += layerWidths[l + 1] * (layerWidths[l] + 1) }
        return count
    }

    /// A network with the given parameters (flat layout above).
    public init(layerWidths: [Int], hiddenActivation: Activation, parameters: [Double]) throws {
        guard layerWidths.count >= 2, layerWidths.allSatisfy({ $0 >= 1 }) else {
            throw LearningError.invalidOption(name: "layerWidths", value: "\(layerWidths)",
                                              expected: "at least an input and an output width, each ≥ 1")
        }
        let count = MLP.parameterCount(layerWidths: layerWidths)
        guard parameters.count == count else {
            throw LearningError.invalidOption(name: "parameters", value: "count \(parameters.count)",
                                              expected: "\(count) for widths \(layerWidths)")
        }
        self.layerWidths = layerWidths
        self.hiddenActivation = hiddenActivation
        self.parameters = parameters
        var offsets: [Int] = [], units: [Int] = []
        var p = 0, u = 0
        for l in 0..<layerWidths.count {
            units.append(u)
            u += layerWidths[l]
            if l + 1 < layerWidths.count {
                offsets.append(p)
                p += layerWidths[l + 1] * (layerWidths[l] + 1)
            }
        }
        units.append(u)   // total units, the workspace's activation part
        layerOffsets = offsets
        unitOffsets = units
        maxWidth = layerWidths.max()!
    }

    /// A freshly initialised network: weights uniform in ±a drawn in parameter order from
    /// `stream`, biases zero. a = √(6 / fan_in) (He, for layers followed by relu) or
    /// √(6 / (fan_in + fan_out)) (Glorot, for layers followed by tanh and the linear output).
    public init(layerWidths: [Int], hiddenActivation: Activation, stream: inout RandomStream) throws {
        try self.init(layerWidths: layerWidths, hiddenActivation: hiddenActivation,
                      parameters: [Double](repeating: 0, count: MLP.parameterCount(layerWidths: layerWidths)))
        reinitialise(stream: &stream)
    }

    /// Redraws every parameter as `init(layerWidths:hiddenActivation:stream:)` does.
    public mutating func reinitialise(stream: inout RandomStream) {
        var p = parameters
        for l in 0..<layerCount {
            let fanIn = layerWidths[l], fanOut = layerWidths[l + 1]
            let isHidden = l + 1 < layerCount
            let a = isHidden && hiddenActivation == .relu
                ? (6 / Double(fanIn)).squareRoot()
                : (6 / Double(fanIn + fanOut)).squareRoot()
            let base = layerOffsets[l]
            for i in 0..<(fanIn * fanOut) { p[base + i] = stream.uniform(-a, a) }
            for i in 0..<fanOut { p[base + fanIn * fanOut + i] = 0 }
        }
        parameters = p
    }

    // MARK: - Public API

    /// The network's output for one input.
    public func forward(_ input: [Double]) -> [Double] {
        precondition(input.count == inputWidth, "MLP input must have \(inputWidth) entries, got \(input.count)")
        var output = [Double](repeating: 0, count: outputWidth)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: workspaceCount) { work in
            input.withUnsafeBufferPointer { x in
                parameters.withUnsafeBufferPointer { w in
                    let out = forward(x.baseAddress!, parameters: w.baseAddress!, workspace: work.baseAddress!)
                    for j in 0..<outputWidth { output[j] = out[j] }
                }
            }
        }
        return output
    }

    /// Doubles of scratch `forward(_:into:workspace:)` needs.
    public var forwardWorkspaceCount: Int { workspaceCount }

    /// The network's output for one input, written into `output`, with caller-owned scratch:
    /// no allocation, for the millions of small forwards of a policy search. The same
    /// arithmetic as `forward(_:)`, so the same bits.
    public func forward(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>,
                        workspace: UnsafeMutableBufferPointer<Double>) {
        precondition(input.count == inputWidth && output.count == outputWidth && workspace.count >= workspaceCount,
                     "forward(_:into:workspace:) needs \(inputWidth) inputs, \(outputWidth) outputs, \(workspaceCount) scratch")
        parameters.withUnsafeBufferPointer { w in
            let out = forward(input.baseAddress!, parameters: w.baseAddress!, workspace: workspace.baseAddress!)
            for j in 0..<outputWidth { output[j] = out[j] }
        }
    }

    /// The network's outputs for a batch of inputs, in order.
    public func forward(batch inputs: [[Double]]) -> [[Double]] {
        inputs.map { forward($0) }
    }

    /// The mean loss over the batch and its gradient with respect to `parameters`.
    public func lossAndGradient(inputs: [[Double]], targets: [[Double]], loss: Loss) -> (loss: Double, gradient: [Double]) {
        precondition(inputs.count == targets.count && !inputs.isEmpty, "need as many targets as inputs, at least one")
        let flatInputs = MLP.flatten(inputs, width: inputWidth, what: "input")
        let targetWidth = targets[0].count
        precondition(loss.accepts(targetWidth: targetWidth, outputs: outputWidth), "target width \(targetWidth) does not fit \(loss) with \(outputWidth) outputs")
        let flatTargets = MLP.flatten(targets, width: targetWidth, what: "target")
        var gradient = [Double](repeating: 0, count: parameterCount)
        var workspace = [Double](repeating: 0, count: workspaceCount)
        let value = accumulateLossAndGradient(inputs: flatInputs, targets: flatTargets, targetWidth: targetWidth,
                                              indices: Array(0..<inputs.count), loss: loss,
                                              gradient: &gradient, workspace: &workspace)
        return (value, gradient)
    }

    // MARK: - Implementation details

    /// Doubles of scratch a forward + backward pass needs: every layer's activations plus two
    /// delta vectors.
    @usableFromInline var workspaceCount: Int { unitOffsets[unitOffsets.count - 1] + 2 * maxWidth }

    static func flatten(_ rows: [[Double]], width: Int, what: String) -> [Double] {
        var flat: [Double] = []
        flat.reserveCapacity(rows.count * width)
        for row in rows {
            precondition(row.count == width, "every \(what) must have \(width) entries, got \(row.count)")
            flat.append(contentsOf: row)
        }
        return flat
    }

    /// Runs the forward pass, keeping every layer's activations in `workspace` (layer l at
    /// `unitOffsets[l]`); returns a pointer to the output activations inside it.
    @usableFromInline
    func forward(_ x: UnsafePointer<Double>, parameters w: UnsafePointer<Double>,
                 workspace a: UnsafeMutablePointer<Double>) -> UnsafeMutablePointer<Double> {
        for k in 0..<inputWidth { a[k] = x[k] }
        for l in 0..<layerCount {
            let nIn = layerWidths[l], nOut = layerWidths[l + 1]
            let aIn = a + unitOffsets[l], aOut = a + unitOffsets[l + 1]
            let W = w + layerOffsets[l], b = W + nIn * nOut
            let isHidden = l + 1 < layerCount
            // Four rows at a time: four independent sums, each still in index order, so the
            // result is bit-identical to one row at a time, only with more parallelism.
            var j = 0
            while j + 4 <= nOut {
                let r0 = W + j * nIn, r1 = r0 + nIn, r2 = r1 + nIn, r3 = r2 + nIn
                var z0 = b[j], z1 = b[j + 1], z2 = b[j + 2], z3 = b[j + 3]
                for k in 0..<nIn {
                    let x = aIn[k]
                    z0 += r0[k] * x
                    z1 += r1[k] * x
                    z2 += r2[k] * x
                    z3 += r3[k] * x
                }
                aOut[j] = z0
                aOut[j + 1] = z1
                aOut[j + 2] = z2
                aOut[j + 3] = z3
                j += 4
            }
            while j < nOut {
                let row = W + j * nIn
                var z = b[j]
                for k in 0..<nIn { z += row[k] * aIn[k] }
                aOut[j] = z
                j += 1
            }
            // φ over the whole layer: tanh through its array form (the scalar function's bits).
            if isHidden { hiddenActivation.apply(UnsafeMutableBufferPointer(start: aOut, count: nOut)) }
        }
        return a + unitOffsets[layerCount]
    }

    /// Backpropagates `outputGradient` (∂loss/∂output, overwritten) through the activations a
    /// forward pass left in `workspace`, adding ∂loss/∂parameters into `gradient`.
    @usableFromInline
    func backward(parameters w: UnsafePointer<Double>, workspace a: UnsafeMutablePointer<Double>,
                  outputGradient: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>,
                  gradient g: UnsafeMutablePointer<Double>) {
        var delta = outputGradient, previous = scratch
        var l = layerCount - 1
        while l >= 0 {
            let nIn = layerWidths[l], nOut = layerWidths[l + 1]
            let aIn = a + unitOffsets[l]
            let W = w + layerOffsets[l]
            let gW = g + layerOffsets[l], gb = gW + nIn * nOut
            for j in 0..<nOut {
                let d = delta[j]
                let gRow = gW + j * nIn
                for k in 0..<nIn { gRow[k] += d * aIn[k] }
                gb[j] += d
            }
            if l > 0 {
                for k in 0..<nIn { previous[k] = 0 }
                for j in 0..<nOut {
                    let d = delta[j]
                    let row = W + j * nIn
                    for k in 0..<nIn { previous[k] += row[k] * d }
                }
                for k in 0..<nIn { previous[k] *= hiddenActivation.derivative(activation: aIn[k]) }
                swap(&delta, &previous)
            }
            l -= 1
        }
    }

    /// Adds the gradient of the mean loss over the samples at `indices` (rows of the flat
    /// `inputs`/`targets`) into `gradient` and returns that mean loss. Samples are taken in
    /// the order of `indices`.
    @usableFromInline
    func accumulateLossAndGradient(inputs: [Double], targets: [Double], targetWidth: Int,
                                   indices: some Collection<Int>, loss: Loss,
                                   gradient: inout [Double], workspace: inout [Double]) -> Double {
        precondition(workspace.count >= workspaceCount && gradient.count == parameterCount)
        let scale = 1 / Double(indices.count)
        let units = unitOffsets[unitOffsets.count - 1]
        var total = 0.0
        inputs.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { t in
                parameters.withUnsafeBufferPointer { w in
                    gradient.withUnsafeMutableBufferPointer { g in
                        workspace.withUnsafeMutableBufferPointer { work in
                            let a = work.baseAddress!
                            let delta = a + units, scratch = delta + maxWidth
                            for i in indices {
                                let output = forward(x.baseAddress! + i * inputWidth, parameters: w.baseAddress!, workspace: a)
                                let value = loss.evaluate(
                                    output: UnsafeBufferPointer(start: output, count: outputWidth),
                                    target: UnsafeBufferPointer(rebasing: t[(i * targetWidth)..<((i + 1) * targetWidth)]),
                                    gradient: UnsafeMutableBufferPointer(start: delta, count: outputWidth))
                                total += value
                                for j in 0..<outputWidth { delta[j] *= scale }
                                backward(parameters: w.baseAddress!, workspace: a, outputGradient: delta,
                                         scratch: scratch, gradient: g.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
        return total * scale
    }
}
