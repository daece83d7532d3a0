import Foundation
import UnderstudyExperiments
import UnderstudyPNG

/// The harness: what `understudy` does with specs and run directories, as a library — run,
/// shard and merge, verify, reproduce, compare, submit — so all of it can be tested in-process.
/// The CLI only parses, calls in here, and prints.
public enum Harness {
    /// The tool's version. It is written into provenance.json and shard.json, so changing it
    /// changes the bytes of every run (and `understudy merge` refuses shards of another one).
    public static let version = "0.1.0"

    /// Reads and validates the spec at `path`, with `--seed`/`--seeds` overrides, refusing
    /// one whose run would exceed `limits` (`--allow-large` passes `.unlimited`).
    public static func loadSpec(_ path: String, seed: UInt64? = nil, seeds: Int? = nil,
                                limits: ResourceLimits = .standard) throws(HarnessError) -> Study {
        try HarnessError.wrapping { try Study.load(path, seed: seed, seeds: seeds, limits: limits) }
    }
}

/// Hears of each finished work unit: how many are done of how many, and the one just done.
public typealias RunProgress = @Sendable (_ done: Int, _ total: Int, _ unit: String) -> Void

extension Harness {
    /// Whether `a` and `b` name the same existing file or directory (same device and inode,
    /// so `./x`, `x/` and a symlink to `x` all count): an output may never be an input.
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }

    /// Throws `outputIsAnInput` when `output` is one of `inputs` or lies inside one (the check
    /// walks up `output`'s existing ancestors).
    public static func requireApart(output: String, from inputs: [String]) throws(HarnessError) {
        var path = URL(fileURLWithPath: output).standardizedFileURL.path
        var inside = false
        while true {
            if let input = inputs.first(where: { sameFile(path, $0) }) { throw .outputIsAnInput(output, input, inside: inside) }
            inside = true
            let parent = (path as NSString).deletingLastPathComponent
            if parent == path || parent.isEmpty { return }
            path = parent
        }
    }

    /// Refuses a PNG among `paths` whose header declares more than `limits.imagePixels`
    /// pixels, before anything decodes it (decoding allocates for every declared pixel, so a
    /// 1.5 MB file can ask for gigabytes). Files that are not PNGs are left to the decoder.
    public static func checkImageSizes(_ paths: [String], limits: ResourceLimits = .standard) throws(HarnessError) {
        for path in paths {
            let header = pngHeader(path)
            guard header.count == 24, header.starts(with: PNGSignature.bytes), header[12..<16] == Array("IHDR".utf8)[...] else { continue }
            let width = header[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = header[20..<24].reduce(0) { $0 << 8 | Int($1) }
            if width * height > limits.imagePixels {
                throw .imageTooLarge(path: path, width: width, height: height, limit: limits.imagePixels)
            }
        }
    }

    /// Refuses an output image path that exists and is not a PNG (a directory, a user's own
    /// file): a diff image replaces only an earlier image.
    public static func checkImageOutput(_ path: String) throws(HarnessError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard !isDirectory.boolValue, pngHeader(path).starts(with: PNGSignature.bytes) else {
            throw .notAnImageOutput(path, isDirectory: isDirectory.boolValue)
        }
    }

    /// The first 24 bytes of the regular file at `path` (fewer when it is shorter, none when
    /// it is no regular file: a FIFO is opened non-blocking and left alone, a directory or a
    /// device is not read — Foundation's FileHandle traps on a directory).
    static func pngHeader(_ path: String) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return [] }
        var header = [UInt8](repeating: 0, count: 24)
        let n = header.withUnsafeMutableBytes { read(fd, $0.baseAddress!, 24) }
        return Array(header.prefix(max(n, 0)))
    }
}
