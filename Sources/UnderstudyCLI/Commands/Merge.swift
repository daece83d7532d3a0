import ArgumentParser
import UnderstudyExperiments
import UnderstudyHarness

/// `understudy merge DIR...`: join complete shards into one run directory.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shard directories of one run into its run directory.",
        discussion: """
        Checks that the directories are shards 1…N of the same spec, seed and code version, each \
        complete, then writes the run directory exactly as the unsharded run would.

        Example:
          understudy run seeds/driving-loop.toml --shard 1/2 --out /tmp/s1
          understudy run seeds/driving-loop.toml --shard 2/2 --out /tmp/s2
          understudy merge /tmp/s1 /tmp/s2 --out reports/driving-loop
        """
    )

    @Argument(help: "Shard directories written by `understudy run --shard I/N`.")
    var shards: [String]

    @Option(help: "Run directory to write (default: reports/<name>).")
    var out: String?

    @Flag(help: "Lift the resource limits (for shards of a run made with --allow-large).")
    var allowLarge = false

    func run() throws {
        print(try ShardMerge(shards, limits: .allowing(large: allowLarge)).write(into: out))
    }
}
