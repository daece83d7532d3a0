import UnderstudyEnvironments
import UnderstudyLearning

/// How actions become learner targets and learner outputs become actions.
///
/// Discrete actions are one-hot targets and the student acts by argmax (first maximum on
/// ties); continuous actions are the action vector itself, clamped to the box when acting.
public struct ActionCoding: Sendable, Hashable {
    public let space: ActionSpace

    public init(_ space: ActionSpace) { self.space = space }

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

    public func action(_ output: [Double]) -> Action {
        switch space {
        case .discrete:
            return .discrete(argmax(output))
        case .box(let low, let high):
            return .continuous(output.indices.map { i in min(max(output[i], low[i]), high[i]) })
        }
    }
}
