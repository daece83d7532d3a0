import UnderstudyDeterminism

// MARK: - Public API

/// Typed access to parsed JSON whose failures name the file and the key path, for every reader
/// of the files a run writes (unit results, shard records, `results.json`, `trajectories.json`).
///
/// Errors are `ExperimentError.malformed`: `<source>: <key path>: unexpected value (expected <what>)`.
public struct JSONReader: Sendable {
    /// The file the JSON came from, as errors name it.
    public var source: String

    public init(source: String) {
        self.source = source
    }

    /// The error for a value at `path` that is not `expected`; `""` is the top level.
    public func fail(_ path: String, _ expected: String) -> ExperimentError {
        .malformed(source: source, path: path, found: "unexpected value", expected: expected)
    }

    public func object(_ v: JSONValue?, _ path: String) throws -> [String: JSONValue] {
        guard case .object(let o)? = v else { throw fail(path, "an object") }
        return o
    }

    public func array(_ v: JSONValue?, _ path: String) throws -> [JSONValue] {
        guard case .array(let a)? = v else { throw fail(path, "an array") }
        return a
    }

    public func string(_ v: JSONValue?, _ path: String) throws -> String {
        guard case .string(let s)? = v else { throw fail(path, "a string") }
        return s
    }

    public func int(_ v: JSONValue?, _ path: String) throws -> Int {
        guard case .integer(let i)? = v else { throw fail(path, "an integer") }
        return i
    }

    /// A number; an integer reads as its value, and `null` as NaN (JSON has no NaN, and
    /// hand-edited or foreign files write a missing value so).
    public func number(_ v: JSONValue?, _ path: String) throws -> Double {
        switch v {
        case .number(let x)?: return x
        case .integer(let i)?: return Double(i)
        case .null?: return .nan
        default: throw fail(path, "a number")
        }
    }

    public func vector(_ v: JSONValue?, _ path: String) throws -> [Double] {
        try array(v, path).enumerated().map { try number($1, "\(path)[\($0)]") }
    }

    /// `[low, high]`, as confidence intervals and extents are stored.
    public func pair(_ v: JSONValue?, _ path: String) throws -> (low: Double, high: Double) {
        let a = try vector(v, path)
        guard a.count == 2 else { throw fail(path, "[low, high]") }
        return (a[0], a[1])
    }

    /// An object of numbers, e.g. a unit's metrics.
    public func numbers(_ v: JSONValue?, _ path: String) throws -> [String: Double] {
        var out: [String: Double] = [:]
        for (k, x) in try object(v, path) { out[k] = try number(x, "\(path).\(k)") }
        return out
    }
}
