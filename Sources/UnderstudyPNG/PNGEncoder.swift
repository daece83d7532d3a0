import CUnderstudyZlib
import CUnderstudyPNG
import UnderstudyDeterminism

// MARK: - Public API

/// The one PNG encoder of the package: signature, IHDR, one IDAT, IEND, and no ancillary chunks
/// (no time stamp, no gamma), so the same pixels always give the same bytes with the same zlib.
/// Format: https://www.w3.org/TR/png/ (§5 datastream, §7.3 filtering, §11.2 IHDR).
///
/// Why not cairo's or libpng's writer: they spend most of their time in zlib at the default
/// level with no row filters. Plots are mostly flat colour, so the "Up" filter turns repeated
/// rows and flat runs into zeros, and zlib's fast level with the run-length-only `Z_RLE`
/// strategy compresses them at a fraction of the cost. Tall images are deflated in two bands
/// of rows at once, joined as pigz does (the first band ends byte-aligned by a sync flush);
/// the bands depend on the height alone, so the bytes depend only on the pixels and the zlib
/// version, never on the number of threads.
///
/// Callers differ only in their pixel layout (`PNGPixelRows`): Plotting's cairo surfaces,
/// GoldenImage's RGBA images.
public enum PNGEncoder {
    /// Images at least this tall are deflated in two bands.
    public static let bandedHeight = 256

    /// Encodes `image` as 8-bit RGB when every pixel is opaque, else as 8-bit RGBA (straight
    /// alpha).
    /// - Throws: `PNGError` for an empty or too large image, or when zlib fails.
    public static func encode<Rows: PNGPixelRows>(_ image: Rows) throws(PNGError) -> [UInt8] {
        let (width, height) = (image.width, image.height)
        guard width > 0, height > 0 else { throw PNGError(reason: "a PNG needs at least one pixel; the image is \(width) × \(height)") }
        guard width < 1 << 31, height < 1 << 31 else { throw PNGError(reason: "a PNG is at most 2³¹ − 1 pixels wide and tall; the image is \(width) × \(height)") }
        let channels = image.isOpaque ? 3 : 4
        let cut = height >= bandedHeight ? height / 2 : height
        let bands = cut < height ? [0..<cut, cut..<height] : [0..<height]
        let parts = parallelMap(bands.count, jobs: bands.count) { k in
            deflate(image, rows: bands[k], channels: channels, last: k == bands.count - 1)
        }
        // zlib's wrapper around the raw deflate bands: header 78 01 (32 KiB window, fastest
        // level), then the Adler-32 of all filtered rows.
        var compressed: [UInt8] = [0x78, 0x01]
        var adler: UInt32 = 1
        for part in parts {
            let band = try part.get()
            compressed += band.bytes
            adler = UInt32(truncatingIfNeeded: adler32_combine(UInt(adler), UInt(band.adler), band.length))
        }
        compressed.appendBigEndian(adler)

        var png = PNGSignature.bytes
        png.reserveCapacity(compressed.count + 64)
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        // bit depth 8; colour type 2 (RGB) or 6 (RGBA); deflate; adaptive filtering; no interlace.
        header += [8, channels == 3 ? 2 : 6, 0, 0, 0]
        png.appendChunk("IHDR", header)
        png.appendChunk("IDAT", compressed)
        png.appendChunk("IEND", [])
        return png
    }

    // MARK: - Implementation details

    /// A band of rows, filtered and raw-deflated (ending in a sync flush unless `last`), with
    /// the Adler-32 and length of its filtered bytes.
    static func deflate<Rows: PNGPixelRows>(_ image: Rows, rows: Range<Int>, channels: Int, last: Bool)
        -> Result<(bytes: [UInt8], adler: UInt32, length: Int), PNGError> {
        let rowBytes = image.width * channels
        var stream = z_stream()
        var status = deflateInit2_(&stream, 1, Z_DEFLATED, -15, 8, Z_RLE, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { return .failure(PNGError(reason: "deflateInit2 returned \(status)")) }
        defer { deflateEnd(&stream) }
        // Output in 64 KiB pieces: plots compress to a few percent of their pixels, and a
        // buffer of deflateBound's size (the whole image) costs a zero fill and page faults.
        var bytes: [UInt8] = []
        var adler: UInt32 = 1
        var piece = [UInt8](repeating: 0, count: 1 << 16)
        // The filtered row (filter byte first), and the unpacked rows above and current; the
        // row above the first row of the image is zeros, above a later band's first its real row.
        var filtered = [UInt8](repeating: 0, count: 1 + rowBytes)
        var above = [UInt8](repeating: 0, count: rowBytes), current = above
        above.withUnsafeMutableBufferPointer { above in
            current.withUnsafeMutableBufferPointer { current in
                filtered.withUnsafeMutableBufferPointer { filtered in
                    piece.withUnsafeMutableBufferPointer { out in
                        var (up, row) = (above.baseAddress!, current.baseAddress!)
                        let f = filtered.baseAddress!
                        if rows.lowerBound > 0 { image.unpack(row: rows.lowerBound - 1, channels: channels, into: up) }
                        for y in rows {
                            image.unpack(row: y, channels: channels, into: row)
                            filterUp(row, above: up, count: rowBytes, into: f)
                            swap(&up, &row)
                            adler = us_adler32(adler, f, 1 + rowBytes)
                            stream.next_in = f
                            stream.avail_in = UInt32(1 + rowBytes)
                            let flush = y < rows.upperBound - 1 ? Z_NO_FLUSH : last ? Z_FINISH : Z_SYNC_FLUSH
                            repeat {
                                stream.next_out = out.baseAddress
                                stream.avail_out = UInt32(out.count)
                                status = CUnderstudyZlib.deflate(&stream, flush)
                                bytes.append(contentsOf: out.prefix(out.count - Int(stream.avail_out)))
                            } while stream.avail_out == 0 && status == Z_OK
                            if status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR { break }
                        }
                    }
                }
            }
        }
        guard status == (last ? Z_STREAM_END : Z_OK) else { return .failure(PNGError(reason: "deflate returned \(status)")) }
        return .success((bytes, adler, (1 + rowBytes) * rows.count))
    }

    /// Filter type 2 ("Up"): filter byte 2, then each byte minus the byte above it.
    @inline(__always)
    static func filterUp(_ row: UnsafePointer<UInt8>, above: UnsafePointer<UInt8>, count: Int, into f: UnsafeMutablePointer<UInt8>) {
        f[0] = 2
        for i in 0..<count { f[1 + i] = row[i] &- above[i] }
    }
}

/// The eight bytes every PNG starts with (§5.2), for the encoder and for decoders.
public enum PNGSignature {
    public static let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
}

/// Why an image could not be encoded, in words for the caller's own error message.
public struct PNGError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { "PNG encoding failed: \(reason)" }
}

private extension Array where Element == UInt8 {
    mutating func appendBigEndian(_ v: UInt32) {
        append(UInt8(v >> 24)); append(UInt8((v >> 16) & 0xFF)); append(UInt8((v >> 8) & 0xFF)); append(UInt8(v & 0xFF))
    }

    /// Appends a PNG chunk: length, type, data, CRC-32 of type and data.
    mutating func appendChunk(_ type: String, _ data: [UInt8]) {
        appendBigEndian(UInt32(data.count))
        let typeAndData = Array(type.utf8) + data
        append(contentsOf: typeAndData)
        let crc = typeAndData.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) }
        appendBigEndian(UInt32(truncatingIfNeeded: crc))
    }
}
