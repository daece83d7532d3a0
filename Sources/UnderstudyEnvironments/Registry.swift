/// The environments Understudy knows, by Gymnasium-style id.
public enum EnvironmentRegistry {
    /// Every id `make` accepts, in a fixed order.
    public static let ids = [CartPole.id, Pendulum.id, MountainCarContinuous.id, Acrobot.id, DrivingLoop.id, Gridworld.id]

    /// A fresh environment; the driving loop takes `drivingLoop` and the gridworld `gridworld`
    /// (defaults otherwise: the gridworld's is its preset layout).
    public static func make(id: String, drivingLoop: DrivingLoopConfig = DrivingLoopConfig(),
                            gridworld: GridworldConfig = GridworldConfig()) throws -> any Environment {
        switch id {
        case CartPole.id: return CartPole()
        case Pendulum.id: return Pendulum()
        case MountainCarContinuous.id: return MountainCarContinuous()
        case Acrobot.id: return Acrobot()
        case DrivingLoop.id: return try DrivingLoop(config: drivingLoop)
        case Gridworld.id: return Gridworld(config: gridworld)
        default: throw EnvironmentError.unknownEnvironment(id)
        }
    }
}

/// Failures of this module that a user can see, each rendered as one line.
public enum EnvironmentError: Error, CustomStringConvertible, Equatable, Sendable {
    case unknownEnvironment(String)
    /// A driving-loop setting out of range; the message names the valid range.
    case invalidDrivingLoop(field: String, message: String)
    /// A demonstrations file could not be read: `file:line:col: what (expected …)`.
    case demos(file: String, line: Int? = nil, column: Int? = nil, message: String)

    /// The one-line message naming what is wrong.
    public var description: String {
        switch self {
        case .unknownEnvironment(let id):
            "unknown environment '\(id)' (expected one of \(EnvironmentRegistry.ids.joined(separator: ", ")))"
        case .invalidDrivingLoop(let field, let message):
            "driving-loop \(field): \(message)"
        case .demos(let file, let line?, let column?, let message):
            "\(file):\(line):\(column): \(message)"
        case .demos(let file, _, _, let message):
            "\(file): \(message)"
        }
    }
}
