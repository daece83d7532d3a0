import ArgumentParser
import UnderstudyHarness
import UnderstudyExperiments
import UnderstudyEnvironments

/// `understudy demos record`: expert rollouts written as JSON, or as .npy arrays in a directory.
struct RecordDemos: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record expert episodes to FILE.json, or to a directory of .npy arrays.",
        discussion: """
        Episode k starts from a reset drawn from the stream (SEED, "demos/<env>/episode=k"). \
        An --out ending in .json gets canonical JSON; anything else is a directory that gets \
        initial_states, episode_lengths, states, actions, observations, rewards and terminated \
        as '<f8' .npy files (steps of all episodes concatenated in order).
        """
    )

    @Option(help: "Environment id: \(EnvironmentRegistry.ids.joined(separator: ", ")).")
    var env: String

    @Option(parsing: .unconditional, help: "How many episodes.")
    var episodes: Int

    @Option(parsing: .unconditional, help: "Master seed for the reset streams (0 … 2^64−1).", transform: parseSeed)
    var seed: UInt64

    @Option(help: "Output: FILE.json, or a directory for .npy arrays.")
    var out: String

    @Flag(help: "Lift the resource limit on --episodes.")
    var allowLarge = false

    func validate() throws {
        guard episodes >= 1 else { throw ValidationError("--episodes must be ≥ 1 (got \(episodes))") }
        let limit = ResourceLimits.allowing(large: allowLarge).demonstrationEpisodes
        guard episodes <= limit else {
            throw ValidationError("--episodes \(episodes) is over the limit of \(limit) demonstration episodes; \(ResourceLimits.overrideHint)")
        }
        guard !out.isEmpty else { throw ValidationError("--out must name a FILE.json or a directory (got \"\")") }
        guard EnvironmentRegistry.ids.contains(env) else {
            throw ValidationError("--env '\(env)' is not known (expected one of \(EnvironmentRegistry.ids.joined(separator: ", ")))")
        }
    }

    func run() throws {
        if out.hasSuffix(".json") { try RunDirectoryClaim.checkPath(out) } else {
            try RunDirectoryClaim.checkOutputFolder(out, marker: "episode_lengths.npy")
        }
        let environment = try EnvironmentRegistry.make(id: env)
        guard let expert = makeExpert(for: environment) else {
            throw CommandError.badInput("no expert for \(env)")
        }
        let demos = Demonstrations.record(environment: environment, expert: expert, episodes: episodes, seed: seed)
        do {
            if out.hasSuffix(".json") { try demos.write(to: out) } else { try demos.writeNpy(directory: out) }
        } catch {
            throw CommandError(error)
        }
        let steps = demos.episodes.reduce(0) { $0 + $1.stepCount }
        print("recorded \(demos.episodes.count) episodes (\(steps) steps) of \(env) to \(out)")
    }
}
