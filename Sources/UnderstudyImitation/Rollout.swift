import UnderstudyDeterminism
import UnderstudyEnvironments

/// One episode: the states visited (`states[0]` is the initial state, then one per step),
/// what the acting policy saw and did, and the rewards. An episode run without recording
/// keeps only its length, how it ended and its final observation.
public struct Episode: Sendable {
    /// The environment's state before each step.
    public var states: [[Double]] = []
    /// What the acting policy observed before each step.
    public var observations: [[Double]] = []
    /// The action taken at each step.
    public var actions: [Action] = []
    /// The reward after each step.
    public var rewards: [Double] = []
    /// Steps taken.
    public var length = 0
    /// Σ rewards, in step order (kept with or without recording).
    public var totalReward = 0.0
    /// Whether the episode ended by termination (not by the step cap or time limit).
    public var terminated = false
    /// What the policy would have seen after the last step (GAIL's absorbing state).
    public var finalObservation: [Double] = []

    /// An empty episode, to be filled step by step.
    public init() {}
}

/// A policy acting in an environment: sees the full state (experts) and the observation
/// (students), may draw from its own stream (β-mixtures, noisy sensors).
public typealias ActingPolicy = (_ state: [Double], _ observation: [Double], _ stream: inout RandomStream) -> Action

/// The one rollout engine of the imitation loop: every episode any method collects, searches
/// or is scored on runs here.
///
/// Runs one episode from an initial state drawn from `resetStream`, for at most `maxSteps`
/// steps (the environment's time limit applies too). With `observationNoise`, the policy sees
/// (and the episode records) noisy observations, drawn from `policyStream/observation-noise`;
/// the state, which experts act on, stays exact. Without `recording` (GAIL's population: millions
/// of steps whose policy keeps what it needs itself) only the length, the ending and the final
/// observation are kept.
public func rollout<E: Environment>(
    _ environment: E, maxSteps: Int? = nil,
    resetStream: RandomStream, policyStream: RandomStream,
    observationNoise: ObservationNoise = .none, recording: Bool = true,
    policy: ActingPolicy
) -> Episode {
    var env = environment
    var reset = resetStream
    var draws = policyStream
    var noise = policyStream.child("observation-noise")
    env.reset(using: &reset)
    let limit = min(maxSteps ?? env.maxEpisodeSteps, env.maxEpisodeSteps)
    var episode = Episode()
    if recording {
        episode.states.reserveCapacity(limit + 1)
        episode.states.append(env.state)
    }
    var current = env.observation   // rewritten in place by each step
    while episode.length < limit {
        let observation = observationNoise.apply(to: current, using: &noise)
        let action = policy(env.state, observation, &draws)
        let outcome = env.step(action, observation: &current)
        if recording {
            episode.observations.append(observation)
            episode.actions.append(action)
            episode.rewards.append(outcome.reward)
            episode.states.append(env.state)
        }
        if episode.count(reward: outcome.reward, terminated: outcome.terminated, truncated: outcome.truncated,
                         limit: limit) { break }
    }
    episode.finalObservation = current
    return episode
}

extension Episode {
    /// Counts one step: its reward into the return (in step order), and whether it ended the
    /// episode (terminated, truncated by the time limit, or `limit` steps taken). The one
    /// rule of both entries of the rollout engine, scalar and batched.
    @inline(__always)
    mutating func count(reward: Double, terminated: Bool, truncated: Bool, limit: Int) -> Bool {
        length += 1
        totalReward += reward
        if terminated { self.terminated = true; return true }
        return truncated || length >= limit
    }
}

/// The policy of a batched rollout: reads the active lanes' observations (`observations`, lane
/// `i`'s at `i × observationSize`) and writes their actions (lane `i`'s at `i × actionWidth`,
/// a discrete action as its index). Inactive lanes' entries are to be ignored.
public typealias LanePolicy = (_ observations: UnsafeBufferPointer<Double>, _ active: [Bool],
                               _ actions: UnsafeMutableBufferPointer<Double>) -> Void

