import ArgumentParser
import UnderstudyDeterminism
#if canImport(Glibc)
import Glibc
#endif

/// The `understudy` command line: parsing and printing only; the work lives in the libraries.
@main
struct Understudy: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "understudy",
        abstract: "A deterministic, reproducible research harness for imitation learning.",
        discussion: """
        An experiment is a small TOML file in seeds/ (keys: seeds/README.md). One command runs it \
        and draws its report; the same file, seed and code give the same bytes on any machine, \
        with any number of threads, sharded or not.

        A typical session:
          understudy check seeds/*.toml            # validate specs
          understudy run seeds/driving-loop.toml   # → reports/driving-loop/
          understudy verify reports/driving-loop   # re-run, compare bytes
          understudy reproduce                     # all of seeds/ → reports/
          understudy demos verify CartPole-v1.json # replay Gymnasium episodes

        Exit status: 0 ok, 1 differences found (verify, compare, diff-image), 2 bad input.
        """,
        version: version,
        subcommands: [RunCommand.self, CheckCommand.self, MergeCommand.self, ReproduceCommand.self, VerifyCommand.self, ReportCommand.self, CompareCommand.self, SubmitCommand.self, DemosCommand.self, DiffImageCommand.self, RandomCommand.self]
    )

    /// Runs the command, mapping every failure to one `error:` line and an exit code:
    /// 0 ok, 1 differences found, 2 bad input or usage.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }

    static func exit(withError error: Error) -> Never {
        if let failure = error as? CommandFailure {
            writeError(failure.message)
            Glibc.exit(failure.code)
        }
        let code = exitCode(for: error)
        if code == .success {
            print(fullMessage(for: error))
            Glibc.exit(0)
        }
        // One line: the parser's first line as `error: …`, then where to find help.
        let message = fullMessage(for: error)
        let first = message.split(separator: "\n").first.map(String.init) ?? "\(error)"
        let line = first.hasPrefix("Error: ") ? "error: " + first.dropFirst(7) : (first.hasPrefix("error:") ? first : "error: " + first)
        writeError(line + "\nhint: run with --help for usage")
        Glibc.exit(2)
    }
}

/// A failure with its own message and exit status, raised by commands.
struct CommandFailure: Error {
    var message: String
    var code: Int32

    /// Bad input or usage: exit 2.
    static func badInput(_ message: String) -> CommandFailure {
        CommandFailure(message: message.hasPrefix("error:") ? message : "error: " + message, code: 2)
    }
}

func writeError(_ text: String, newline: Bool = true) {
    var line = text
    if newline && !line.hasSuffix("\n") { line += "\n" }
    var bytes = Array(line.utf8)
    _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
}
