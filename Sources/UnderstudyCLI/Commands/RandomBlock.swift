import ArgumentParser
import UnderstudyDeterminism

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
