import CUnderstudyZlib
import UnderstudyPNG

// MARK: - Public API

extension RGBAImage {
    /// Decodes the PNG file at `path` (any colour type, bit depth and interlacing; 16-bit
    /// channels keep their high byte).
    ///
    /// Throws `GoldenImageError.cannotRead` for a missing or unreadable file and `.notPNG` for
    /// anything that is not a complete, valid PNG (wrong signature, truncated, corrupt data).
    public init(contentsOfPNG path: String) throws(GoldenImageError) {
        let bytes = try FileIO.read(path)
        self = try RGBAImage(pngData: bytes, name: path)
    }

    /// Decodes PNG bytes; `name` (a path, usually) is what error messages call them.
    ///
    /// Decoding needs zlib only (`PNGDecoder`) and gives what cairo's reader gave, so goldens
    /// recorded through cairo compare the same: opaque pixels come back exactly, translucent
    /// ones as cairo's premultiplied rounding of them (the colour of a fully transparent pixel
    /// is lost and reads as 0, 0, 0, 0).
    ///
    /// Decoding allocates for every pixel the header declares (each side is at most 65 536), so
    /// a small file can ask for gigabytes: a header declaring more than `maxPixels` pixels is
    /// `.notPNG` before anything is allocated.
    public init(pngData bytes: [UInt8], name: String = "<data>", maxPixels: Int = .max) throws(GoldenImageError) {
        guard bytes.count >= 8, Array(bytes[0..<8]) == PNGSignature.bytes else {
            let reason = bytes.isEmpty ? "the file is empty" : "no PNG signature in the first 8 bytes"
            throw .notPNG(path: name, reason: reason)
        }
        // Find damaged or missing chunks first, for a message that says what is wrong.
        if let problem = PNGChunks.problem(in: bytes) { throw .notPNG(path: name, reason: problem) }
        self = try PNGDecoder.decode(bytes, name: name, maxPixels: maxPixels)
    }
}

// MARK: - Implementation details

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
