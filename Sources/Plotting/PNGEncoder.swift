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
        var raw = [UInt8](repeating: 0, count: rowBytes * height)
        raw.withUnsafeMutableBufferPointer { out in
            var previous = [UInt8](repeating: 0, count: width * channels)
            var current = [UInt8](repeating: 0, count: width * channels)
            for y in 0..<height {
                let row = UnsafeRawPointer(pixels + y * stride).bindMemory(to: UInt32.self, capacity: width)
                current.withUnsafeMutableBufferPointer { cur in
                    if opaque {
                        for x in 0..<width {
                            let p = row[x]
                            cur[3 * x] = UInt8(truncatingIfNeeded: p >> 16)
                            cur[3 * x + 1] = UInt8(truncatingIfNeeded: p >> 8)
                            cur[3 * x + 2] = UInt8(truncatingIfNeeded: p)
                        }
                    } else {
                        for x in 0..<width {
                            let p = row[x]
                            let a = UInt32(p >> 24)
                            func channel(_ v: UInt32) -> UInt8 { a == 0 ? 0 : UInt8(min(255, (v * 255 + a / 2) / a)) }
                            cur[4 * x] = channel((p >> 16) & 0xFF)
                            cur[4 * x + 1] = channel((p >> 8) & 0xFF)
                            cur[4 * x + 2] = channel(p & 0xFF)
                            cur[4 * x + 3] = UInt8(a)
                        }
                    }
                }
                // Filter type 2 ("Up"): each byte minus the byte above it.
                let base = y * rowBytes
                out[base] = 2
                for i in 0..<(width * channels) { out[base + 1 + i] = current[i] &- previous[i] }
                swap(&previous, &current)
            }
        }
        let compressed = try deflate(raw)

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, opaque ? 2 : 6, 0, 0, 0]   // bit depth, colour type, compression, filter, interlace
        png.appendChunk("IHDR", header)
        png.appendChunk("IDAT", compressed)
        png.appendChunk("IEND", [])
        return png
    }

    private static func isOpaque(pixels: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) -> Bool {
        for y in 0..<height {
            let row = UnsafeRawPointer(pixels + y * stride).bindMemory(to: UInt32.self, capacity: width)
            for x in 0..<width where row[x] >> 24 != 0xFF { return false }
        }
        return true
    }

    /// One zlib stream of `data` at level 1 with the Z_RLE strategy.
    static func deflate(_ data: [UInt8]) throws(PlotError) -> [UInt8] {
        var stream = z_stream()
        var status = deflateInit2_(&stream, 1, Z_DEFLATED, 15, 8, Z_RLE, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw .png("deflateInit2 returned \(status)") }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(data.count))))
        var input = data
        let produced: Int = input.withUnsafeMutableBufferPointer { inp in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = inp.baseAddress
                stream.avail_in = UInt32(inp.count)
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                status = CCairo.deflate(&stream, Z_FINISH)
                return out.count - Int(stream.avail_out)
            }
        }
        guard status == Z_STREAM_END else { throw .png("deflate returned \(status)") }
        output.removeLast(output.count - produced)
        return output
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
