import Foundation
import UnderstudyHarness

/// Progress on stderr: a redrawn bar on a terminal, plain lines otherwise.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let label: String
    private let terminal: Bool
    private var drawn = false

    init(label: String) {
        self.label = label
        terminal = isatty(2) == 1
    }

    func update(done: Int, total: Int, item: String) {
        lock.lock(); defer { lock.unlock() }
        if terminal {
            let width = 30
            let filled = total == 0 ? width : done * width / total
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            writeError("\r\(label) [\(bar)] \(done)/\(total) \(item)\u{1B}[K", newline: false)
            drawn = true
        } else {
            writeError("\(label): \(done)/\(total) \(item) done")
        }
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        if drawn { writeError("") ; drawn = false }
    }
}

extension ProgressBar {
    /// The bar as the harness's progress callback.
    var progress: RunProgress { { done, total, unit in self.update(done: done, total: total, item: unit) } }
}
