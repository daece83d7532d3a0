// The pixel layouts the encoder reads: the only thing its callers differ in.

// MARK: - Public API

/// An image the PNG encoder can read row by row, in whatever layout it is stored.
///
/// Conformers: `PremultipliedARGB32Rows` (a cairo image surface) and `RGBARows` (8-bit RGBA,
/// straight alpha). Rows are read from several threads at once (one per band), so a conformer
/// must not change while it is encoded.
public protocol PNGPixelRows: Sendable {
    var width: Int { get }
    var height: Int { get }
    /// True when every pixel is opaque: the PNG is then RGB, else RGBA.
    var isOpaque: Bool { get }
    /// Writes row `y` as 8-bit R, G, B (`channels` 3) or R, G, B, A with straight alpha
    /// (`channels` 4) into `out`, which holds `width * channels` bytes.
    func unpack(row y: Int, channels: Int, into out: UnsafeMutablePointer<UInt8>)
}

/// A cairo `CAIRO_FORMAT_ARGB32` image: native-endian 32-bit words, alpha premultiplied,
/// rows `stride` bytes apart. Holds a pointer: the pixels must outlive the encoding.
public struct PremultipliedARGB32Rows: PNGPixelRows, @unchecked Sendable {
    public let base: UnsafePointer<UInt8>
    public let width: Int
    public let height: Int
    public let stride: Int
    public let isOpaque: Bool

    public init(pixels base: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) {
        self.base = base
        self.width = width
        self.height = height
        self.stride = stride
        isOpaque = Self.allOpaque(base, width: width, height: height, stride: stride)
    }

    public func unpack(row y: Int, channels: Int, into out: UnsafeMutablePointer<UInt8>) {
        let words = UnsafeRawPointer(base + y * stride).bindMemory(to: UInt32.self, capacity: width)
        if channels == 3 {
            for x in 0..<width {
                let p = words[x]
                out[3 * x] = UInt8(truncatingIfNeeded: p >> 16)
                out[3 * x + 1] = UInt8(truncatingIfNeeded: p >> 8)
                out[3 * x + 2] = UInt8(truncatingIfNeeded: p)
            }
        } else {
            for x in 0..<width {
                let s = Self.straight(words[x])
                out[4 * x] = s.0
                out[4 * x + 1] = s.1
                out[4 * x + 2] = s.2
                out[4 * x + 3] = s.3
            }
        }
    }

    /// Straight-alpha RGBA of a premultiplied ARGB32 pixel (alpha 0 gives 0, 0, 0, 0).
    @inline(__always)
    static func straight(_ p: UInt32) -> (UInt8, UInt8, UInt8, UInt8) {
        let a = p >> 24
        guard a != 0 else { return (0, 0, 0, 0) }
        func channel(_ v: UInt32) -> UInt8 { UInt8(min(255, (v * 255 + a / 2) / a)) }
        return (channel((p >> 16) & 0xFF), channel((p >> 8) & 0xFF), channel(p & 0xFF), UInt8(a))
    }

    static func allOpaque(_ pixels: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) -> Bool {
        for y in 0..<height {
            let row = UnsafeRawPointer(pixels + y * stride).bindMemory(to: UInt32.self, capacity: width)
            var all: UInt32 = 0xFF00_0000
            for x in 0..<width { all &= row[x] }
            if all & 0xFF00_0000 != 0xFF00_0000 { return false }
        }
        return true
    }
}

/// 8-bit R, G, B, A bytes with straight alpha, row after row without padding.
public struct RGBARows: PNGPixelRows {
    public let bytes: [UInt8]
    public let width: Int
    public let height: Int
    public let isOpaque: Bool

    /// `bytes` holds `width * height * 4` bytes.
    public init(bytes: [UInt8], width: Int, height: Int) {
        precondition(bytes.count == width * height * 4, "RGBARows: \(bytes.count) bytes for \(width) × \(height) pixels")
        self.bytes = bytes
        self.width = width
        self.height = height
        isOpaque = bytes.withUnsafeBufferPointer { p in
            var i = 3
            var all: UInt8 = 0xFF
            while i < p.count { all &= p[i]; i += 4 }
            return all == 0xFF
        }
    }

    public func unpack(row y: Int, channels: Int, into out: UnsafeMutablePointer<UInt8>) {
        bytes.withUnsafeBufferPointer { p in
            let src = p.baseAddress! + y * width * 4
            if channels == 4 {
                out.update(from: src, count: width * 4)
            } else {
                for x in 0..<width {
                    out[3 * x] = src[4 * x]
                    out[3 * x + 1] = src[4 * x + 1]
                    out[3 * x + 2] = src[4 * x + 2]
                }
            }
        }
    }
}
