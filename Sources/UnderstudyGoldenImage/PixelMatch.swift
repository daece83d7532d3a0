// MARK: - Public API

/// Options of the perceptual comparison; the defaults are pixelmatch's.
public struct PixelMatchOptions: Sendable, Equatable {
    /// Matching threshold in 0…1; smaller is more sensitive. A pixel differs when its squared
    /// YIQ distance exceeds `35215 · threshold²` (35215 is the largest possible distance).
    public var threshold: Double
    /// Count anti-aliased pixels as differences too (turns the anti-aliasing detector off).
    public var includeAA: Bool
    /// Opacity of the faded grayscale original drawn under the differences in the diff image.
    public var alpha: Double
    /// Colour of pixels that differ only by anti-aliasing, in the diff image.
    public var aaColor: RGBA
    /// Colour of differing pixels, in the diff image.
    public var diffColor: RGBA

    /// pixelmatch's defaults (threshold 0.1, anti-aliasing not counted, yellow and red diff colours).
    public init(threshold: Double = 0.1, includeAA: Bool = false, alpha: Double = 0.1,
                aaColor: RGBA = RGBA(255, 255, 0), diffColor: RGBA = RGBA(255, 0, 0)) {
        self.threshold = threshold
        self.includeAA = includeAA
        self.alpha = alpha
        self.aaColor = aaColor
        self.diffColor = diffColor
    }

    /// Rejects options outside their ranges, with the one-line message users see.
    public func validate() throws(GoldenImageError) {
        guard threshold >= 0 && threshold <= 1 else {
            throw .invalidOption("threshold \(threshold) is out of range (expected a number in 0…1)")
        }
        guard alpha >= 0 && alpha <= 1 else {
            throw .invalidOption("diff image alpha \(alpha) is out of range (expected a number in 0…1)")
        }
    }
}

/// What a perceptual comparison found.
public struct PixelMatchResult: Sendable, Equatable {
    /// Pixels whose colours differ beyond the threshold and are not anti-aliasing.
    public var differingPixels: Int
    /// Pixels beyond the threshold that the detector attributed to anti-aliasing (not counted
    /// in `differingPixels`; always 0 with `includeAA`).
    public var antialiasedPixels: Int
    /// Red where pixels differ, yellow where they differ by anti-aliasing, elsewhere the first
    /// image in faded grayscale; nil unless asked for.
    public var diffImage: RGBAImage?
}

/// A port of pixelmatch (https://github.com/mapbox/pixelmatch, 5.x, as in the Python
/// `pixelmatch` 0.4.0 package): YIQ colour distance after blending translucent pixels with
/// white (Kotsarenko & Ramos, "Measuring perceived color difference using YIQ NTSC transmission
/// color space in mobile applications", 2010) and an anti-aliasing detector (Vysniauskas,
/// "Anti-aliased Pixel and Intensity Slope Detector", 2009). Same arithmetic in the same order,
/// so counts agree with pixelmatch's exactly on the same pixels.
public enum PixelMatch {
    /// Compares two images of equal size. Equal pixels are skipped by comparing 32-bit words;
    /// the loop allocates nothing per pixel.
    public static func compare(
        _ first: RGBAImage, _ second: RGBAImage,
        options: PixelMatchOptions = PixelMatchOptions(), makeDiffImage: Bool = false
    ) throws(GoldenImageError) -> PixelMatchResult {
        try options.validate()
        guard first.width == second.width, first.height == second.height else {
            throw .sizeMismatch(pathA: "the first image", sizeA: first.sizeDescription,
                                pathB: "the second image", sizeB: second.sizeDescription)
        }
        var counts = (differing: 0, antialiased: 0)
        let run = { (output: UnsafeMutablePointer<UInt8>?) in
            first.pixels.withUnsafeBufferPointer { a in
                second.pixels.withUnsafeBufferPointer { b in
                    counts = Matcher(a: a.baseAddress, b: b.baseAddress, width: first.width, height: first.height,
                                     options: options).run(output: output)
                }
            }
        }
        var diffImage: RGBAImage?
        if makeDiffImage {
            // Every pixel of the diff image is written, so skip zero-filling it.
            let output = [UInt8](unsafeUninitializedCapacity: first.pixels.count) { buffer, initialized in
                run(buffer.baseAddress)
                initialized = buffer.count
            }
            diffImage = RGBAImage(width: first.width, height: first.height, pixels: output)
        } else {
            run(nil)
        }
        return PixelMatchResult(differingPixels: counts.differing, antialiasedPixels: counts.antialiased,
                                diffImage: diffImage)
    }
}

