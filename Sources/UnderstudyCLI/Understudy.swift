import ArgumentParser
import UnderstudyHarness

/// The `understudy` command line: parsing and printing only; the work lives in the libraries.
@main
struct Understudy: ParsableCommand {
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
        version: Harness.version,
        subcommands: [RunCommand.self, CheckCommand.self, MergeCommand.self, ReproduceCommand.self, VerifyCommand.self,
                      ReportCommand.self, CompareCommand.self, SubmitCommand.self, DemosCommand.self, DiffImageCommand.self,
                      RandomCommand.self]
    )

    /// Runs the command; every failure ends in `exit(withError:)`.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }

    /// The one place errors become output: `error: …` lines on stderr and the exit
    /// codes — 0 ok (help, version), 1 differences found, 2 bad input or usage. Every line is
    /// made safe for a terminal (`terminalLine`).
    static func exit(withError error: Error) -> Never {
        switch error {
        case let failure as HarnessError:
            fail([failure.description], code: failure.isDifference ? 1 : 2)
        case let failure as CommandError:
            fail(failure.lines, code: failure.isDifference ? 1 : 2)
        default:
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                terminate(0)
            }
            // An error of the parser's own: its first line, then where to find help.
            if exitCode(for: error) == .validationFailure {
                let message = fullMessage(for: error)
                let first = message.split(separator: "\n").first.map(String.init) ?? "\(error)"
                fail([first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first, "hint: run with --help for usage"], code: 2)
            }
            // Anything else (a Foundation file error reaching us raw) is bad input in one line.
            fail([HarnessError.oneLine(error)], code: 2)
        }
    }

    /// Writes `lines` to stderr, each that is no hint as `error: …`, and exits with `code`.
    private static func fail(_ lines: [String], code: Int32) -> Never {
        writeError(lines.map { terminalLines($0) }.map { $0.hasPrefix("error:") || $0.hasPrefix("hint: ") ? $0 : "error: " + $0 }
            .joined(separator: "\n"))
        terminate(code)
    }
}
