import CUnderstudyCairo
import CUnderstudyPlotting
import UnderstudyDeterminism

/// A PNG encoder for Cairo image surfaces, faster than `cairo_surface_write_to_png`.
///
/// Cairo's writer spends most of its time in zlib at the default level with no row filters.
/// Plots are mostly flat colour, so the "Up" filter turns repeated rows and flat runs into
/// zeros, and zlib's fast level with the run-length-friendly `Z_RLE` strategy compresses them
/// at a fraction of the cost. Tall images are deflated in two bands of rows at once, joined
/// as pigz does (the first band ends byte-aligned by a sync flush); the bands depend on the
/// height alone, so the bytes depend only on the pixels and the zlib version, never on the
/// number of threads.
enum PNGEncoder {
    /// Images at least this tall are deflated in two bands.
    static let bandedHeight = 256

    /// Encodes an ARGB32 (premultiplied, native-endian) pixel buffer. Opaque images are stored
    /// as 8-bit RGB, others as 8-bit RGBA with alpha un-premultiplied.
    static func encode(pixels: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) throws(PlotError) -> [UInt8] {
        guard width > 0, height > 0 else { throw .png("a PNG needs at least one pixel; the image is \(width) × \(height)") }
        let image = Rows(base: pixels, width: width, stride: stride,
                         opaque: isOpaque(pixels: pixels, width: width, height: height, stride: stride))
        let cut = height >= bandedHeight ? height / 2 : height
        let bands = cut < height ? [0..<cut, cut..<height] : [0..<height]
        let parts = parallelMap(bands.count, jobs: bands.count) { k in
            image.deflate(rows: bands[k], last: k == bands.count - 1)
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

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png.reserveCapacity(compressed.count + 64)
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, image.opaque ? 2 : 6, 0, 0, 0]   // bit depth, colour type, compression, filter, interlace
        png.appendChunk("IHDR", header)
        png.appendChunk("IDAT", compressed)
        png.appendChunk("IEND", [])
        return png
    }

    /// An image's rows, shared by the band workers (read only).
    struct Rows: @unchecked Sendable {
        let base: UnsafePointer<UInt8>
        let width, stride: Int
        let opaque: Bool

        /// A band of rows, filtered and raw-deflated (ending in a sync flush unless `last`),
        /// with the Adler-32 and length of its filtered bytes.
        func deflate(rows: Range<Int>, last: Bool) -> Result<(bytes: [UInt8], adler: UInt32, length: Int), PlotError> {
            let rowBytes = 1 + width * (opaque ? 3 : 4)
            var stream = z_stream()
            var status = deflateInit2_(&stream, 1, Z_DEFLATED, -15, 8, Z_RLE, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else { return .failure(.png("deflateInit2 returned \(status)")) }
            defer { deflateEnd(&stream) }
            // Output in 64 KiB pieces: plots compress to a few percent of their pixels, and a
            // buffer of deflateBound's size (the whole image) costs a zero fill and page faults.
            var bytes: [UInt8] = []
            var adler: UInt32 = 1
            var piece = [UInt8](repeating: 0, count: 1 << 16)
            var row = [UInt8](repeating: 0, count: rowBytes)
            row.withUnsafeMutableBufferPointer { filtered in
                piece.withUnsafeMutableBufferPointer { out in
                    let f = filtered.baseAddress!
                    for y in rows {
                        filter(row: y, into: f)
                        adler = us_adler32(adler, f, rowBytes)
                        stream.next_in = f
                        stream.avail_in = UInt32(rowBytes)
                        let flush = y < rows.upperBound - 1 ? Z_NO_FLUSH : last ? Z_FINISH : Z_SYNC_FLUSH
                        repeat {
                            stream.next_out = out.baseAddress
                            stream.avail_out = UInt32(out.count)
                            status = CUnderstudyCairo.deflate(&stream, flush)
                            bytes.append(contentsOf: out.prefix(out.count - Int(stream.avail_out)))
                        } while stream.avail_out == 0 && status == Z_OK
                        if status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR { break }
                    }
                }
            }
            guard status == (last ? Z_STREAM_END : Z_OK) else { return .failure(.png("deflate returned \(status)")) }
            return .success((bytes, adler, rowBytes * rows.count))
        }

        /// Row y in filter type 2 ("Up"): each byte minus the byte above it (zero above row 0).
        private func filter(row y: Int, into f: UnsafeMutablePointer<UInt8>) {
            let current = UnsafeRawPointer(base + y * stride).bindMemory(to: UInt32.self, capacity: width)
            let above = y == 0 ? nil : UnsafeRawPointer(base + (y - 1) * stride).bindMemory(to: UInt32.self, capacity: width)
            f[0] = 2
            if opaque {
                for x in 0..<width {
                    let p = current[x], q = above?[x] ?? 0
                    f[1 + 3 * x] = UInt8(truncatingIfNeeded: p >> 16) &- UInt8(truncatingIfNeeded: q >> 16)
                    f[2 + 3 * x] = UInt8(truncatingIfNeeded: p >> 8) &- UInt8(truncatingIfNeeded: q >> 8)
                    f[3 + 3 * x] = UInt8(truncatingIfNeeded: p) &- UInt8(truncatingIfNeeded: q)
                }
            } else {
                for x in 0..<width {
                    let a = PNGEncoder.straight(current[x])
                    let b = above.map { PNGEncoder.straight($0[x]) } ?? (0, 0, 0, 0)
                    f[1 + 4 * x] = a.0 &- b.0
                    f[2 + 4 * x] = a.1 &- b.1
                    f[3 + 4 * x] = a.2 &- b.2
                    f[4 + 4 * x] = a.3 &- b.3
                }
            }
        }
    }

    /// Straight-alpha RGBA of a premultiplied ARGB32 pixel.
    @inline(__always)
    fileprivate static func straight(_ p: UInt32) -> (UInt8, UInt8, UInt8, UInt8) {
        let a = p >> 24
        guard a != 0 else { return (0, 0, 0, 0) }
        func channel(_ v: UInt32) -> UInt8 { UInt8(min(255, (v * 255 + a / 2) / a)) }
        return (channel((p >> 16) & 0xFF), channel((p >> 8) & 0xFF), channel(p & 0xFF), UInt8(a))
    }

    private static func isOpaque(pixels: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) -> Bool {
        for y in 0..<height {
            let row = UnsafeRawPointer(pixels + y * stride).bindMemory(to: UInt32.self, capacity: width)
            var all: UInt32 = 0xFF00_0000
            for x in 0..<width { all &= row[x] }
            if all & 0xFF00_0000 != 0xFF00_0000 { return false }
        }
        return true
    }
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
