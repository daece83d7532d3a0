/// A bad configuration or data set handed to the Learning module; each case renders one line.
public enum LearningError: Error, CustomStringConvertible, Equatable {
    /// A named option is out of range; `expected` says what is allowed.
    case invalidOption(name: String, value: String, expected: String)
    /// The data set is unusable (empty, ragged, or its widths do not match the model).
    case invalidData(String)

    public var description: String {
        switch self {
        case let .invalidOption(name, value, expected): "invalid \(name) \(value) (expected \(expected))"
        case let .invalidData(what): "invalid data: \(what)"
        }
    }
}
