import UnderstudyDeterminism

/// How faithfully our simulator reproduces one recorded episode.
public struct EpisodeReplay: Sendable, Hashable {
    /// Steps whose state, reward, terminated flag and observation (when recorded) all equal
    /// the recorded ones bit for bit.
    public var exactSteps: Int
    /// Steps replayed.
    public var steps: Int
    /// Largest |ours − recorded| over every state component, observation component and reward.
    public var maxAbsError: Double
    /// The first step (0-based) that is not exact, if any.
    public var firstDivergence: Int?

    /// Whether every step replayed bit for bit.
    public var isExact: Bool { exactSteps == steps }
}

extension Demonstrations {
    /// Replays each episode's actions from its initial state in our simulator (never
    /// re-synchronising, so errors accumulate as they would in use) and compares every step.
    public func replay() throws -> [EpisodeReplay] {
        let environment = try makeEnvironment()
        return episodes.map { Self.replay($0, in: environment) }
    }

    static func replay(_ episode: DemoEpisode, in environment: any Environment) -> EpisodeReplay {
        var env = environment
        env.reset(to: episode.initialState)
        var result = EpisodeReplay(exactSteps: 0, steps: episode.stepCount, maxAbsError: 0, firstDivergence: nil)
        func compare(_ ours: Double, _ theirs: Double, _ exact: inout Bool) {
            if ours.bitPattern != theirs.bitPattern {
                exact = false
                let error = abs(ours - theirs)
                result.maxAbsError = error.isNaN ? .infinity : max(result.maxAbsError, error)
            }
        }
        for (i, action) in episode.actions.enumerated() {
            let t = env.step(action)
            var exact = t.terminated == episode.terminated[i]
            let state = env.state
            for j in state.indices { compare(state[j], episode.states[i][j], &exact) }
            compare(t.reward, episode.rewards[i], &exact)
            if episode.observations.count == episode.stepCount {
                for j in t.observation.indices { compare(t.observation[j], episode.observations[i][j], &exact) }
            }
            if exact { result.exactSteps += 1 } else if result.firstDivergence == nil { result.firstDivergence = i }
        }
        return result
    }
}
