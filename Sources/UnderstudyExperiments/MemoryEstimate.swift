import UnderstudyEnvironments
import UnderstudyImitation
import UnderstudyTOML

/// What one work unit holds in memory at its peak, estimated from the spec alone before any
/// work starts — the one place this estimate lives (`ResourceLimits.memoryPerUnit` bounds it).
///
/// A few keys multiply into gigabytes that the step and training estimates do not see: a
/// policy search's CMA-ES keeps a full covariance matrix over every policy parameter (so
/// `policy_hidden = [4096]` on CartPole asks for 20 GB; with `init = "bc"` the searched network
/// is `[policy]`'s, so `policy.hidden` drives it), a discriminator minibatch of a million rows keeps
/// the activations of every layer, aggregated DAgger data grows with every iteration. Each
/// part is counted in bytes, as the code stores it:
///
/// - a row of `w` numbers is a Swift array of `Double`s: 32 bytes of header and `8 w` of data;
/// - **demonstrations**: per step the state, observation and action rows and the reward and
///   termination (`demonstrations.episodes` × steps per episode);
/// - **dataset** (BC, DAgger; RL's and GAIL's `init = "bc"`): per sample an input and a target
///   row, plus the collected episodes' state and observation rows (all iterations' when
///   `aggregate`);
/// - **network**: weights, gradient and Adam's two moments (4 × 8 bytes per parameter), and
///   for a minibatch of `b` rows the pre-activations, activations and deltas of every layer
///   (3 × 8 b × Σ widths);
/// - **search** (GAIL, RL): CMA-ES's covariance, eigenvectors and the eigensolver's copy
///   (3 × 8 n² for n policy parameters) and the population's samples (2 × 8 λ n);
/// - **discriminator data** (GAIL): the demonstrated inputs and the student's (the whole last
///   generation's rollouts with `negatives = "population"`).
///
/// The estimate leaves out what does not grow with the spec (the code, a unit's result, a few
/// megabytes of bookkeeping), so it is a lower bound; measured, `policy_hidden = [512]` on
/// CartPole is estimated at 309 MB and peaked at 327 MB resident. It only has to tell a
/// laptop from a cluster node. Units run `--jobs` at a time, so
/// a run needs about `jobs` times the largest unit.
public struct MemoryEstimate: Sendable, Hashable {
    /// One part: its bytes, what it is, and the spec key (a path as errors print it, e.g.
    /// `method[0].rl.policy_hidden`) that drives it.
    public struct Part: Sendable, Hashable {
        public var bytes: Double
        public var what: String
        public var key: String
    }

    public var parts: [Part]

    /// All parts together.
    public var bytes: Double { parts.reduce(0) { $0 + $1.bytes } }

    /// The largest part: what a message about too much memory names.
    public var largest: Part? { parts.max { $0.bytes < $1.bytes } }

    /// Bytes of a row of `width` numbers (a `[Double]`).
    static func row(_ width: Int) -> Double { 32 + 8 * Double(width) }

    /// Bytes of an MLP from `inputs` through `hidden` to `outputs` being trained with Adam on
    /// minibatches of `batch` rows.
    static func network(_ inputs: Int, _ hidden: [Int], _ outputs: Int, batch: Double) -> Double {
        let parameters = ExperimentSpec.parameters(inputs, hidden, outputs)
        let widths = Double(inputs + outputs + hidden.reduce(0, +))
        return 4 * 8 * parameters + 3 * 8 * batch * widths
    }

    /// Bytes of a CMA-ES over `n` parameters with `population` samples per generation.
    static func search(parameters n: Double, population: Int) -> Double {
        3 * 8 * n * n + 2 * 8 * Double(population) * n
    }
}

