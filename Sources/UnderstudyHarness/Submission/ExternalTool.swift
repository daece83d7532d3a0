import Foundation

/// What a command-line tool (sbatch, scontrol, kubectl) printed and how it ended.
public struct ToolResult: Sendable, Equatable {
    public var status: Int32
    public var output: String
    public var errors: String

    public init(status: Int32, output: String = "", errors: String = "") {
        self.status = status
        self.output = output
        self.errors = errors
    }

    /// The first non-blank line of `text`, trimmed: what a one-line error quotes of a tool.
    public static func firstLine(_ text: String) -> String? {
        text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// Finding and running the cluster tools a submission talks to.
public enum ExternalTool {
    /// The first executable `name` on PATH, or nil.
    public static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { String($0) + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `executable` with `arguments` (no stdin) and collects what it prints.
    public static func run(_ executable: String, _ arguments: [String]) throws(HarnessError) -> ToolResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw .submission(.cannotStart(executable, reason: "\(error)"))
        }
        // Read both pipes before waiting so a chatty tool never blocks on a full pipe.
        let errorData = PipeCollector(errors.fileHandleForReading)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ToolResult(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                          errors: String(decoding: errorData.data(), as: UTF8.self))
    }

    /// `path` made absolute against the current directory (the jobs run elsewhere).
    public static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
            .standardizedFileURL.path
    }
}

/// Reads a pipe to its end on a thread of its own.
private final class PipeCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var collected = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            let data = handle.readDataToEndOfFile()
            lock.lock(); collected = data; lock.unlock()
            done.signal()
        }
    }

    func data() -> Data {
        done.wait()
        lock.lock(); defer { lock.unlock() }
        return collected
    }
}
