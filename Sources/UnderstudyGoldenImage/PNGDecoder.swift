import CUnderstudyZlib

// MARK: - Implementation details

/// A PNG decoder on zlib alone (https://www.w3.org/TR/png/), so comparing two images needs no
/// cairo: every colour type and bit depth, palettes and `tRNS`, Adam7 interlacing.
///
/// It returns what cairo's reader (`cairo_image_surface_create_from_png`) followed by our
/// unpremultiply returned before it, bit for bit, so pixel counts and goldens do not move:
/// 16-bit channels keep their high byte (libpng's `png_set_strip_16`), low bit depths are
/// scaled to 0…255, and translucent pixels go through cairo's premultiplication and back
/// (`multiply_alpha` in cairo-png.c), which loses the colour of fully transparent ones.
enum PNGDecoder {
    struct Header {
        var width = 0, height = 0, bitDepth = 0, colourType = 0, interlaced = false
        /// Samples per pixel for the colour type.
        var channels: Int { [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colourType] ?? 0 }
        var bitsPerPixel: Int { channels * bitDepth }
        /// Bytes of one filtered row of `width` pixels, without its filter byte.
        func rowBytes(_ width: Int) -> Int { (width * bitsPerPixel + 7) / 8 }
    }

    /// Decodes `bytes` whose chunk structure `PNGChunks.problem` has already checked, refusing
    /// a header that declares more than `maxPixels` pixels.
    static func decode(_ bytes: [UInt8], name: String, maxPixels: Int = .max) throws(GoldenImageError) -> RGBAImage {
        var header = Header()
        var palette: [UInt8] = [], transparency: [UInt8] = [], compressed: [UInt8] = []
        var offset = 8
        while offset + 12 <= bytes.count {
            let length = Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let data = bytes[(offset + 8)..<(offset + 8 + length)]
            switch type {
            case "IHDR":
                guard length == 13 else { throw .notPNG(path: name, reason: "corrupt: IHDR is \(length) bytes, not 13") }
                let d = Array(data)
                header.width = Int(d[0]) << 24 | Int(d[1]) << 16 | Int(d[2]) << 8 | Int(d[3])
                header.height = Int(d[4]) << 24 | Int(d[5]) << 16 | Int(d[6]) << 8 | Int(d[7])
                header.bitDepth = Int(d[8]); header.colourType = Int(d[9]); header.interlaced = d[12] == 1
            case "PLTE": palette = Array(data)
            case "tRNS": transparency = Array(data)
            case "IDAT": compressed += data
            default: break
            }
            if type == "IEND" { break }
            offset += 12 + length
        }
        let valid: [Int: Set<Int>] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
        guard header.width > 0, header.height > 0, header.width <= 1 << 16, header.height <= 1 << 16 else {
            throw .notPNG(path: name, reason: "invalid image size in its header")
        }
        guard header.width * header.height <= maxPixels else {
            throw .notPNG(path: name, reason: "its header declares \(header.width)×\(header.height) pixels, over the limit of \(maxPixels)")
        }
        guard valid[header.colourType]?.contains(header.bitDepth) == true else {
            throw .notPNG(path: name, reason: "corrupt: colour type \(header.colourType) with bit depth \(header.bitDepth)")
        }
        if header.colourType == 3 && palette.isEmpty { throw .notPNG(path: name, reason: "corrupt: a palette image without PLTE") }

        let passes = header.interlaced ? adam7 : [Pass(x0: 0, y0: 0, dx: 1, dy: 1)]
        let expected = passes.reduce(0) { total, pass in
            let (w, h) = pass.size(header.width, header.height)
            return total + (w == 0 ? 0 : h * (1 + header.rowBytes(w)))
        }
        // Deflate expands at most about 1032-fold (a 258-byte match in two bits), so IDAT data
        // this short cannot hold the image: refused before `expected` bytes are allocated (a
        // header can declare 65536² pixels; --allow-large lifts the pixel limit, not this).
        guard expected / 1100 <= compressed.count + 64 else {
            throw .notPNG(path: name, reason: "corrupt image data: \(compressed.count) compressed bytes cannot hold the \(expected) bytes its header needs")
        }
        let raw = try inflate(compressed, expectedCount: expected, name: name)
        var pixels = [UInt8](repeating: 0, count: header.width * header.height * 4)
        var start = 0
        for pass in passes {
            let (w, h) = pass.size(header.width, header.height)
            if w == 0 || h == 0 { continue }
            let rowBytes = header.rowBytes(w)
            let rows = try unfilter(raw[start..<(start + h * (1 + rowBytes))], rowBytes: rowBytes,
                                    bytesPerPixel: max(1, header.bitsPerPixel / 8), name: name)
            start += h * (1 + rowBytes)
            if let fast = fastRGBA(rows, header: header, transparency: transparency) {
                return RGBAImage(width: header.width, height: header.height, pixels: fast)
            }
            for y in 0..<h {
                for x in 0..<w {
                    let rgba = pixel(rows, row: y * rowBytes, x: x, header: header, palette: palette, transparency: transparency)
                    let o = ((pass.y0 + y * pass.dy) * header.width + pass.x0 + x * pass.dx) * 4
                    pixels[o] = rgba.0; pixels[o + 1] = rgba.1; pixels[o + 2] = rgba.2; pixels[o + 3] = rgba.3
                }
            }
        }
        return RGBAImage(width: header.width, height: header.height, pixels: pixels)
    }