extension ExperimentSpec {
    /// The estimated peak memory of one work unit of `method` (the i-th `[[method]]`, for the
    /// keys its parts name); see `MemoryEstimate` for what is counted.
    public func estimatedMemory(of method: MethodSpec, index i: Int) -> MemoryEstimate {
        guard let env = try? environment.make() else {
            return MemoryEstimate(parts: [])
        }
        let s = env.stateNames.count, o = env.observationSize, a = env.actionSpace.outputSize
        let horizon = episodeSteps, collection = collectionSteps(horizon)
        let demoSteps = Double(demonstrations.episodes) * collection
        let stepBytes = MemoryEstimate.row(s) + MemoryEstimate.row(o) + MemoryEstimate.row(a) + 9
        var parts = [MemoryEstimate.Part(bytes: demoSteps * stepBytes, what: "the demonstrations", key: "demonstrations.episodes")]
        let sample = MemoryEstimate.row(o) + MemoryEstimate.row(a)
        let path = "method[\(i)]"
        switch method.settings {
        case .supervised(let settings, let student):
            let episodes = Double(settings.aggregate ? settings.iterations * settings.episodesPerIteration : settings.episodesPerIteration)
            let collected = episodes * collection
            parts.append(.init(bytes: collected * (sample + MemoryEstimate.row(s) + MemoryEstimate.row(o)),
                               what: "the collected episodes and their labels", key: "\(path).episodes_per_iteration"))
            parts.append(.init(bytes: demoSteps * sample, what: "the training set of the demonstrations", key: "demonstrations.episodes"))
            if student.model == .mlp {
                let batch = min(Double(student.batchSize), demoSteps + collected)
                parts.append(.init(bytes: MemoryEstimate.network(o, student.hidden, a, batch: batch),
                                   what: "the student network", key: "\(path).policy.hidden"))
            }
        case .gail(let g):
            let input = g.discriminatorInput.width(observations: o, actions: a)
            let negatives = (g.negatives == .population ? Double(g.search.population) : 1) * Double(g.search.rolloutsPerCandidate) * horizon
            parts.append(.init(bytes: (demoSteps + negatives) * MemoryEstimate.row(input),
                               what: "the discriminator's expert and student inputs", key: "\(path).gail.negatives"))
            if g.replayFraction > 0 {
                parts.append(.init(bytes: Double(g.iterations) * Double(g.replayPerRound) * MemoryEstimate.row(input),
                                   what: "the discriminator's replay of earlier students' inputs", key: "\(path).gail.replay_per_round"))
            }
            parts.append(.init(bytes: MemoryEstimate.network(input, g.discriminatorHidden, 1, batch: Double(g.discriminatorBatch)),
                               what: "the discriminator", key: "\(path).gail.discriminator_batch"))
            parts += searchParts(g.search, o: o, a: a, demoSteps: demoSteps, sample: sample, key: "\(path).gail")
        case .rl(let r):
            parts += searchParts(r.search, o: o, a: a, demoSteps: demoSteps, sample: sample, key: "\(path).rl")
        case .maxEntIRL:
            // Soft value iteration's time-dependent policy and values, and the visitation, per step of the horizon.
            let cells = Double(environment.gridworld.layout.cellCount), steps = Double(environment.gridworld.horizon)
            parts.append(.init(bytes: 8 * steps * cells * (2 * Double(a) + 2), what: "the soft value iteration's tables",
                               key: "env.horizon"))
        case .tabularBC:
            parts.append(.init(bytes: demoSteps * sample, what: "the action counts", key: "demonstrations.episodes"))
        }
        return MemoryEstimate(parts: parts)
    }

    /// A policy search's CMA-ES, and with `init = "bc"` the behavioural-cloning fit before it
    /// (whose student, the spec's `[policy]`, is then the searched network).
    private func searchParts(_ search: PolicySearchSettings, o: Int, a: Int, demoSteps: Double, sample: Double,
                             key: String) -> [MemoryEstimate.Part] {
        var hidden = search.policyHidden, widthsKey = "\(key).policy_hidden"
        var parts: [MemoryEstimate.Part] = []
        if case .bc(let student) = search.initialization {
            (hidden, widthsKey) = (student.hidden, "policy.hidden")
            let batch = min(Double(student.training.batchSize), demoSteps)
            parts.append(.init(bytes: demoSteps * sample + MemoryEstimate.network(o, hidden, a, batch: batch),
                               what: "the behavioural-cloning fit of the initial policy", key: "\(key).init"))
        }
        let n = Self.parameters(o, hidden, a)
        parts.append(.init(bytes: MemoryEstimate.search(parameters: n, population: search.population),
                           what: "the policy search's covariance over \(TOMLWriter.float(n)) policy parameters", key: widthsKey))
        return parts
    }
}
