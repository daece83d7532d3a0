/// Everything that can go wrong reading, writing or comparing images; each case renders the
/// one-line `error: …` message users see (never a stack trace).
public enum GoldenImageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not exist or cannot be opened.
    case cannotRead(path: String, reason: String)
    /// The bytes are not a decodable PNG (wrong signature, truncated, corrupt data).
    case notPNG(path: String, reason: String)
    /// Writing an output file failed.
    case cannotWrite(path: String, reason: String)
    /// Two images to compare differ in size.
    case sizeMismatch(pathA: String, sizeA: String, pathB: String, sizeB: String)
    /// Encoding failed (out of memory in zlib, or an image too large for PNG).
    case cannotEncode(reason: String)
    /// An option is out of range (e.g. a threshold outside 0…1).
    case invalidOption(String)

    /// One `error: …` line naming the file and what is wrong with it.
    public var message: String {
        switch self {
        case let .cannotRead(path, reason): "error: \(path): cannot read (\(reason))"
        case let .notPNG(path, reason): "error: \(path): not a PNG image (\(reason))"
        case let .cannotWrite(path, reason): "error: \(path): cannot write (\(reason))"
        case let .sizeMismatch(a, sa, b, sb): "error: \(a) is \(sa) but \(b) is \(sb) (expected equal sizes)"
        case let .cannotEncode(reason): "error: cannot encode PNG (\(reason))"
        case let .invalidOption(what): "error: \(what)"
        }
    }

    /// The same as ``message``.
    public var description: String { message }
}