    /// One Adam7 pass: its first pixel and its step in each direction.
    struct Pass {
        let x0: Int, y0: Int, dx: Int, dy: Int
        func size(_ width: Int, _ height: Int) -> (Int, Int) {
            ((width - x0 + dx - 1) / dx, (height - y0 + dy - 1) / dy)
        }
    }

    static let adam7 = [Pass(x0: 0, y0: 0, dx: 8, dy: 8), Pass(x0: 4, y0: 0, dx: 8, dy: 8), Pass(x0: 0, y0: 4, dx: 4, dy: 8),
                        Pass(x0: 2, y0: 0, dx: 4, dy: 4), Pass(x0: 0, y0: 2, dx: 2, dy: 4), Pass(x0: 1, y0: 0, dx: 2, dy: 2),
                        Pass(x0: 0, y0: 1, dx: 1, dy: 2)]

    /// The zlib stream of the IDAT chunks, which must hold exactly `expectedCount` bytes.
    static func inflate(_ compressed: [UInt8], expectedCount: Int, name: String) throws(GoldenImageError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: expectedCount + 1)
        var outputLength = uLongf(output.count)
        let status = compressed.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                uncompress(out.baseAddress!, &outputLength, input.baseAddress ?? UnsafePointer(bitPattern: 1)!, uLong(input.count))
            }
        }
        switch status {
        case Z_OK where Int(outputLength) == expectedCount:
            output.removeLast()
            return output
        case Z_OK, Z_BUF_ERROR:
            throw .notPNG(path: name, reason: "corrupt image data: it does not hold the \(expectedCount) bytes its header needs")
        default:
            throw .notPNG(path: name, reason: "corrupt image data (zlib error \(status))")
        }
    }

    /// Undoes the five row filters (https://www.w3.org/TR/png/#9Filters); the rows, no filter bytes.
    /// Pointer loops, one per filter, because debug builds (where tests decode) are slow otherwise.
    static func unfilter(_ data: ArraySlice<UInt8>, rowBytes: Int, bytesPerPixel bpp: Int, name: String) throws(GoldenImageError) -> [UInt8] {
        let height = data.count / (1 + rowBytes)
        var rows = [UInt8](repeating: 0, count: height * rowBytes)
        var badFilter: (filter: UInt8, row: Int)?
        data.withUnsafeBufferPointer { input in
            rows.withUnsafeMutableBufferPointer { out in
                for y in 0..<height {
                    let filter = input[y * (1 + rowBytes)]
                    let src = input.baseAddress! + y * (1 + rowBytes) + 1
                    let dst = out.baseAddress! + y * rowBytes
                    let up = y > 0 ? UnsafePointer(dst - rowBytes) : nil
                    switch filter {
                    case 0:
                        for x in 0..<rowBytes { dst[x] = src[x] }
                    case 1:
                        for x in 0..<rowBytes { dst[x] = src[x] &+ (x >= bpp ? dst[x - bpp] : 0) }
                    case 2:
                        for x in 0..<rowBytes { dst[x] = src[x] &+ (up?[x] ?? 0) }
                    case 3:
                        for x in 0..<rowBytes {
                            let a = x >= bpp ? Int(dst[x - bpp]) : 0, b = Int(up?[x] ?? 0)
                            dst[x] = src[x] &+ UInt8((a + b) / 2)
                        }
                    case 4:
                        for x in 0..<rowBytes {
                            let a = x >= bpp ? Int(dst[x - bpp]) : 0, b = Int(up?[x] ?? 0)
                            let c = x >= bpp ? Int(up?[x - bpp] ?? 0) : 0
                            let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                            dst[x] = src[x] &+ UInt8((pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c))
                        }
                    default:
                        if badFilter == nil { badFilter = (filter, y) }
                    }
                }
            }
        }
        if let badFilter {
            throw .notPNG(path: name, reason: "corrupt image data: unknown row filter \(badFilter.filter) in row \(badFilter.row)")
        }
        return rows
    }

    /// 8-bit RGB or RGBA rows (what our encoder and most tools write) straight into RGBA,
    /// with cairo's round trip for translucent pixels; nil for every other format.
    static func fastRGBA(_ rows: [UInt8], header: Header, transparency: [UInt8]) -> [UInt8]? {
        guard header.bitDepth == 8, !header.interlaced, transparency.isEmpty,
              header.colourType == 2 || header.colourType == 6 else { return nil }
        let channels = header.channels, count = header.width * header.height
        var pixels = [UInt8](repeating: 255, count: count * 4)
        rows.withUnsafeBufferPointer { src in
            pixels.withUnsafeMutableBufferPointer { dst in
                for i in 0..<count {
                    let s = i * channels, d = i * 4
                    dst[d] = src[s]; dst[d + 1] = src[s + 1]; dst[d + 2] = src[s + 2]
                    if channels == 4 {
                        let a = src[s + 3]
                        dst[d + 3] = a
                        if a == 0 {
                            dst[d] = 0; dst[d + 1] = 0; dst[d + 2] = 0
                        } else if a != 255 {
                            dst[d] = roundTrip(src[s], a); dst[d + 1] = roundTrip(src[s + 1], a); dst[d + 2] = roundTrip(src[s + 2], a)
                        }
                    }
                }
            }
        }
        return pixels
    }

    /// The straight RGBA of pixel `x` of the row starting at `row`, as cairo's reader gives it.
    static func pixel(_ rows: [UInt8], row: Int, x: Int, header: Header, palette: [UInt8],
                      transparency: [UInt8]) -> (UInt8, UInt8, UInt8, UInt8) {
        let depth = header.bitDepth
        /// Sample `n` of this pixel at its full depth, and as 8 bits.
        func sample(_ n: Int) -> (full: Int, eight: UInt8) {
            if depth == 16 {
                let o = row + (x * header.channels + n) * 2
                return (Int(rows[o]) << 8 | Int(rows[o + 1]), rows[o])
            }
            if depth == 8 { let v = rows[row + x * header.channels + n]; return (Int(v), v) }
            let bit = x * depth, byte = rows[row + bit / 8]
            let value = Int(byte >> UInt8(8 - depth - bit % 8)) & ((1 << depth) - 1)
            return (value, UInt8(value * 255 / ((1 << depth) - 1)))
        }
        /// The 16-bit big-endian value `n` of the tRNS chunk (grey or RGB colour key).
        func key(_ n: Int) -> Int { Int(transparency[2 * n]) << 8 | Int(transparency[2 * n + 1]) }
        var r: UInt8, g: UInt8, b: UInt8, a: UInt8 = 255
        switch header.colourType {
        case 0:
            let v = sample(0)
            (r, g, b) = (v.eight, v.eight, v.eight)
            if transparency.count >= 2 && v.full == key(0) { a = 0 }
        case 2:
            let s = (sample(0), sample(1), sample(2))
            (r, g, b) = (s.0.eight, s.1.eight, s.2.eight)
            if transparency.count >= 6 && s.0.full == key(0) && s.1.full == key(1) && s.2.full == key(2) { a = 0 }
        case 3:
            let index = sample(0).full
            if 3 * index + 2 < palette.count {
                (r, g, b) = (palette[3 * index], palette[3 * index + 1], palette[3 * index + 2])
            } else {
                (r, g, b) = (0, 0, 0)
            }
            if index < transparency.count { a = transparency[index] }
        case 4:
            let v = sample(0)
            (r, g, b, a) = (v.eight, v.eight, v.eight, sample(1).eight)
        default:
            (r, g, b, a) = (sample(0).eight, sample(1).eight, sample(2).eight, sample(3).eight)
        }
        if a == 255 { return (r, g, b, a) }
        if a == 0 { return (0, 0, 0, 0) }
        return (roundTrip(r, a), roundTrip(g, a), roundTrip(b, a), a)
    }

    /// A colour channel premultiplied as cairo-png.c's `multiply_alpha`, then divided back as
    /// its `unpremultiply_data` (round to nearest, clamped).
    static func roundTrip(_ colour: UInt8, _ alpha: UInt8) -> UInt8 {
        let a = Int(alpha)
        let temp = a * Int(colour) + 0x80
        let premultiplied = (temp + (temp >> 8)) >> 8
        return UInt8(min(premultiplied * 255 + a / 2, 255 * a) / a)
    }
}
