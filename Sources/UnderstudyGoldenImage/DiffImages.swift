import Dispatch

// MARK: - Public API

/// What `diffImages` found, for the `diff-image` command to print.
public struct DiffResult: Sendable, Equatable {
    /// Width of both images, in pixels.
    public var width: Int
    /// Height of both images, in pixels.
    public var height: Int
    /// Pixels that differ beyond the threshold, not counting anti-aliasing (unless included).
    public var differingPixels: Int
    /// Pixels that differ only by anti-aliasing (0 with `includeAA`).
    public var antialiasedPixels: Int
    /// Where the diff image was written, if asked for.
    public var diffImagePath: String?

    /// Pixels in each image: `width × height`.
    public var totalPixels: Int { width * height }

    /// A result as `diffImages` returns it.
    public init(width: Int, height: Int, differingPixels: Int, antialiasedPixels: Int, diffImagePath: String?) {
        self.width = width
        self.height = height
        self.differingPixels = differingPixels
        self.antialiasedPixels = antialiasedPixels
        self.diffImagePath = diffImagePath
    }
}

/// Decodes two PNG files and compares them with pixelmatch, writing the diff image to `out`
/// if given. Throws (writing nothing) on a missing or corrupt file, a size mismatch or a
/// threshold outside 0…1.
public func diffImages(a: String, b: String, out: String?, threshold: Double,
                       includeAA: Bool) throws(GoldenImageError) -> DiffResult {
    let options = PixelMatchOptions(threshold: threshold, includeAA: includeAA)
    try options.validate()
    let (first, second) = try decodePair(a, b)
    guard first.width == second.width, first.height == second.height else {
        throw .sizeMismatch(pathA: a, sizeA: first.sizeDescription, pathB: b, sizeB: second.sizeDescription)
    }
    let result = try PixelMatch.compare(first, second, options: options, makeDiffImage: out != nil)
    if let out, let diff = result.diffImage { try diff.writePNG(to: out) }
    return DiffResult(width: first.width, height: first.height, differingPixels: result.differingPixels,
                      antialiasedPixels: result.antialiasedPixels, diffImagePath: out)
}

// MARK: - Implementation details

/// Decodes two PNG files on two threads (decoding is most of `diff-image`'s time); the first
/// file's error wins, so messages do not depend on timing.
func decodePair(_ a: String, _ b: String) throws(GoldenImageError) -> (RGBAImage, RGBAImage) {
    let slots = DecodeSlots()
    DispatchQueue.concurrentPerform(iterations: 2) { i in
        let path = i == 0 ? a : b
        let result: Result<RGBAImage, GoldenImageError>
        do throws(GoldenImageError) { result = .success(try RGBAImage(contentsOfPNG: path)) } catch { result = .failure(error) }
        slots.store(result, at: i)
    }
    return (try slots.results[0]!.get(), try slots.results[1]!.get())
}

/// Two result slots, each written by exactly one worker of `decodePair` before
/// `concurrentPerform` returns; read only after it returns.
private final class DecodeSlots: @unchecked Sendable {
    var results: [Result<RGBAImage, GoldenImageError>?] = [nil, nil]
    func store(_ result: Result<RGBAImage, GoldenImageError>, at index: Int) {
        results.withUnsafeMutableBufferPointer { $0[index] = result }
    }
}
