import Foundation

/// The operating system's reason a file operation failed, in `strerror`'s words ("No space
/// left on device", "Permission denied"): what every "cannot write" message ends with, so a
/// failure reads as one line naming the path and the reason instead of a Foundation dump or
/// a message wrapped inside another.
public enum SystemReason {
    /// The reason for the current `errno`.
    public static var last: String { String(cString: strerror(errno)) }

    /// The reason behind `error`: the POSIX error a Foundation file error wraps, else its
    /// localized description; another module's error in its own words (first line only).
    public static func of(_ error: any Error) -> String {
        if case .cannotWrite(_, let reason)? = error as? DeterminismError { return reason }
        let ns = error as NSError
        guard ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain else {
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        }
        for e in [ns.userInfo[NSUnderlyingErrorKey] as? NSError, ns].compactMap({ $0 }) where e.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(e.code)))
        }
        return ns.localizedDescription
    }
}
