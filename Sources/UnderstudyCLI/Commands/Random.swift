import ArgumentParser
import UnderstudyExperiments
import UnderstudyDeterminism

/// `understudy random`: inspect named Philox4x32-10 streams (`draw`, the default) or raw blocks.
struct RandomCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "random",
        abstract: "Print draws from a named Philox4x32-10 stream, or one raw block.",
        discussion: """
        A stream is named by the master seed and a path; the same pair gives the same numbers \
        everywhere. Doubles print as shortest round-trip decimals, raw draws as 8-digit hex words.

        Examples:
          understudy random --seed 20261124 --stream driving-loop/seed=3/DAgger --count 5
          understudy random block --key 0,0 --counter 0,0,0,0
        """,
        subcommands: [Draw.self, Block.self],
        defaultSubcommand: Draw.self
    )
}

/// `understudy random [draw]`: print draws of one named stream.
struct Draw: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print draws of one named stream (the default subcommand)."
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case uniform, normal, raw
    }

    @Option(parsing: .unconditional, help: "Master seed: the Philox key (0 … 2^64−1).", transform: parseSeed)
    var seed: UInt64

    @Option(help: "Stream path, e.g. driving-loop/seed=3/BC/rollout=0.")
    var stream: String

    @Option(parsing: .unconditional, help: "How many values to print.")
    var count: Int = 10

    @Option(help: "uniform: [0, 1) doubles; normal: standard normals; raw: 32-bit words.")
    var kind: Kind = .uniform

    @Flag(help: "Lift the resource limit on --count.")
    var allowLarge = false

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must be ≥ 0 (got \(count))") }
        let limit = ResourceLimits.allowing(large: allowLarge).randomDraws
        guard count <= limit else {
            throw ValidationError("--count \(count) is over the limit of \(limit) draws; \(ResourceLimits.overrideHint)")
        }
    }

    func run() {
        var s = RandomStream(seed: seed, path: stream)
        // Printed in blocks, so memory stays small whatever --count is.
        var out = ""
        out.reserveCapacity(min(count, 4096) * 20)
        for i in 0..<count {
            switch kind {
            case .uniform: out += s.nextUniform().description
            case .normal: out += s.nextNormal().description
            case .raw: out += hexWord(s.nextUInt32())
            }
            out += "\n"
            if i % 4096 == 4095 {
                print(out, terminator: "")
                out.removeAll(keepingCapacity: true)
            }
        }
        print(out, terminator: "")
    }
}

/// An 8-digit lowercase hex word.
func hexWord(_ w: UInt32) -> String {
    let s = String(w, radix: 16)
    return String(repeating: "0", count: 8 - s.count) + s
}
