import CUnderstudyCairo
import UnderstudyPNG

// MARK: - Public API

extension RGBAImage {
    /// Decodes the PNG file at `path` (any colour type and bit depth libpng reads; 16-bit
    /// channels are reduced to 8).
    ///
    /// Throws `GoldenImageError.cannotRead` for a missing or unreadable file and `.notPNG` for
    /// anything that is not a complete, valid PNG (wrong signature, truncated, corrupt data).
    public init(contentsOfPNG path: String) throws(GoldenImageError) {
        let bytes = try FileIO.read(path)
        self = try RGBAImage(pngData: bytes, name: path)
    }

    /// Decodes PNG bytes; `name` (a path, usually) is what error messages call them.
    ///
    /// Decoding goes through cairo, which premultiplies alpha: opaque pixels come back
    /// exactly, translucent ones as cairo's rounding of them (the colour of a fully
    /// transparent pixel is lost and reads as 0, 0, 0, 0).
    public init(pngData bytes: [UInt8], name: String = "<data>") throws(GoldenImageError) {
        guard bytes.count >= 8, Array(bytes[0..<8]) == PNGSignature.bytes else {
            let reason = bytes.isEmpty ? "the file is empty" : "no PNG signature in the first 8 bytes"
            throw .notPNG(path: name, reason: reason)
        }
        // cairo 1.16 reports every libpng error as "out of memory", so find damaged or missing
        // chunks first, for a message that says what is wrong.
        if let problem = PNGChunks.problem(in: bytes) { throw .notPNG(path: name, reason: problem) }
        let surface = bytes.withUnsafeBytes { buffer -> OpaquePointer? in
            var cursor = ReadCursor(bytes: buffer, offset: 0)
            return withUnsafeMutablePointer(to: &cursor) { pointer in
                cairo_image_surface_create_from_png_stream(readFromCursor, pointer)
            }
        }
        guard let surface else { throw .notPNG(path: name, reason: "cairo returned no surface") }
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw .notPNG(path: name, reason: Self.describeDecodeFailure(status, byteCount: bytes.count))
        }
        self = try Self.fromCairoSurface(surface, name: name)
    }
}

extension RGBAImage {
    /// The pixels of a cairo image surface (any format; ARGB32 is unpremultiplied), e.g. a
    /// figure just rendered, ready to compare with a golden without a PNG round trip.
    public init(cairoImageSurface surface: OpaquePointer) throws(GoldenImageError) {
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw .invalidOption("cairo surface in error state: " + String(cString: cairo_status_to_string(status)))
        }
        self = try Self.fromCairoSurface(surface, name: "<cairo surface>")
    }
}

// MARK: - Implementation details

/// Straight R, G, B, A (as a little-endian word's bytes) from a translucent premultiplied
/// ARGB32 word, rounding as cairo-png.c's `unpremultiply_data`; alpha 0 gives 0, 0, 0, 0.
@inline(__always)
private func unpremultiplied(_ word: UInt32) -> UInt32 {
    let a = word >> 24
    if a == 0 { return 0 }
    let r = min(((word >> 16) & 0xFF) * 255 + a / 2, 255 * a) / a
    let g = min(((word >> 8) & 0xFF) * 255 + a / 2, 255 * a) / a
    let b = min((word & 0xFF) * 255 + a / 2, 255 * a) / a
    return r | (g << 8) | (b << 16) | (a << 24)
}

/// A walk over a PNG's chunks (length, type, data, CRC-32; https://www.w3.org/TR/png/#5Chunk-layout)
/// that names the first structural problem: truncation, a bad CRC, no IHDR first, no IEND.
enum PNGChunks {
    static func problem(in bytes: [UInt8]) -> String? {
        var offset = 8
        var first = true
        while true {
            guard bytes.count - offset >= 12 else {
                return "truncated: the data ends after \(bytes.count) bytes, before the IEND chunk"
            }
            let length = Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let typeBytes = bytes[(offset + 4)..<(offset + 8)]
            let type = String(decoding: typeBytes.map { (0x20...0x7E).contains($0) ? $0 : 0x3F }, as: UTF8.self)
            if first && type != "IHDR" { return "corrupt: the first chunk is '\(type)', not IHDR" }
            first = false
            guard length <= bytes.count - offset - 12 else {
                return "truncated: the \(type) chunk at byte \(offset) needs \(length) bytes of data but the file ends after \(bytes.count)"
            }
            let stored = UInt32(bytes[offset + 8 + length]) << 24 | UInt32(bytes[offset + 9 + length]) << 16
                | UInt32(bytes[offset + 10 + length]) << 8 | UInt32(bytes[offset + 11 + length])
            let computed = bytes.withUnsafeBufferPointer { p in
                UInt32(truncatingIfNeeded: crc32(0, p.baseAddress! + offset + 4, uInt(length + 4)))
            }
            if stored != computed { return "corrupt: CRC mismatch in the \(type) chunk at byte \(offset)" }
            if type == "IEND" { return nil }
            offset += 12 + length
        }
    }
}

