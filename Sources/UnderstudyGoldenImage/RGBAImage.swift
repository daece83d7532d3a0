/// A decoded raster image: 8-bit straight (non-premultiplied) RGBA, rows top to bottom, no padding.
///
/// Straight alpha is what PNG stores and what pixelmatch compares, so colours of translucent
/// pixels mean what a viewer sees over white, and a fully transparent pixel compares by its alpha.
public struct RGBAImage: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// `width * height * 4` bytes: R, G, B, A for each pixel in row-major order.
    public private(set) var pixels: [UInt8]

    /// An image over existing pixel bytes; `pixels.count` must be `width * height * 4`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0, "RGBAImage: negative size \(width)×\(height)")
        precondition(pixels.count == width * height * 4,
                     "RGBAImage: \(pixels.count) bytes for \(width)×\(height) (expected \(width * height * 4))")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An image filled with one colour (default: opaque white).
    public init(width: Int, height: Int, fill: RGBA = RGBA(255, 255, 255, 255)) {
        precondition(width >= 0 && height >= 0, "RGBAImage: negative size \(width)×\(height)")
        var bytes = [UInt8](repeating: 0, count: width * height * 4)
        var i = 0
        while i < bytes.count {
            bytes[i] = fill.r; bytes[i + 1] = fill.g; bytes[i + 2] = fill.b; bytes[i + 3] = fill.a
            i += 4
        }
        self.init(width: width, height: height, pixels: bytes)
    }

    /// `width × height`.
    public var pixelCount: Int { width * height }

    /// The pixel at column `x`, row `y` (0-based, from the top left).
    public subscript(x: Int, y: Int) -> RGBA {
        get {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "RGBAImage: (\(x), \(y)) outside \(width)×\(height)")
            let p = (y * width + x) * 4
            return RGBA(pixels[p], pixels[p + 1], pixels[p + 2], pixels[p + 3])
        }
        set {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "RGBAImage: (\(x), \(y)) outside \(width)×\(height)")
            let p = (y * width + x) * 4
            pixels[p] = newValue.r; pixels[p + 1] = newValue.g; pixels[p + 2] = newValue.b; pixels[p + 3] = newValue.a
        }
    }

    /// Direct access to the pixel bytes for fast producers (decoders, renderers).
    public mutating func withUnsafeMutablePixels<R>(_ body: (UnsafeMutableBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try pixels.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// "1600×1000", as messages print sizes.
    public var sizeDescription: String { "\(width)×\(height)" }
}

/// One straight-alpha RGBA pixel.
public struct RGBA: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Red, green, blue and straight (not premultiplied) alpha, 0…255.
    public var r: UInt8, g: UInt8, b: UInt8, a: UInt8
    /// A colour from its channels; opaque unless `a` says otherwise.
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8, _ a: UInt8 = 255) {
        self.r = r; self.g = g; self.b = b; self.a = a
    }
    /// `rgba(r, g, b, a)`, for messages.
    public var description: String { "rgba(\(r), \(g), \(b), \(a))" }
}
