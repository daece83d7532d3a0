import CCairo

/// A PNG encoder for Cairo image surfaces, faster than `cairo_surface_write_to_png`.
///
/// Cairo's writer spends most of its time in zlib at the default level with no row filters.
/// Plots are mostly flat colour, so the "Up" filter turns repeated rows and flat runs into
/// zeros, and zlib's fast level with the run-length-friendly `Z_RLE` strategy compresses them
/// at a fraction of the cost. Bytes depend only on the pixels and the zlib version.
enum PNGEncoder {
    /// Encodes an ARGB32 (premultiplied, native-endian) pixel buffer. Opaque images are stored
    /// as 8-bit RGB, others as 8-bit RGBA with alpha un-premultiplied.
    static func encode(pixels: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) throws(PlotError) -> [UInt8] {
        let opaque = isOpaque(pixels: pixels, width: width, height: height, stride: stride)
        let channels = opaque ? 3 : 4
        let rowBytes = 1 + width * channels

        var stream = z_stream()
        var status = deflateInit2_(&stream, 1, Z_DEFLATED, 15, 8, Z_RLE, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw .png("deflateInit2 returned \(status)") }
        defer { deflateEnd(&stream) }
        var compressed = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(rowBytes * height))))
        var row = [UInt8](repeating: 0, count: rowBytes)
        let produced = compressed.withUnsafeMutableBufferPointer { out in
            row.withUnsafeMutableBufferPointer { filtered in
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                let f = filtered.baseAddress!
                for y in 0..<height {
                    let current = UnsafeRawPointer(pixels + y * stride).bindMemory(to: UInt32.self, capacity: width)
                    // Filter type 2 ("Up"): each byte minus the byte above it (zero above row 0).
                    f[0] = 2
                    if opaque {
                        if y == 0 {
                            for x in 0..<width {
                                let p = current[x]
                                f[1 + 3 * x] = UInt8(truncatingIfNeeded: p >> 16)
                                f[2 + 3 * x] = UInt8(truncatingIfNeeded: p >> 8)
                                f[3 + 3 * x] = UInt8(truncatingIfNeeded: p)
                            }
                        } else {
                            let above = UnsafeRawPointer(pixels + (y - 1) * stride).bindMemory(to: UInt32.self, capacity: width)
                            for x in 0..<width {
                                let p = current[x], q = above[x]
                                f[1 + 3 * x] = UInt8(truncatingIfNeeded: p >> 16) &- UInt8(truncatingIfNeeded: q >> 16)
                                f[2 + 3 * x] = UInt8(truncatingIfNeeded: p >> 8) &- UInt8(truncatingIfNeeded: q >> 8)
                                f[3 + 3 * x] = UInt8(truncatingIfNeeded: p) &- UInt8(truncatingIfNeeded: q)
                            }
                        }
                    } else {
                        let above = y == 0 ? nil : UnsafeRawPointer(pixels + (y - 1) * stride).bindMemory(to: UInt32.self, capacity: width)
                        for x in 0..<width {
                            let a = straight(current[x])
                            let b = above.map { straight($0[x]) } ?? (0, 0, 0, 0)
                            f[1 + 4 * x] = a.0 &- b.0
                            f[2 + 4 * x] = a.1 &- b.1
                            f[3 + 4 * x] = a.2 &- b.2
                            f[4 + 4 * x] = a.3 &- b.3
                        }
                    }
                    stream.next_in = f
                    stream.avail_in = UInt32(rowBytes)
                    status = CCairo.deflate(&stream, y == height - 1 ? Z_FINISH : Z_NO_FLUSH)
                    if status != Z_OK && status != Z_STREAM_END { break }
                }
                return out.count - Int(stream.avail_out)
            }
        }
        guard status == Z_STREAM_END else { throw .png("deflate returned \(status)") }
        compressed.removeLast(compressed.count - produced)

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png.reserveCapacity(compressed.count + 64)
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, opaque ? 2 : 6, 0, 0, 0]   // bit depth, colour type, compression, filter, interlace
        png.appendChunk("IHDR", header)
        png.appendChunk("IDAT", compressed)
        png.appendChunk("IEND", [])
        return png
    }

    /// Straight-alpha RGBA of a premultiplied ARGB32 pixel.
    @inline(__always)
    private static func straight(_ p: UInt32) -> (UInt8, UInt8, UInt8, UInt8) {
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
