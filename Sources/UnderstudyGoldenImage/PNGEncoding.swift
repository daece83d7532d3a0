import CUnderstudyCairo

// MARK: - Public API

extension RGBAImage {
    /// The image as PNG bytes: 8-bit RGB when every pixel is opaque, else 8-bit RGBA; no
    /// ancillary chunks (no time stamp, no gamma), so the same pixels always give the same bytes
    /// with the same zlib.
    ///
    /// Our own small encoder over zlib rather than cairo's writer: cairo/libpng spends ~40 ms on
    /// a 1600×1000 image, mostly in zlib at its default level; a fixed "Up" filter with zlib's
    /// fast level and RLE matching is several times faster (PEERS.md's whole-process goal for
    /// `diff-image --out`) and still compresses flat figures and diff images well.
    public func pngData() throws(GoldenImageError) -> [UInt8] {
        try PNGEncoder.encode(self)
    }

    /// Writes the image as a PNG file atomically (temporary name, then rename), creating
    /// missing parent directories.
    public func writePNG(to path: String) throws(GoldenImageError) {
        let bytes = try pngData()
        try FileIO.makeDirectories(FileIO.directoryName(path))
        try FileIO.writeAtomically(bytes, to: path)
    }
}

// MARK: - Implementation details

/// PNG encoding: signature, IHDR, one IDAT (a zlib stream of filtered rows), IEND.
/// Format: https://www.w3.org/TR/png/ (§5 datastream, §7.3 filtering, §11.2 IHDR).
enum PNGEncoder {
    /// zlib level 1 with Z_RLE: matches only runs (distance 1), which is what flat plot
    /// backgrounds and "Up"-filtered rows (zero where a row repeats the one above) consist of.
    static let level: Int32 = 1
    static let strategy: Int32 = Z_RLE

    static func encode(_ image: RGBAImage) throws(GoldenImageError) -> [UInt8] {
        guard image.width > 0, image.height > 0, image.width < 1 << 31, image.height < 1 << 31 else {
            throw .cannotEncode(reason: "PNG needs a size of at least 1×1 (got \(image.sizeDescription))")
        }
        let opaque = isOpaque(image)
        let compressed = try compressedRows(image, channels: opaque ? 3 : 4)

        var out: [UInt8] = []
        out.reserveCapacity(compressed.count + 64)
        out += PNGSignature.bytes
        var header: [UInt8] = []
        appendBigEndian(UInt32(image.width), to: &header)
        appendBigEndian(UInt32(image.height), to: &header)
        // bit depth 8; colour type 2 (RGB) or 6 (RGBA); deflate; adaptive filtering; no interlace.
        header += [8, opaque ? 2 : 6, 0, 0, 0]
        appendChunk("IHDR", header, to: &out)
        appendChunk("IDAT", compressed, to: &out)
        appendChunk("IEND", [], to: &out)
        return out
    }

    static func isOpaque(_ image: RGBAImage) -> Bool {
        image.pixels.withUnsafeBufferPointer { p in
            var i = 3
            var all: UInt8 = 0xFF
            while i < p.count { all &= p[i]; i += 4 }
            return all == 0xFF
        }
    }

    /// The zlib stream of all rows, each filtered with type 2 ("Up": the byte minus the byte
    /// above; cheap, and on plots most rows repeat the previous one), alpha dropped when
    /// `channels` is 3. Streams a few rows at a time through small buffers, so a large image
    /// costs no image-sized temporary.
    static func compressedRows(_ image: RGBAImage, channels: Int) throws(GoldenImageError) -> [UInt8] {
        let width = image.width, height = image.height
        let rowBytes = width * channels
        var stream = z_stream()
        let initStatus = deflateInit2_(&stream, level, Z_DEFLATED, 15, 9, strategy,
                                       zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard initStatus == Z_OK else { throw .cannotEncode(reason: "zlib deflateInit2 returned \(initStatus)") }
        defer { deflateEnd(&stream) }

        let rowsPerChunk = max(1, (256 * 1024) / (rowBytes + 1))
        let chunkBytes = rowsPerChunk * (rowBytes + 1)
        let scratchBytes = 64 * 1024
        // One allocation: the filtered chunk, the raw rows above and current, the output scratch.
        let memory = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkBytes + 2 * rowBytes + scratchBytes)
        defer { memory.deallocate() }
        let chunk = memory
        var previous = memory + chunkBytes       // the raw row above (zeros above row 0)
        var current = previous + rowBytes
        let scratch = current + rowBytes
        previous.initialize(repeating: 0, count: rowBytes)
        var out: [UInt8] = []
        var status = Z_OK

        try image.pixels.withUnsafeBufferPointer { (src) throws(GoldenImageError) in
            var y = 0
            while y < height {
                let rows = min(rowsPerChunk, height - y)
                for r in 0..<rows {
                    packRow(src.baseAddress! + (y + r) * width * 4, width: width, channels: channels, into: current)
                    let row = chunk + r * (rowBytes + 1)
                    row[0] = 2
                    for i in 0..<rowBytes { row[1 + i] = current[i] &- previous[i] }
                    swap(&previous, &current)
                }
                y += rows
                let flush = y == height ? Z_FINISH : Z_NO_FLUSH
                stream.next_in = chunk
                stream.avail_in = uInt(rows * (rowBytes + 1))
                repeat {
                    stream.next_out = scratch
                    stream.avail_out = uInt(scratchBytes)
                    status = CUnderstudyCairo.deflate(&stream, flush)
                    out.append(contentsOf: UnsafeBufferPointer(start: scratch, count: scratchBytes - Int(stream.avail_out)))
                } while status == Z_OK && (stream.avail_in > 0 || stream.avail_out == 0 || flush == Z_FINISH)
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else { break }
            }
            guard status == Z_STREAM_END else { throw .cannotEncode(reason: "zlib deflate returned \(status)") }
        }
        return out
    }

    /// One row's bytes without padding: RGBA as is, or RGB with alpha dropped.
    @inline(__always)
    static func packRow(_ src: UnsafePointer<UInt8>, width: Int, channels: Int, into dst: UnsafeMutablePointer<UInt8>) {
        if channels == 4 {
            dst.update(from: src, count: width * 4)
        } else {
            var s = 0, d = 0
            for _ in 0..<width {
                dst[d] = src[s]; dst[d + 1] = src[s + 1]; dst[d + 2] = src[s + 2]
                d += 3; s += 4
            }
        }
    }

    static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        appendBigEndian(UInt32(data.count), to: &out)
        var crc = crc32(0, nil, 0)
        crc = typeBytes.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        crc = data.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        out += typeBytes
        out += data
        appendBigEndian(UInt32(truncatingIfNeeded: crc), to: &out)
    }

    static func appendBigEndian(_ value: UInt32, to out: inout [UInt8]) {
        out += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