// MARK: - Implementation details

/// One comparison over raw pixel pointers (nil only for empty images).
private struct Matcher {
    let a: UnsafePointer<UInt8>?
    let b: UnsafePointer<UInt8>?
    let width: Int
    let height: Int
    let options: PixelMatchOptions

    func run(output: UnsafeMutablePointer<UInt8>?) -> (differing: Int, antialiased: Int) {
        let count = width * height
        guard count > 0, let a, let b else { return (0, 0) }
        // pixelmatch: maximum acceptable square distance between two colours;
        // 35215 is the maximum possible value for the YIQ difference metric.
        let maxDelta = 35215 * options.threshold * options.threshold
        let a32 = UnsafeRawPointer(a).assumingMemoryBound(to: UInt32.self)
        let b32 = UnsafeRawPointer(b).assumingMemoryBound(to: UInt32.self)
        var differing = 0, antialiased = 0
        var gray = GrayCache(alpha: options.alpha)

        var i = 0
        while i < count {
            if a32[i] == b32[i] {
                if let output { gray.draw(a + 4 * i, into: output + 4 * i) }
                i += 1
                continue
            }
            let pos = 4 * i
            let delta = colorDelta(a + pos, b + pos)
            if delta > maxDelta {
                let x = i % width, y = i / width
                if !options.includeAA
                    && (isAntialiased(a, a32, x, y, other: b32) || isAntialiased(b, b32, x, y, other: a32)) {
                    antialiased += 1
                    if let output { draw(options.aaColor, into: output + pos) }
                } else {
                    differing += 1
                    if let output { draw(options.diffColor, into: output + pos) }
                }
            } else if let output {
                gray.draw(a + pos, into: output + pos)
            }
            i += 1
        }
        return (differing, antialiased)
    }

    /// Whether the pixel at (x1, y1) of `img` looks like anti-aliasing: among its 8 neighbours
    /// at most 2 equal it, there are both darker and brighter ones, and the darkest or the
    /// brightest of them sits in a flat area (3+ equal neighbours) in both images.
    func isAntialiased(_ img: UnsafePointer<UInt8>, _ img32: UnsafePointer<UInt32>, _ x1: Int, _ y1: Int,
                       other: UnsafePointer<UInt32>) -> Bool {
        let x0 = max(x1 - 1, 0), y0 = max(y1 - 1, 0)
        let x2 = min(x1 + 1, width - 1), y2 = min(y1 + 1, height - 1)
        let center = y1 * width + x1
        let centerWord = img32[center]
        let centerY = blendedLuma(img + 4 * center)
        var zeroes = (x1 == x0 || x1 == x2 || y1 == y0 || y1 == y2) ? 1 : 0
        var minDelta = 0.0, maxDelta = 0.0
        var minX = 0, minY = 0, maxX = 0, maxY = 0

        // Columns outer, rows inner, as pixelmatch: ties keep the first extreme found.
        for x in x0...x2 {
            for y in y0...y2 {
                if x == x1 && y == y1 { continue }
                let index = y * width + x
                // Brightness delta between the centre pixel and this neighbour.
                let delta = img32[index] == centerWord ? 0.0 : centerY - blendedLuma(img + 4 * index)
                if delta == 0 {
                    zeroes += 1
                    if zeroes > 2 { return false }
                } else if delta < minDelta {
                    minDelta = delta; minX = x; minY = y
                } else if delta > maxDelta {
                    maxDelta = delta; maxX = x; maxY = y
                }
            }
        }
        if minDelta == 0 || maxDelta == 0 { return false }
        return (hasManySiblings(img32, minX, minY) && hasManySiblings(other, minX, minY))
            || (hasManySiblings(img32, maxX, maxY) && hasManySiblings(other, maxX, maxY))
    }

