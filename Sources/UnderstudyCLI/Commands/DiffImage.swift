import ArgumentParser
import UnderstudyExperiments
import UnderstudyHarness
import UnderstudyGoldenImage

/// `understudy diff-image A.png B.png [--out diff.png] [--threshold T] [--include-aa]`:
/// pixelmatch two PNGs and print how many pixels differ.
struct DiffImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff-image",
        abstract: "Count the pixels that differ between two PNG images (pixelmatch).",
        discussion: """
        Colours are compared in YIQ space after blending translucent pixels with white; pixels \
        that differ only by anti-aliasing are reported but not counted (unless --include-aa). \
        The diff image shows differing pixels in red, anti-aliasing in yellow, over a faded \
        grayscale copy of A.

        Exit status: 0 if no pixel differs, 1 if some do, 2 on bad input (a missing or corrupt \
        file, or images of different sizes).

        Example:
          understudy diff-image golden.png actual.png --out diff.png --threshold 0.1
          1234 of 1600000 pixels differ (1600×1000, threshold 0.1; 56 more only by anti-aliasing)
        """
    )

    @Argument(help: "The first PNG image (the reference; the diff image fades it).")
    var a: String

    @Argument(help: "The second PNG image.")
    var b: String

    @Option(help: "Write the diff image (PNG) here.")
    var out: String?

    @Option(parsing: .unconditional, help: "Matching threshold in 0…1; smaller is more sensitive.")
    var threshold: Double = 0.1

    @Flag(name: .customLong("include-aa"), help: "Count anti-aliasing differences too.")
    var includeAA = false

    @Flag(help: "Lift the resource limit on image pixels.")
    var allowLarge = false

    func validate() throws {
        guard threshold >= 0 && threshold <= 1 else {
            throw ValidationError("--threshold \(threshold) is out of range (expected a number in 0…1)")
        }
    }

    func run() throws {
        if let out, let input = [a, b].first(where: { $0 == out || Harness.sameFile($0, out) }) {
            throw HarnessError.outputIsAnInput(out, input, inside: false)
        }
        if let out {
            try RunDirectoryClaim.checkPath(out)
            try Harness.checkImageOutput(out)
        }
        try Harness.checkImageSizes([a, b], limits: .allowing(large: allowLarge))
        let result: DiffResult
        do {
            result = try diffImages(a: a, b: b, out: out, threshold: threshold, includeAA: includeAA)
        } catch {
            throw CommandError.image(error)
        }
        var line = "\(result.differingPixels) of \(result.totalPixels) pixels differ "
            + "(\(result.width)×\(result.height), threshold \(threshold)"
        if result.antialiasedPixels > 0 { line += "; \(result.antialiasedPixels) more only by anti-aliasing" }
        line += ")"
        print(line)
        if let path = result.diffImagePath { print("diff image: \(path)") }
        if result.differingPixels > 0 {
            throw CommandError.difference("\(a) and \(b) differ")
        }
    }
}
