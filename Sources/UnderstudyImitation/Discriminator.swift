import UnderstudyDeterminism
import UnderstudyLearning

/// D_φ(s) = σ(f_φ(s)): an MLP giving a logit, trained by Adam on binary cross-entropy with
/// logits (numerically stable: softplus), expert inputs labelled 1 and student inputs 0.
public struct Discriminator: Sendable {
    /// f_φ: the MLP giving D's logit.
    public private(set) var network: MLP
    var adam: Adam
    /// Inputs per Adam step, half expert and half student.
    public var batchSize: Int
    /// One-sided label smoothing: expert targets are 1 − this.
    public var labelSmoothing: Double
    /// Standard deviation of the Gaussian "instance noise" added to every training input
    /// (Sønderby et al. 2016): D is smooth at this scale, so r(s) still ranks states that are
    /// near, but not on, the demonstrations.
    public var inputNoise: Double

    /// A freshly initialised discriminator (tanh hidden layers, one logit output).
    public init(inputWidth: Int, hidden: [Int], learningRate: Double, batchSize: Int = 64, labelSmoothing: Double = 0,
                inputNoise: Double = 0, stream: inout RandomStream) throws {
        network = try MLP(layerWidths: [inputWidth] + hidden + [1], hiddenActivation: .tanh, stream: &stream)
        adam = try Adam(parameterCount: network.parameterCount, learningRate: learningRate)
        self.batchSize = max(2, batchSize)
        self.labelSmoothing = labelSmoothing
        self.inputNoise = inputNoise
    }

    /// One Adam step on a balanced minibatch: batchSize/2 expert and as many student inputs,
    /// drawn with replacement from `stream`. With a non-empty `replay` and `replayFraction` > 0,
    /// each student input comes from `replay` (earlier students' states) with that probability
    /// instead of from `student`. Returns the minibatch's mean loss.
    @discardableResult
    public mutating func update(expert: [[Double]], student: [[Double]], replay: [[Double]] = [], replayFraction: Double = 0,
                                stream: inout RandomStream) -> Double {
        precondition(!expert.isEmpty && !student.isEmpty, "the discriminator needs expert and student inputs")
        let half = batchSize / 2
        let replaying = replayFraction > 0 && !replay.isEmpty
        var inputs: [[Double]] = [], targets: [[Double]] = []
        inputs.reserveCapacity(2 * half)
        targets.reserveCapacity(2 * half)
        for _ in 0..<half {
            inputs.append(expert[stream.nextInt(below: expert.count)]); targets.append([1 - labelSmoothing])
            if replaying && stream.nextUniform() < replayFraction {
                inputs.append(replay[stream.nextInt(below: replay.count)])
            } else {
                inputs.append(student[stream.nextInt(below: student.count)])
            }
            targets.append([0])
        }
        if inputNoise > 0 {
            for i in inputs.indices { for k in inputs[i].indices { inputs[i][k] += inputNoise * stream.nextNormal() } }
        }
        let (loss, gradient) = network.lossAndGradient(inputs: inputs, targets: targets, loss: .binaryCrossEntropyWithLogits)
        var p = network.parameters
        adam.step(parameters: &p, gradient: gradient)
        network.parameters = p
        return loss
    }

    /// f_φ(input), the logit of D.
    public func logit(_ input: [Double]) -> Double { network.forward(input)[0] }

    /// D(input) = σ(f_φ(input)), the probability that the input is the expert's.
    public func probability(_ input: [Double]) -> Double { PortableMath.sigmoid(logit(input)) }
}