/// The read position in a PNG byte buffer, handed to cairo's stream callback.
private struct ReadCursor {
    var bytes: UnsafeRawBufferPointer
    var offset: Int
}

/// cairo's read callback: copies exactly `length` bytes or reports a read error (a truncated file).
private func readFromCursor(
    _ closure: UnsafeMutableRawPointer?, _ data: UnsafeMutablePointer<UInt8>?, _ length: UInt32
) -> cairo_status_t {
    guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
    let cursor = closure.assumingMemoryBound(to: ReadCursor.self)
    let wanted = Int(length)
    guard cursor.pointee.bytes.count - cursor.pointee.offset >= wanted else { return CAIRO_STATUS_READ_ERROR }
    if wanted > 0 {
        UnsafeMutableRawPointer(data).copyMemory(
            from: cursor.pointee.bytes.baseAddress! + cursor.pointee.offset, byteCount: wanted)
    }
    cursor.pointee.offset += wanted
    return CAIRO_STATUS_SUCCESS
}

extension RGBAImage {
    static func describeDecodeFailure(_ status: cairo_status_t, byteCount: Int) -> String {
        switch status {
        case CAIRO_STATUS_READ_ERROR: "truncated: the data ends after \(byteCount) bytes, before the image does"
        case CAIRO_STATUS_NO_MEMORY: "corrupt image data or out of memory: libpng could not decode it"
        case CAIRO_STATUS_INVALID_SIZE: "invalid image size in its header"
        default: "corrupt PNG data: " + String(cString: cairo_status_to_string(status))
        }
    }

    /// Straight RGBA from a cairo image surface, converting other formats through ARGB32 first.
    static func fromCairoSurface(_ surface: OpaquePointer, name: String) throws(GoldenImageError) -> RGBAImage {
        let format = cairo_image_surface_get_format(surface)
        if format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24 {
            let width = cairo_image_surface_get_width(surface), height = cairo_image_surface_get_height(surface)
            guard let converted = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height),
                  cairo_surface_status(converted) == CAIRO_STATUS_SUCCESS else {
                throw .notPNG(path: name, reason: "out of memory converting its pixel format")
            }
            defer { cairo_surface_destroy(converted) }
            let cr = cairo_create(converted)
            cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE)
            cairo_set_source_surface(cr, surface, 0, 0)
            cairo_paint(cr)
            cairo_destroy(cr)
            cairo_surface_flush(converted)
            return try fromCairoSurface(converted, name: name)
        }
        cairo_surface_flush(surface)
        let width = Int(cairo_image_surface_get_width(surface))
        let height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard width > 0, height > 0, let data = cairo_image_surface_get_data(surface) else {
            return RGBAImage(width: width, height: height, pixels: [UInt8](repeating: 0, count: width * height * 4))
        }
        let opaque = format == CAIRO_FORMAT_RGB24
        let pixels = [UInt8](unsafeUninitializedCapacity: width * height * 4) { out, initialized in
            let out32 = UnsafeMutableRawPointer(out.baseAddress!)
            for y in 0..<height {
                let row = UnsafeRawPointer(data + y * stride)
                let o = y * width * 4
                for x in 0..<width {
                    // cairo stores native-endian 32-bit words A R G B, colour premultiplied by alpha.
                    let word = row.loadUnaligned(fromByteOffset: x * 4, as: UInt32.self)
                    let rgba: UInt32
                    if opaque || word >> 24 == 255 {
                        // Bytes R, G, B, 255 in memory order (a little-endian word).
                        rgba = ((word >> 16) & 0xFF) | (word & 0xFF00) | ((word & 0xFF) << 16) | 0xFF00_0000
                    } else {
                        rgba = unpremultiplied(word)
                    }
                    out32.storeBytes(of: rgba.littleEndian, toByteOffset: o + x * 4, as: UInt32.self)
                }
            }
            initialized = width * height * 4
        }
        return RGBAImage(width: width, height: height, pixels: pixels)
    }
}
