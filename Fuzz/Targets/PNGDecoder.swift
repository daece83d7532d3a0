import UnderstudyGoldenImage

// libFuzzer target: the PNG decoder of UnderstudyGoldenImage (`RGBAImage(pngData:)`, what
// `diff-image`, `compare` and golden comparisons read). Each input is decoded twice: as given,
// and with every chunk's CRC-32 recomputed, so mutations reach the decoder behind the chunk
// check instead of stopping at a CRC mismatch. Any input must give an image or a
// `GoldenImageError` — never a trap or a read out of bounds (the decoder's row loops use
// pointers; the target is built with AddressSanitizer).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNGDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    decode(bytes)
    decode(withRepairedCRCs(bytes))
    return 0
}

/// Decodes under the decoder's pixel bound for this target (2²² pixels, 16 MB of RGBA) and
/// checks what an accepted image promises: its pixel count.
private func decode(_ bytes: [UInt8]) {
    guard let image = try? RGBAImage(pngData: bytes, name: "fuzz.png", maxPixels: 1 << 22) else { return }
    if image.pixels.count != image.width * image.height * 4 { fatalError("\(image.width)×\(image.height) image with \(image.pixels.count) bytes") }
}

/// `bytes` with the CRC of every whole chunk after the signature set to the right value.
private func withRepairedCRCs(_ bytes: [UInt8]) -> [UInt8] {
    var out = bytes
    var offset = 8
    while offset + 12 <= out.count {
        let length = Int(out[offset]) << 24 | Int(out[offset + 1]) << 16 | Int(out[offset + 2]) << 8 | Int(out[offset + 3])
        guard length <= out.count - offset - 12 else { break }
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in out[(offset + 4)..<(offset + 8 + length)] {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        crc ^= 0xFFFF_FFFF
        for k in 0..<4 { out[offset + 8 + length + k] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * UInt32(k))) }
        offset += 12 + length
    }
    return out
}
