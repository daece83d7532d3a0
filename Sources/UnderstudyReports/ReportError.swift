/// Failures of drawing a report or a comparison, each rendered as one line that names the file.
public enum ReportError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A file a report needs does not exist or cannot be read.
    case missing(path: String, what: String)
    /// A file exists but does not hold what `understudy run` writes.
    case corrupt(path: String, what: String)
    /// An output file could not be written.
    case cannotWrite(path: String, what: String)

    public var description: String {
        switch self {
        case .missing(let path, let what): return "error: \(path): \(what)"
        case .corrupt(let path, let what):
            // A positioned finding ("2:2: unexpected …") joins the path as file:line:col.
            return "error: \(path):\(what.first?.isNumber == true ? "" : " ")\(what)"
        case .cannotWrite(let path, let what): return "error: \(path): cannot write (\(what))"
        }
    }
}
