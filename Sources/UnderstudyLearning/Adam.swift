/// The Adam optimiser (Kingma & Ba 2015, Algorithm 1) with bias correction and optional
/// decoupled weight decay (AdamW, Loshchilov & Hutter 2019): θ ← θ − lr·(m̂ / (√v̂ + ε) + λθ).
///
/// Defaults are the paper's and PyTorch's: lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-8. The bias
/// corrections use running products β^t, so no transcendental is needed.
public struct Adam: Sendable, Hashable {
    public var learningRate: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    /// Decoupled weight decay λ (0 = plain Adam), applied to every parameter.
    public var weightDecay: Double
    /// First and second moment estimates, one per parameter.
    public private(set) var firstMoment: [Double]
    public private(set) var secondMoment: [Double]
    /// Steps taken.
    public private(set) var stepCount = 0
    private var beta1Power = 1.0
    private var beta2Power = 1.0

    public init(parameterCount: Int, learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 0) throws {
        guard learningRate > 0, learningRate.isFinite else {
            throw LearningError.invalidOption(name: "learningRate", value: "\(learningRate)", expected: "a finite number > 0")
        }
        guard beta1 >= 0, beta1 < 1, beta2 >= 0, beta2 < 1 else {
            throw LearningError.invalidOption(name: "beta1/beta2", value: "\(beta1)/\(beta2)", expected: "each in [0, 1)")
        }
        guard epsilon > 0, weightDecay >= 0, weightDecay.isFinite else {
            throw LearningError.invalidOption(name: "epsilon/weightDecay", value: "\(epsilon)/\(weightDecay)",
                                              expected: "epsilon > 0 and weightDecay ≥ 0")
        }
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        firstMoment = [Double](repeating: 0, count: parameterCount)
        secondMoment = [Double](repeating: 0, count: parameterCount)
    }

    /// One update of `parameters` along `gradient` (both of the optimiser's parameter count).
    public mutating func step(parameters: inout [Double], gradient: [Double]) {
        precondition(parameters.count == firstMoment.count && gradient.count == firstMoment.count,
                     "Adam was made for \(firstMoment.count) parameters")
        stepCount += 1
        beta1Power *= beta1
        beta2Power *= beta2
        let c1 = 1 / (1 - beta1Power), c2 = 1 / (1 - beta2Power)
        let (b1, b2, lr, eps, wd) = (beta1, beta2, learningRate, epsilon, weightDecay)
        firstMoment.withUnsafeMutableBufferPointer { m in
            secondMoment.withUnsafeMutableBufferPointer { v in
                parameters.withUnsafeMutableBufferPointer { p in
                    gradient.withUnsafeBufferPointer { g in
                        for i in 0..<p.count {
                            m[i] = b1 * m[i] + (1 - b1) * g[i]
                            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                            let mHat = m[i] * c1, vHat = v[i] * c2
                            p[i] -= lr * (mHat / (vHat.squareRoot() + eps) + wd * p[i])
                        }
                    }
                }
            }
        }
    }
}
