import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyGoldenImage
import UnderstudyHarness

/// The CLI's own failures (the harness's arrive as `HarnessError`): values it parses itself
/// and the commands outside the harness (demos, diff-image, random).
enum CommandError: Error {
    /// Bad input or usage: exit 2.
    case badInput(String)
    /// Several problems at once, one line each (check: every invalid spec): exit 2.
    case several([HarnessError])
    /// A difference found (demos replay, diff-image): exit 1.
    case difference(String)
    /// Bad input reported by a library a command calls directly, in that library's own type.
    case environment(EnvironmentError)
    case file(DeterminismError)
    case image(GoldenImageError)

    /// Keeps a library error's type; anything else is bad input in its own words.
    init(_ error: any Error) {
        switch error {
        case let e as CommandError: self = e
        case let e as EnvironmentError: self = .environment(e)
        case let e as DeterminismError: self = .file(e)
        case let e as GoldenImageError: self = .image(e)
        default: self = .badInput(HarnessError.oneLine(error))
        }
    }

    var isDifference: Bool { if case .difference = self { true } else { false } }

    var lines: [String] {
        switch self {
        case .badInput(let message), .difference(let message): [message]
        case .several(let errors): errors.map(\.description)
        case .environment(let e): [e.description]
        case .file(let e): [e.description]
        case .image(let e): [e.message]
        }
    }
}
