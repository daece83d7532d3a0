import UnderstudyDeterminism

/// A miscalibrated sensor on the expert's labels (the lecture's ŷ = y + ε, ε ~ N(0.01, 0.01)).
///
/// Box actions: each dimension i gets ε_i ~ N(bias[i], standardDeviation[i]) added, drawn from
/// the caller's stream in dimension order; the result is not clamped (the sensor can read
/// beyond the actuator's range; the environment clamps when the label is executed).
/// Discrete actions: with probability `flipProbability` the label is replaced by one of the
/// other n − 1 actions, chosen uniformly; one uniform is drawn per label, and a second draw
/// only when it flips.
public struct LabelNoise: Sendable, Hashable {
    /// Mean error added to each box-action component.
    public var bias: [Double]
    /// Standard deviation of the Gaussian error on each box-action component.
    public var standardDeviation: [Double]
    /// Probability that a discrete label is replaced by another action.
    public var flipProbability: Double

    /// Per-dimension bias and standard deviation (for box actions) and a flip probability
    /// (for discrete actions). A one-element `bias` or `standardDeviation` applies to every
    /// dimension.
    public init(bias: [Double] = [0], standardDeviation: [Double] = [0], flipProbability: Double = 0) {
        precondition(!bias.isEmpty && !standardDeviation.isEmpty, "label noise needs a bias and a standard deviation")
        precondition(standardDeviation.allSatisfy { $0 >= 0 }, "standard deviations must be ≥ 0")
        precondition(flipProbability >= 0 && flipProbability <= 1, "flipProbability must be in [0, 1]")
        self.bias = bias
        self.standardDeviation = standardDeviation
        self.flipProbability = flipProbability
    }

    /// The lecture's miscalibrated steering sensor: bias 0.01 rad, standard deviation 0.01 rad.
    public static let miscalibratedSteering = LabelNoise(bias: [0.01], standardDeviation: [0.01])
    /// No noise: labels pass through unchanged and no draws are taken.
    public static let none = LabelNoise()

    /// The label as the sensor records it.
    public func apply(to action: Action, using stream: inout RandomStream) -> Action {
        switch action {
        case .continuous(let v):
            if bias.allSatisfy({ $0 == 0 }) && standardDeviation.allSatisfy({ $0 == 0 }) { return action }
            var noisy = v
            for i in noisy.indices {
                let mean = bias.count == 1 ? bias[0] : bias[i]
                let sd = standardDeviation.count == 1 ? standardDeviation[0] : standardDeviation[i]
                noisy[i] += mean + sd * stream.nextNormal()
            }
            return .continuous(noisy)
        case .discrete:
            preconditionFailure("a discrete label needs the action count: use apply(to:actionCount:using:)")
        }
    }

    /// A discrete label as the sensor records it, among `actionCount` actions.
    public func apply(toDiscrete index: Int, actionCount: Int, using stream: inout RandomStream) -> Int {
        guard flipProbability > 0, actionCount > 1 else { return index }
        guard stream.nextUniform() < flipProbability else { return index }
        let other = stream.nextInt(below: actionCount - 1)
        return other >= index ? other + 1 : other
    }

    /// Either kind of label, given the space it lives in.
    public func apply(to action: Action, in space: ActionSpace, using stream: inout RandomStream) -> Action {
        switch (action, space) {
        case (.discrete(let i), .discrete(let n)): return .discrete(apply(toDiscrete: i, actionCount: n, using: &stream))
        default: return apply(to: action, using: &stream)
        }
    }
}

/// Gaussian noise on what the student observes: each component gets N(0, σ_i) added, drawn
/// in component order. A one-element `standardDeviation` applies to every component.
public struct ObservationNoise: Sendable, Hashable {
    /// σ_i per observation component (one element: the same for all).
    public var standardDeviation: [Double]

    /// Noise with these standard deviations.
    public init(standardDeviation: [Double]) {
        precondition(!standardDeviation.isEmpty && standardDeviation.allSatisfy { $0 >= 0 },
                     "observation noise needs standard deviations ≥ 0")
        self.standardDeviation = standardDeviation
    }

    /// No noise.
    public static let none = ObservationNoise(standardDeviation: [0])

    /// The observation as the student sees it; no draws are taken when every σ is 0.
    public func apply(to observation: [Double], using stream: inout RandomStream) -> [Double] {
        if standardDeviation.allSatisfy({ $0 == 0 }) { return observation }
        var noisy = observation
        for i in noisy.indices {
            let sd = standardDeviation.count == 1 ? standardDeviation[0] : standardDeviation[i]
            noisy[i] += sd * stream.nextNormal()
        }
        return noisy
    }
}
