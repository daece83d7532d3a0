import UnderstudyDeterminism
import UnderstudyEnvironments

/// One episode: the states visited (`states[0]` is the initial state, then one per step),
/// what the acting policy saw and did, and the rewards.
public struct Episode: Sendable {
    public var states: [[Double]] = []
    public var observations: [[Double]] = []
    public var actions: [Action] = []
    public var rewards: [Double] = []
    public var terminated = false

    public var length: Int { actions.count }
}

/// A policy acting in an environment: sees the full state (experts) and the observation
/// (students), may draw from its own stream (β-mixtures, noisy sensors).
public typealias ActingPolicy = (_ state: [Double], _ observation: [Double], _ stream: inout RandomStream) -> Action

/// Runs one episode from an initial state drawn from `resetStream`, for at most `maxSteps`
/// steps (the environment's time limit applies too). With `observationNoise`, the policy sees
/// (and the episode records) noisy observations, drawn from `policyStream/observation-noise`;
/// the state, which experts act on, stays exact.
public func rollout<E: Environment>(
    _ environment: E, maxSteps: Int? = nil,
    resetStream: RandomStream, policyStream: RandomStream,
    observationNoise: ObservationNoise = .none,
    policy: ActingPolicy
) -> Episode {
    var env = environment
    var reset = resetStream
    var draws = policyStream
    var noise = policyStream.child("observation-noise")
    env.reset(using: &reset)
    let limit = min(maxSteps ?? env.maxEpisodeSteps, env.maxEpisodeSteps)
    var episode = Episode()
    episode.states.reserveCapacity(limit + 1)
    episode.states.append(env.state)
    for _ in 0..<limit {
        let observation = observationNoise.apply(to: env.observation, using: &noise)
        let action = policy(env.state, observation, &draws)
        let transition = env.step(action)
        episode.observations.append(observation)
        episode.actions.append(action)
        episode.rewards.append(transition.reward)
        episode.states.append(env.state)
        if transition.terminated { episode.terminated = true; break }
        if transition.truncated { break }
    }
    return episode
}
