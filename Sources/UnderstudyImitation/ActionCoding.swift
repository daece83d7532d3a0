import UnderstudyEnvironments
import UnderstudyLearning

/// How actions become learner targets and learner outputs become actions.
///
/// Discrete actions are one-hot targets and the student acts by argmax (first maximum on
/// ties); continuous actions are the action vector itself, clamped to the box when acting.
public struct ActionCoding: Sendable, Hashable {
    /// The environment's action space.
    public let space: ActionSpace

    /// The coding of actions in `space`.
    public init(_ space: ActionSpace) { self.space = space }

    /// The learner's target for `action`: one-hot for a discrete action, the vector itself for a box.
    public func target(_ action: Action) -> [Double] {
        switch (space, action) {
        case (.discrete(let n), .discrete(let k)):
            var v = [Double](repeating: 0, count: n)
            v[k] = 1
            return v
        case (_, .continuous(let values)):
            return values
        case (.box, .discrete(let k)):
            return [Double(k)]
        }
    }

    /// The action a learner's `output` means: argmax (first maximum) for discrete spaces, clamped to the box for continuous ones.
    public func action(_ output: [Double]) -> Action {
        switch space {
        case .discrete:
            return .discrete(argmax(output))
        case .box(let low, let high):
            return .continuous(output.indices.map { i in min(max(output[i], low[i]), high[i]) })
        }
    }
}
