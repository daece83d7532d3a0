import ArgumentParser
import UnderstudyDeterminism
import UnderstudyEnvironments

/// `understudy demos`: check recorded episodes against our simulators, or record expert ones.
struct DemosCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demos",
        abstract: "Verify or record demonstrations (understudy-demos/1 files).",
        discussion: """
        verify replays every episode's actions from its initial state in our simulator and \
        compares each step bit for bit; record rolls out the environment's expert.

        Examples:
          understudy demos verify Tests/EnvironmentsTests/Fixtures/CartPole-v1.json
          understudy demos record --env Pendulum-v1 --episodes 20 --seed 7 --out pendulum.json
          understudy demos record --env driving-loop --episodes 1 --seed 7 --out demos-npy
        """,
        subcommands: [VerifyDemos.self, RecordDemos.self]
    )
}

/// `understudy demos verify FILE`: exit 0 only if every step of every episode is bit-exact.
struct VerifyDemos: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Replay recorded episodes; print bit-exact steps per episode (exit 1 if any differ).",
        discussion: """
        Each episode restarts from its initial_state and replays its actions in our simulator; a \
        step is exact when state, observation, reward and termination all equal the recording \
        bit for bit. Prints `episode K: bit-exact steps A/B, max abs error E` per episode. Exit 0 \
        only if every step of every episode is exact, 1 otherwise, 2 for a malformed file.

        Example:
          understudy demos verify Tests/EnvironmentsTests/Fixtures/Acrobot-v1.json
        """
    )

    @Argument(help: "A demonstrations file (understudy-demos/1 JSON).")
    var file: String

    func run() throws {
        let demos: Demonstrations
        let replays: [EpisodeReplay]
        if file.hasSuffix(".npy") || (try? AtomicFile.read(file).prefix(6)) == [0x93] + Array("NUMPY".utf8) {
            throw CommandError.badInput("\(file): a .npy array (expected an understudy-demos/1 JSON file; .npy arrays are what `demos record` writes to a directory)")
        }
        do {
            demos = try Demonstrations.read(path: file)
            // A file with nothing to replay would "verify" vacuously.
            guard !demos.episodes.isEmpty else {
                throw CommandError.badInput("\(file): episodes is empty (expected at least one episode to replay)")
            }
            if let k = demos.episodes.firstIndex(where: { $0.stepCount < 1 }) {
                throw CommandError.badInput("\(file): episodes[\(k)] has no steps (expected at least one step per episode)")
            }
            replays = try demos.replay()
        } catch {
            throw CommandError(error)
        }
        var out = ""
        for (k, r) in replays.enumerated() {
            out += "episode \(k): bit-exact steps \(r.exactSteps)/\(r.steps), max abs error \(r.maxAbsError)\n"
        }
        print(out, terminator: "")
        let exact = replays.filter(\.isExact).count
        guard exact == replays.count else {
            throw CommandError.difference("\(demos.env): \(replays.count - exact) of \(replays.count) episodes differ")
        }
    }
}
