import UnderstudyDeterminism
import UnderstudyEnvironments

/// The gridworld's demonstrations: `context.demonstrationEpisodes` episodes in which the
/// expert's soft policy acts (`GridworldExpert.sample`), from the same streams for every method
/// of a seed — resets (and slips) from `seed=K/demonstrations/episode=j/reset`, the expert's
/// draws from `…/episode=j/expert` — so maximum-entropy IRL and tabular BC learn from the very
/// same episodes.
public func gridworldDemonstrations(_ context: ImitationContext<Gridworld>, expert: GridworldExpert) -> [Episode] {
    let root = context.seedStream.child("demonstrations")
    return (0..<context.demonstrationEpisodes).map { j in
        let episode = root.child("episode=\(j)")
        return rollout(context.environment, resetStream: episode.child("reset"), policyStream: episode.child("expert")) { state, _, stream in
            expert.sample(for: state, using: &stream)
        }
    }
}

/// The action index of a discrete action (0 for anything else).
func actionIndex(_ action: Action) -> Int {
    if case .discrete(let a) = action { return a }
    return 0
}
