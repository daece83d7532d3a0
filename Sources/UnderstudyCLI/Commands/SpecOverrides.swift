import ArgumentParser
import UnderstudyExperiments
import UnderstudyHarness

/// `--seed` / `--seeds`: the command-line overrides of a spec's master seed and seed count.
struct SpecOverrides: ParsableArguments {
    @Option(parsing: .unconditional, help: "Override the spec's master seed (0 … 2^64−1).", transform: parseSeed)
    var seed: UInt64?

    @Option(parsing: .unconditional, help: "Override the spec's number of seeds.")
    var seeds: Int?

    @Flag(help: "Lift the resource limits (sweep cells, work units, steps, training work and memory per unit) for a run you mean.")
    var allowLarge = false

    /// The limits this command checks before work starts.
    var limits: ResourceLimits { .allowing(large: allowLarge) }

    func validate() throws {
        if let seeds, !(1...1000).contains(seeds) { throw ValidationError("--seeds must be in 1…1000 (got \(seeds))") }
        if let seed, seed > UInt64(Int.max) { throw ValidationError("--seed must be < 2^63 (got \(seed))") }
    }

    /// The spec at `path` with these overrides applied.
    func load(_ path: String) throws(HarnessError) -> Study { try Harness.loadSpec(path, seed: seed, seeds: seeds, limits: limits) }
}

/// A `--seed` value: a master seed is any 64-bit unsigned integer, and the message says so.
func parseSeed(_ text: String) throws -> UInt64 {
    guard let seed = UInt64(text) else {
        throw ValidationError("expected an integer from 0 to 18446744073709551615 (2^64−1)")
    }
    return seed
}