/// The rollout engine's batched entry: one episode per reset stream, lane `i` of `lanes`
/// reset from `resetStreams[i]`, all stepped together until each has ended. Per lane it is
/// `rollout(_:maxSteps:resetStream:…recording: false)` of the scalar environment — the same
/// reset, the same steps and the same ending rule (`Episode.count`) — so each episode's
/// length, ending, return and final observation have the same bits. No observation noise and
/// no per-lane policy stream: it serves deterministic policies (the policy search's
/// candidates). Lanes beyond `resetStreams.count` stay idle.
public func rollout<B: BatchedEnvironment>(lanes batch: inout B, maxSteps: Int? = nil, resetStreams: [RandomStream],
                                           policy: LanePolicy) -> [Episode] {
    let n = resetStreams.count, lanes = batch.laneCount
    precondition(n <= lanes, "\(n) episodes need at least as many lanes (have \(lanes))")
    for i in 0..<n {
        var reset = resetStreams[i]
        batch.reset(lane: i, using: &reset)
    }
    let limit = min(maxSteps ?? batch.maxEpisodeSteps, batch.maxEpisodeSteps)
    let width = batch.observationSize
    var episodes = Array(repeating: Episode(), count: n)
    var active = (0..<lanes).map { $0 < n && limit > 0 }
    var running = active.filter { $0 }.count
    var observations = [Double](repeating: 0, count: lanes * width)
    var actions = [Double](repeating: 0, count: lanes * batch.actionWidth)
    var rewards = [Double](repeating: 0, count: lanes)
    var terminated = [Bool](repeating: false, count: lanes), truncated = terminated
    while running > 0 {
        batch.writeObservations(into: &observations, active: active)
        observations.withUnsafeBufferPointer { o in
            actions.withUnsafeMutableBufferPointer { a in policy(o, active, a) }
        }
        batch.step(actions: actions, active: active, rewards: &rewards, terminated: &terminated, truncated: &truncated)
        for i in 0..<n where active[i] {
            if episodes[i].count(reward: rewards[i], terminated: terminated[i], truncated: truncated[i], limit: limit) {
                active[i] = false
                running -= 1
            }
        }
    }
    let all = (0..<lanes).map { $0 < n }
    batch.writeObservations(into: &observations, active: all)
    for i in 0..<n { episodes[i].finalObservation = Array(observations[(i * width)..<((i + 1) * width)]) }
    return episodes
}

/// The student (or the expert) scored on the evaluation episodes.
public struct Evaluation: Sendable {
    /// The evaluation episodes, recorded in full.
    public var episodes: [Episode]
    /// The environment's episode metrics, one dictionary per episode.
    public var metrics: [[String: Double]]

    /// Mean of each metric over the episodes.
    public var meanMetrics: [String: Double] { UnderstudyImitation.meanMetrics(metrics) }
}

/// The one evaluation routine: `policy` drives `episodes` episodes alone, from the resets of
/// `seed=K/evaluation/episode=j`, so every method, every iteration and the expert meet the
/// same starts.
public func evaluate<E: Environment>(_ environment: E, episodes: Int, seedStream: RandomStream,
                                     observationNoise: ObservationNoise = .none, policy: ActingPolicy) -> Evaluation {
    var evaluation = Evaluation(episodes: [], metrics: [])
    for j in 0..<episodes {
        let root = seedStream.child("evaluation").child("episode=\(j)")
        let episode = rollout(environment, resetStream: root.child("reset"), policyStream: root.child("policy"),
                              observationNoise: observationNoise, policy: policy)
        evaluation.metrics.append(environment.episodeMetrics(states: episode.states, rewards: episode.rewards))
        evaluation.episodes.append(episode)
    }
    return evaluation
}

/// Mean of each metric over episodes, keys in sorted order.
public func meanMetrics(_ perEpisode: [[String: Double]]) -> [String: Double] {
    guard let first = perEpisode.first else { return [:] }
    var out: [String: Double] = [:]
    for key in first.keys.sorted() {
        var sum = 0.0
        for m in perEpisode { sum += m[key] ?? .nan }
        out[key] = sum / Double(perEpisode.count)
    }
    return out
}
