import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyImitation
import UnderstudyLearning

/// An experiment as its spec file describes it (docs/ARCHITECTURE.md, "Specs"; every key is
/// documented in seeds/README.md). Values here are already validated.
public struct ExperimentSpec: Sendable, Hashable {
    /// Report folder name: [a-z0-9-]+.
    public var name: String
    public var title: String
    /// Master seed: the key of every stream.
    public var seed: UInt64
    /// Repetitions, seed indices 0..<seeds.
    public var seeds: Int
    public var environment: EnvironmentSpec
    public var demonstrations: DemonstrationSpec
    /// The sensor through which expert labels are recorded.
    public var labels: LabelNoiseSpec
    /// The student model every method uses unless it names its own.
    public var policy: PolicySpec
    public var evaluation: EvaluationSpec
    public var methods: [MethodSpec]
    /// Changed cars every final student is also evaluated in, and the frozen-reward
    /// re-optimisation (`[[transfer]]`, `[reoptimise]`; TransferSpec.swift).
    public var transfer = TransferSpec()
}

public struct EnvironmentSpec: Sendable, Hashable {
    public var id: String
    /// Driving-loop geometry and dynamics (ignored by classic control).
    public var drivingLoop: DrivingLoopConfig
    /// Driving loop: evaluation horizon in laps (nil: the environment's default, 2 laps).
    public var laps: Double?
    /// Standard deviation of Gaussian noise on what the student observes (0: none).
    public var observationNoise: Double = 0
    /// Gridworld layout, reward weights, slip, horizon and discount (ignored elsewhere).
    public var gridworld = GridworldConfig()

    /// A fresh environment of this spec.
    public func make() throws -> any Environment {
        try EnvironmentRegistry.make(id: id, drivingLoop: drivingLoop, gridworld: gridworld)
    }
}

public struct DemonstrationSpec: Sendable, Hashable {
    /// Expert episodes recorded before the first fit (iteration 0 of every method).
    public var episodes: Int = 1
    /// Step cap per demonstration episode; for the driving loop `laps` is usually clearer.
    public var steps: Int?
    /// Driving loop only: demonstration length in laps (e.g. 1, or 0.5 for part of a lap).
    public var laps: Double?
    public init() {}
}

/// ε ~ N(bias, spread²) per action dimension added to every recorded continuous label;
/// for discrete actions a recorded label is replaced by a uniformly drawn other action with
/// probability `flip`.
public struct LabelNoiseSpec: Sendable, Hashable {
    public var bias: [Double] = []
    public var spread: [Double] = []
    public var flip: Double = 0
    public init() {}
}

public struct PolicySpec: Sendable, Hashable {
    public enum Model: String, Sendable, Hashable, CaseIterable {
        case nearestNeighbour = "nearest-neighbour"
        case mlp
    }
    public var model: Model = .nearestNeighbour
    public var hidden: [Int] = [64, 64]
    public var activation: Activation = .tanh
    public var epochs: Int = 50
    public var batchSize: Int = 64
    public var learningRate: Double = 1e-3
    /// Standardize inputs (both models) and regression targets (MLP) with statistics of the data.
    public var standardize: Bool = true
    public init() {}
}

public struct EvaluationSpec: Sendable, Hashable {
    /// Episodes the final (and every intermediate) student is scored on.
    public var episodes: Int = 1
    public init() {}
}

/// One method of a spec: its name, its algorithm and that algorithm's settings, parsed
/// straight from its `[[method]]` table (keys in seeds/README.md).
public struct MethodSpec: Sendable, Hashable {
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        case bc, dagger, gail, rl
        case maxentIRL = "maxent-irl", tabularBC = "tabular-bc"
    }

    /// What each algorithm is configured by: BC and DAgger by the supervised loop's settings
    /// and a student model; GAIL by its own settings (its student is always an MLP searched
    /// by CMA-ES).
    public enum Settings: Sendable, Hashable {
        case supervised(SupervisedSettings, student: PolicySpec)
        case gail(GAILSettings)
        /// RL alone: GAIL's student and search on the environment's own reward.
        case rl(RLSettings)
        /// Maximum-entropy IRL on a gridworld.
        case maxEntIRL(MaxEntSettings)
        /// Tabular behavioural cloning on a gridworld (one fit to the demonstrations).
        case tabularBC
    }

    public var name: String
    public var algorithm: Algorithm
    public var settings: Settings

    /// Rounds of the loop. BC: each round records `episodes_per_iteration` more expert
    /// episodes (so curves show BC against expert labels); DAgger: student rollouts
    /// relabelled; GAIL: a discriminator update and CMA-ES generations.
    public var iterations: Int {
        switch settings {
        case .supervised(let s, _): return s.iterations
        case .gail(let g): return g.iterations
        case .rl(let r): return r.iterations
        case .maxEntIRL(let m): return m.iterations
        case .tabularBC: return 1
        }
    }
}
