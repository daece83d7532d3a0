import UnderstudyDeterminism

/// An `MLP` trained by minibatch Adam on a `Loss`: the student of behavioural cloning and
/// DAgger, and (with `.binaryCrossEntropyWithLogits`) GAIL's discriminator.
///
/// Calling `fit` again (DAgger, on the aggregated data set) **warm-starts** by default: training
/// continues from the current parameters. The standardizers are refitted to the new data, and
/// the change is folded into the first and last layers so the network computes exactly the
/// same function as before the refit (up to rounding); only then does training continue. With
/// `warmStart = false`, every `fit` starts again from the parameters drawn at construction,
/// so each fit is "train from scratch" with the same initialisation. Adam's moments start
/// from zero in every `fit`.
public struct MLPLearner: Learner {
    /// How `fit` trains. Defaults suit the driving-loop student (small data, small network).
    public struct TrainingOptions: Sendable, Hashable {
        /// Passes over the data per `fit`.
        public var epochs: Int
        /// Samples per Adam step; the last batch of an epoch may be smaller.
        public var batchSize: Int
        public var learningRate: Double
        /// Decoupled weight decay (AdamW); 0 turns it off.
        public var weightDecay: Double
        /// Rescale inputs to zero mean, unit variance (fitted on each `fit`'s data).
        public var standardizeInputs: Bool
        /// Rescale regression targets likewise; only used with `.meanSquaredError`.
        public var standardizeTargets: Bool
        /// Continue from the current parameters on a second `fit` (see the type's comment).
        public var warmStart: Bool

        public init(epochs: Int = 100, batchSize: Int = 64, learningRate: Double = 1e-3, weightDecay: Double = 0,
                    standardizeInputs: Bool = true, standardizeTargets: Bool = true, warmStart: Bool = true) {
            self.epochs = epochs
            self.batchSize = batchSize
            self.learningRate = learningRate
            self.weightDecay = weightDecay
            self.standardizeInputs = standardizeInputs
            self.standardizeTargets = standardizeTargets
            self.warmStart = warmStart
        }

        /// Throws on the first option out of range.
        public func validate() throws {
            guard epochs >= 0 else { throw LearningError.invalidOption(name: "epochs", value: "\(epochs)", expected: "≥ 0") }
            guard batchSize >= 1 else { throw LearningError.invalidOption(name: "batchSize", value: "\(batchSize)", expected: "≥ 1") }
            _ = try Adam(parameterCount: 0, learningRate: learningRate, weightDecay: weightDecay)
        }
    }

    public private(set) var network: MLP
    public let loss: Loss
    public var options: TrainingOptions
    /// Applied to inputs before the network (identity until the first `fit`, or when off).
    public private(set) var inputStandardizer: Standardizer
    /// Undone on the network's outputs (identity unless targets are standardized).
    public private(set) var targetStandardizer: Standardizer
    /// The mean training loss of each epoch of the last `fit` (in standardized units),
    /// measured on the minibatches as they were trained.
    public private(set) var epochLosses: [Double] = []
    /// The parameters drawn at construction; the start of every fit when `warmStart` is off.
    public let initialParameters: [Double]
    private var hasBeenFitted = false

    /// A learner whose network has `layerWidths` (input … output), initialised from `stream`.
    public init(layerWidths: [Int], hiddenActivation: Activation = .tanh, loss: Loss = .meanSquaredError,
                options: TrainingOptions = TrainingOptions(), stream: inout RandomStream) throws {
        try options.validate()
        network = try MLP(layerWidths: layerWidths, hiddenActivation: hiddenActivation, stream: &stream)
        self.loss = loss
        self.options = options
        initialParameters = network.parameters
        inputStandardizer = Standardizer(identity: network.inputWidth)
        targetStandardizer = Standardizer(identity: network.outputWidth)
    }

    private var standardizesTargets: Bool { options.standardizeTargets && loss == .meanSquaredError }

    // MARK: - Learner