    /// Whether the pixel at (x1, y1) has 3+ neighbours of exactly its colour (edges count as one).
    func hasManySiblings(_ img: UnsafePointer<UInt32>, _ x1: Int, _ y1: Int) -> Bool {
        let p = y1 * width + x1
        let value = img[p]
        if x1 > 0 && x1 < width - 1 && y1 > 0 && y1 < height - 1 {
            let w = width
            var same = 0
            same += img[p - w - 1] == value ? 1 : 0
            same += img[p - 1] == value ? 1 : 0
            same += img[p + w - 1] == value ? 1 : 0
            same += img[p - w] == value ? 1 : 0
            same += img[p + w] == value ? 1 : 0
            same += img[p - w + 1] == value ? 1 : 0
            same += img[p + 1] == value ? 1 : 0
            same += img[p + w + 1] == value ? 1 : 0
            return same > 2
        }
        let x0 = max(x1 - 1, 0), y0 = max(y1 - 1, 0)
        let x2 = min(x1 + 1, width - 1), y2 = min(y1 + 1, height - 1)
        var zeroes = (x1 == x0 || x1 == x2 || y1 == y0 || y1 == y2) ? 1 : 0
        for x in x0...x2 {
            for y in y0...y2 {
                if x == x1 && y == y1 { continue }
                if img[y * width + x] == value { zeroes += 1 }
                if zeroes > 2 { return true }
            }
        }
        return false
    }
}

/// The squared YIQ distance between two pixels that are not byte-identical (pixelmatch's
/// `colorDelta`, translucent pixels blended with white first).
@inline(__always)
private func colorDelta(_ p: UnsafePointer<UInt8>, _ q: UnsafePointer<UInt8>) -> Double {
    let (r1, g1, b1) = blendedWithWhite(p)
    let (r2, g2, b2) = blendedWithWhite(q)
    let y = luma(r1, g1, b1) - luma(r2, g2, b2)
    let i = (r1 * 0.59597799 - g1 * 0.27417610 - b1 * 0.32180189)
          - (r2 * 0.59597799 - g2 * 0.27417610 - b2 * 0.32180189)
    let q = (r1 * 0.21147017 - g1 * 0.52261711 + b1 * 0.31114694)
          - (r2 * 0.21147017 - g2 * 0.52261711 + b2 * 0.31114694)
    return 0.5053 * y * y + 0.299 * i * i + 0.1957 * q * q
}

/// The Y (brightness) of a pixel after blending with white.
@inline(__always)
private func blendedLuma(_ p: UnsafePointer<UInt8>) -> Double {
    let (r, g, b) = blendedWithWhite(p)
    return luma(r, g, b)
}

@inline(__always)
private func luma(_ r: Double, _ g: Double, _ b: Double) -> Double {
    r * 0.29889531 + g * 0.58662247 + b * 0.11448223
}

/// RGB over white: `255 + (c − 255) · a/255` for translucent pixels, unchanged if opaque.
@inline(__always)
private func blendedWithWhite(_ p: UnsafePointer<UInt8>) -> (Double, Double, Double) {
    var r = Double(p[0]), g = Double(p[1]), b = Double(p[2])
    let alpha = p[3]
    if alpha < 255 {
        let a = Double(alpha) / 255
        r = 255 + (r - 255) * a
        g = 255 + (g - 255) * a
        b = 255 + (b - 255) * a
    }
    return (r, g, b)
}

@inline(__always)
private func draw(_ colour: RGBA, into out: UnsafeMutablePointer<UInt8>) {
    out[0] = colour.r; out[1] = colour.g; out[2] = colour.b; out[3] = 255
}

/// pixelmatch's faded grayscale background, `255 + (Y − 255) · alpha · a/255` truncated to an
/// integer (as the Python port does), remembering the last input word since plots are
/// mostly runs of one colour.
private struct GrayCache {
    let alpha: Double
    var lastWord: UInt32 = 0
    var lastValue: UInt8 = 255  // the value for the all-zero word (transparent black)

    init(alpha: Double) { self.alpha = alpha }

    @inline(__always)
    mutating func draw(_ p: UnsafePointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) {
        let word = UnsafeRawPointer(p).loadUnaligned(as: UInt32.self)
        if word != lastWord {
            lastWord = word
            let y = Double(p[0]) * 0.29889531 + Double(p[1]) * 0.58662247 + Double(p[2]) * 0.11448223
            let value = 255 + (y - 255) * (alpha * Double(p[3]) / 255)
            lastValue = UInt8(clamping: Int(value))
        }
        out[0] = lastValue; out[1] = lastValue; out[2] = lastValue; out[3] = 255
    }
}
