import ArgumentParser
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

    @Option(help: "Master seed: the Philox key (0 … 2^64−1).")
    var seed: UInt64

    @Option(help: "Stream path, e.g. driving-loop/seed=3/BC/rollout=0.")
    var stream: String

    @Option(help: "How many values to print.")
    var count: Int = 10

    @Option(help: "uniform: [0, 1) doubles; normal: standard normals; raw: 32-bit words.")
    var kind: Kind = .uniform

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must be ≥ 0 (got \(count))") }
    }

    func run() {
        var s = RandomStream(seed: seed, path: stream)
        var out = ""
        out.reserveCapacity(count * 20)
        for _ in 0..<count {
            switch kind {
            case .uniform: out += s.nextUniform().description
            case .normal: out += s.nextNormal().description
            case .raw: out += hexWord(s.nextUInt32())
            }
            out += "\n"
        }
        print(out, terminator: "")
    }
}

/// `understudy random block`: one raw Philox block.
struct Block: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the four output words of one Philox4x32-10 block.",
        discussion: """
        Words are 32-bit hex, with or without 0x. Output: four 8-digit lowercase hex words.

        Example (Random123's first known answer):
          understudy random block --key 0,0 --counter 0,0,0,0
          6627e8d5 e169c58d bc57ac4c 9b00dbd8
        """
    )

    @Option(help: "Key words K0,K1 (hex).")
    var key: String

    @Option(help: "Counter words C0,C1,C2,C3 (hex).")
    var counter: String

    func run() throws {
        let k = try hexWords(key, count: 2, flag: "--key")
        let c = try hexWords(counter, count: 4, flag: "--counter")
        let out = Philox4x32.block(counter: SIMD4(c[0], c[1], c[2], c[3]), key: SIMD2(k[0], k[1]))
        print((0..<4).map { hexWord(out[$0]) }.joined(separator: " "))
    }
}

/// An 8-digit lowercase hex word.
func hexWord(_ w: UInt32) -> String {
    let s = String(w, radix: 16)
    return String(repeating: "0", count: 8 - s.count) + s
}

/// Parses `count` comma-separated 32-bit hex words (each with or without `0x`).
func hexWords(_ text: String, count: Int, flag: String) throws -> [UInt32] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
    guard parts.count == count else {
        throw CommandError.badInput("\(flag) '\(text)': found \(parts.count) words (expected \(count) comma-separated hex words)")
    }
    return try parts.map { part in
        var digits = part.trimmingWhitespace()
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = String(digits.dropFirst(2)) }
        guard !digits.isEmpty, digits.count <= 8, let w = UInt32(digits, radix: 16) else {
            throw CommandError.badInput("\(flag) '\(text)': '\(part)' is not a 32-bit hex word (expected up to 8 hex digits, optional 0x)")
        }
        return w
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