    /// Trains on the pairs for `options.epochs` epochs; each epoch visits the samples in a
    /// permutation drawn from `stream`. Precondition: non-empty, consistent widths.
    public mutating func fit(inputs: [[Double]], targets: [[Double]], stream: inout RandomStream) {
        precondition(!inputs.isEmpty && inputs.count == targets.count,
                     "fit needs as many targets as inputs, at least one (got \(inputs.count) and \(targets.count))")
        let targetWidth = targets[0].count
        precondition(loss.accepts(targetWidth: targetWidth, outputs: network.outputWidth),
                     "target width \(targetWidth) does not fit \(loss) with \(network.outputWidth) outputs")
        try! options.validate()
        let newInput = options.standardizeInputs ? try! Standardizer(fitting: inputs) : Standardizer(identity: network.inputWidth)
        let newTarget = standardizesTargets ? try! Standardizer(fitting: targets) : Standardizer(identity: network.outputWidth)
        if options.warmStart && hasBeenFitted {
            foldInputRescaling(from: inputStandardizer, to: newInput)
            foldOutputRescaling(from: targetStandardizer, to: newTarget)
        } else if hasBeenFitted {
            network.parameters = initialParameters
        }
        inputStandardizer = newInput
        targetStandardizer = newTarget
        hasBeenFitted = true

        var flatInputs: [Double] = []
        flatInputs.reserveCapacity(inputs.count * network.inputWidth)
        for x in inputs { flatInputs.append(contentsOf: inputStandardizer.transform(x)) }
        var flatTargets: [Double] = []
        flatTargets.reserveCapacity(targets.count * targetWidth)
        for t in targets {
            precondition(t.count == targetWidth, "every target must have \(targetWidth) entries")
            flatTargets.append(contentsOf: standardizesTargets ? targetStandardizer.transform(t) : t)
        }

        var adam = try! Adam(parameterCount: network.parameterCount, learningRate: options.learningRate,
                             weightDecay: options.weightDecay)
        var gradient = [Double](repeating: 0, count: network.parameterCount)
        var workspace = [Double](repeating: 0, count: network.workspaceCount)
        var parameters = network.parameters
        let n = inputs.count
        epochLosses = []
        for _ in 0..<options.epochs {
            let order = stream.permutation(n)
            var epochTotal = 0.0
            var start = 0
            while start < n {
                let end = min(start + options.batchSize, n)
                for i in 0..<gradient.count { gradient[i] = 0 }
                let batchLoss = network.accumulateLossAndGradient(
                    inputs: flatInputs, targets: flatTargets, targetWidth: targetWidth, indices: order[start..<end],
                    loss: loss, gradient: &gradient, workspace: &workspace)
                epochTotal += batchLoss * Double(end - start)
                adam.step(parameters: &parameters, gradient: gradient)
                network.parameters = parameters
                start = end
            }
            epochLosses.append(epochTotal / Double(n))
        }
    }

    /// The network's output for `input`, in target units (class scores for classification).
    public func predict(_ input: [Double]) -> [Double] {
        let output = network.forward(inputStandardizer.transform(input))
        return standardizesTargets ? targetStandardizer.inverseTransform(output) : output
    }

    // MARK: - Implementation details

    /// Rewrites the first layer so that inputs standardized by `new` give the same
    /// pre-activations as inputs standardized by `old` did: with r = σ_new/σ_old and
    /// d = (μ_new − μ_old)/σ_old, W′ = W·diag(r) and b′ = b + W·d.
    private mutating func foldInputRescaling(from old: Standardizer, to new: Standardizer) {
        var p = network.parameters
        let nIn = network.layerWidths[0], nOut = network.layerWidths[1]
        let w = network.layerOffsets[0], b = w + nIn * nOut
        for j in 0..<nOut {
            var shift = 0.0
            for k in 0..<nIn {
                shift += p[w + j * nIn + k] * ((new.mean[k] - old.mean[k]) / old.std[k])
                p[w + j * nIn + k] *= new.std[k] / old.std[k]
            }
            p[b + j] += shift
        }
        network.parameters = p
    }

    /// Rewrites the last layer so that outputs mapped back by `new` equal the old outputs
    /// mapped back by `old`: row j and bias j become (σ_old·row, σ_old·b + μ_old − μ_new)/σ_new.
    private mutating func foldOutputRescaling(from old: Standardizer, to new: Standardizer) {
        var p = network.parameters
        let last = network.layerCount - 1
        let nIn = network.layerWidths[last], nOut = network.layerWidths[last + 1]
        let w = network.layerOffsets[last], b = w + nIn * nOut
        for j in 0..<nOut {
            let scale = old.std[j] / new.std[j]
            for k in 0..<nIn { p[w + j * nIn + k] *= scale }
            p[b + j] = (old.std[j] * p[b + j] + (old.mean[j] - new.mean[j])) / new.std[j]
        }
        network.parameters = p
    }
}
