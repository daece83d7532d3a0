/// The one error type of this module: files that cannot be read or written, malformed
/// manifests and JSON, numbers canonical JSON cannot hold. Each case renders one line (the
/// command line adds `error: `).
public enum DeterminismError: Error, CustomStringConvertible, Equatable, Sendable {
    case cannotRead(String)
    /// A file that could not be written (`path`), with the system's reason.
    case cannotWrite(String, reason: String)
    case notUTF8(String)
    /// A `MANIFEST.sha256` line that is not `<64 lowercase hex digits>  <relative path>`.
    case malformedManifestLine(file: String, line: Int)
    /// A manifest path that could leave the run directory.
    case unsafeManifestPath(file: String, line: Int, path: String)
    case duplicateManifestPath(file: String, line: Int, path: String)
    /// A JSON syntax error at a 1-based line and column (columns count Unicode scalars).
    case jsonSyntax(line: Int, column: Int, message: String)
    /// Canonical JSON has no NaN or infinity; `path` says where one was met
    /// (e.g. `methods.BC.metrics.return.mean`).
    case nonFiniteNumber(path: String, value: Double)

    public var description: String {
        switch self {
        case .cannotRead(let p): "cannot read \(p)"
        case .cannotWrite(let p, let reason): "\(p): cannot write (\(reason))"
        case .notUTF8(let p): "\(p) is not UTF-8 text"
        case .malformedManifestLine(let f, let l):
            "\(f):\(l):1: malformed manifest line (expected '<64 lowercase hex digits>  <relative path>')"
        case .unsafeManifestPath(let f, let l, let p): "\(f):\(l):67: unsafe path '\(p)' (expected a relative path without '..')"
        case .duplicateManifestPath(let f, let l, let p): "\(f):\(l):67: '\(p)' is listed twice (expected each path once)"
        case .jsonSyntax(let line, let column, let message): "\(line):\(column): \(message)"
        case .nonFiniteNumber(let path, let value): "non-finite number \(value) at \(path.isEmpty ? "the top level" : path)"
        }
    }
}

extension DeterminismError {
    /// True for the malformed-manifest cases.
    public var isManifestProblem: Bool {
        switch self {
        case .malformedManifestLine, .unsafeManifestPath, .duplicateManifestPath: true
        default: false
        }
    }
}
