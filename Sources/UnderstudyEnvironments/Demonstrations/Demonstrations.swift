import UnderstudyDeterminism

/// Recorded episodes in the `understudy-demos/1` format (e.g.
/// `Tests/UnderstudyEnvironmentsTests/Fixtures/*.json`): a JSON object with `format`, `env`, `source`,
/// `state_names`, `episodes`, and for the driving loop `env_config`. Each episode holds
/// `initial_state`, then one entry per step: `actions` (each an array: `[index]` for a
/// discrete space, the components for a box), `states` (after the step), `observations`,
/// `rewards`, `terminated`.
public struct Demonstrations: Sendable, Hashable {
    /// The format tag written into every demonstrations file.
    public static let format = "understudy-demos/1"

    /// The environment's id (e.g. `CartPole-v1`).
    public var env: String
    /// Where the episodes came from, e.g. "gymnasium 1.4.0 …" or "understudy expert".
    public var source: String
    /// Names of the state's components, in order.
    public var stateNames: [String]
    /// The driving loop's settings (other environments have none).
    public var drivingLoop: DrivingLoopConfig?
    /// The recorded episodes.
    public var episodes: [DemoEpisode]

    /// Demonstrations from their parts.
    public init(env: String, source: String, stateNames: [String], drivingLoop: DrivingLoopConfig? = nil, episodes: [DemoEpisode]) {
        self.env = env
        self.source = source
        self.stateNames = stateNames
        self.drivingLoop = drivingLoop
        self.episodes = episodes
    }

    /// A fresh environment of the recorded kind and settings.
    public func makeEnvironment() throws -> any Environment {
        try EnvironmentRegistry.make(id: env, drivingLoop: drivingLoop ?? DrivingLoopConfig())
    }
}

/// One episode: where it started and what each step did.
public struct DemoEpisode: Sendable, Hashable {
    /// The state the episode started from.
    public var initialState: [Double]
    /// The action taken at each step.
    public var actions: [Action]
    /// The state after each step.
    public var states: [[Double]]
    /// What the policy observed before each step.
    public var observations: [[Double]]
    /// The reward after each step.
    public var rewards: [Double]
    /// Whether each step ended the episode in a terminal state.
    public var terminated: [Bool]

    /// An episode from its parts; the arrays are per step.
    public init(initialState: [Double], actions: [Action] = [], states: [[Double]] = [], observations: [[Double]] = [],
                rewards: [Double] = [], terminated: [Bool] = []) {
        self.initialState = initialState
        self.actions = actions
        self.states = states
        self.observations = observations
        self.rewards = rewards
        self.terminated = terminated
    }

    /// Steps taken: the number of actions.
    public var stepCount: Int { actions.count }

    /// The initial state followed by the state after every step (what metrics take).
    public var trajectory: [[Double]] { [initialState] + states }
}

// MARK: - Rollouts

extension DemoEpisode {
    /// Runs `policy` in `environment` from its current state until the episode terminates or
    /// is truncated, recording every step. The environment is left in the final state.
    public static func rollout(_ environment: inout some Environment, policy: (_ state: [Double]) -> Action) -> DemoEpisode {
        var episode = DemoEpisode(initialState: environment.state)
        let capacity = environment.maxEpisodeSteps
        episode.actions.reserveCapacity(capacity)
        episode.states.reserveCapacity(capacity)
        episode.observations.reserveCapacity(capacity)
        episode.rewards.reserveCapacity(capacity)
        episode.terminated.reserveCapacity(capacity)
        while true {
            let action = policy(environment.state)
            let t = environment.step(action)
            episode.actions.append(action)
            episode.states.append(environment.state)
            episode.observations.append(t.observation)
            episode.rewards.append(t.reward)
            episode.terminated.append(t.terminated)
            if t.terminated || t.truncated { return episode }
        }
    }
}

extension Demonstrations {
    /// `episodes` expert rollouts, episode k reset from the stream
    /// (seed, "\(streamPrefix)/episode=k"); `streamPrefix` defaults to "demos/<env id>".
    public static func record(environment: any Environment, expert: any Expert, episodes: Int, seed: UInt64,
                              streamPrefix: String? = nil) -> Demonstrations {
        var env = environment
        let prefix = streamPrefix ?? "demos/\(environment.id)"
        var recorded: [DemoEpisode] = []
        for k in 0..<episodes {
            var stream = RandomStream(seed: seed, path: "\(prefix)/episode=\(k)")
            env.reset(using: &stream)
            recorded.append(DemoEpisode.rollout(&env) { expert.action(for: $0) })
        }
        return Demonstrations(env: environment.id, source: "understudy expert (seed \(seed))",
                              stateNames: environment.stateNames,
                              drivingLoop: (environment as? DrivingLoop)?.config.resolved, episodes: recorded)
    }
}
