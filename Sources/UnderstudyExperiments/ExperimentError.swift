/// The one error type of this module: reading a spec, running its units, reading a run back.
/// Each case renders one line a user can act on (the command line adds `error: `).
public enum ExperimentError: Error, CustomStringConvertible, Equatable, Sendable {
    /// An invalid spec, at `file:line:col`.
    case spec(SpecError)
    /// A spec file that cannot be read at all.
    case unreadableSpec(path: String)
    /// Another process holds the run directory's lock.
    case locked(path: String, pid: Int32?)
    /// The run directory holds a run of another spec.
    case differentSpec(path: String)
    /// A stored file (a unit, `results.json`, `trajectories.json`) holds an unexpected value at
    /// a key path.
    case malformed(source: String, path: String, found: String, expected: String)
    /// A stored unit is not valid JSON (`detail` starts with `:line:col:`).
    case corruptUnit(source: String, detail: String)
    /// A unit that should be stored is not.
    case missingUnit(source: String, unit: String)
    /// A stored unit's file holds another unit.
    case wrongUnit(source: String, holds: String, expected: String)
    /// Results were assembled before every unit finished.
    case incompleteRun(missing: String)
    /// The spec's environment has no expert to demonstrate, label and compare with.
    case noExpert(environment: String)
    /// A work unit failed while it ran (an error of a module below, rendered as that module does).
    case unitFailed(unit: String, reason: String)

    public var description: String {
        switch self {
        case .spec(let error):
            return error.description
        case .unreadableSpec(let path):
            return "\(path): cannot read the spec (expected a TOML file; try `ls seeds/`)"
        case .locked(let path, let pid):
            return "\(path) is in use by another run\(pid.map { " (process \($0))" } ?? "") (expected one run per directory; wait for it or use --out)"
        case .differentSpec(let path):
            return "\(path) holds a run of a different spec (expected an empty directory or the same spec; use --out or remove it)"
        case .malformed(let source, let path, let found, let expected):
            return "\(source): \(path.isEmpty ? "top level" : path): \(found) (expected \(expected))"
        case .corruptUnit(let source, let detail):
            return "\(source):\(detail) (a stored unit is corrupt; delete it to recompute)"
        case .missingUnit(let source, let unit):
            return "\(source): missing (expected the finished unit \(unit))"
        case .wrongUnit(let source, let holds, let expected):
            return "\(source): holds unit \(holds) (expected \(expected))"
        case .incompleteRun(let unit):
            return "missing unit \(unit)"
        case .noExpert(let environment):
            return "no expert for environment \(environment)"
        case .unitFailed(let unit, let reason):
            return "\(unit): \(reason)"
        }
    }
}
