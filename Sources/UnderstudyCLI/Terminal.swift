#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

// The CLI's only platform calls, in one guarded place: ending the process and writing to
// stderr unbuffered.

/// Ends the process with exit status `code`.
func terminate(_ code: Int32) -> Never {
    exit(code)
}

/// Writes `text` to stderr unbuffered (progress and notes interleave with stdout correctly).
func writeError(_ text: String, newline: Bool = true) {
    var line = text
    if newline && !line.hasSuffix("\n") { line += "\n" }
    var bytes = Array(line.utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}

/// `text` made safe for one line of a terminal: control characters (C0, DEL, C1, which can
/// forge lines, move the cursor or retitle the window) shown as `\u{1B}`, and anything past
/// `limit` characters cut with `…` — a message never echoes a megabyte of input.
func terminalLine(_ text: String, limit: Int = 400) -> String {
    var out = ""
    var count = 0
    for scalar in text.unicodeScalars {
        if count >= limit { return out + "…" }
        let v = scalar.value
        if v < 0x20 || (0x7F...0x9F).contains(v) {
            out += "\\u{\(String(v, radix: 16, uppercase: true))}"
        } else {
            out.unicodeScalars.append(scalar)
        }
        count += 1
    }
    return out
}

/// A message safe for the terminal: its `hint:` lines stay lines of their own; every other
/// newline (one inside a file name, say, which could forge an `error:` line) is escaped with
/// the other control characters by `terminalLine`.
func terminalLines(_ message: String) -> String {
    var lines: [String] = []
    for part in message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        if lines.isEmpty || part.hasPrefix("hint: ") { lines.append(part) } else { lines[lines.count - 1] += "\n" + part }
    }
    return lines.map { terminalLine($0) }.joined(separator: "\n")
}

/// Runs `cleanup` and exits with 128 + the signal when SIGINT or SIGTERM arrives, for as long
/// as the returned sources are kept alive (a `defer` does not run when a signal ends a process).
func onInterrupt(_ cleanup: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
    [SIGINT, SIGTERM].map { number in
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler {
            cleanup()
            terminate(128 + number)
        }
        source.resume()
        return source
    }
}
