import UnderstudyPNG

// MARK: - Public API

extension RGBAImage {
    /// The image as PNG bytes: 8-bit RGB when every pixel is opaque, else 8-bit RGBA; no
    /// ancillary chunks (no time stamp, no gamma), so the same pixels always give the same bytes
    /// with the same zlib. Written by the package's one encoder (`UnderstudyPNG.PNGEncoder`,
    /// which says why it is not cairo's), the same bytes a figure with these pixels gets.
    public func pngData() throws(GoldenImageError) -> [UInt8] {
        do throws(PNGError) { return try PNGEncoder.encode(RGBARows(bytes: pixels, width: width, height: height)) } catch {
            throw .cannotEncode(reason: error.reason)
        }
    }

    /// Writes the image as a PNG file atomically (temporary name, then rename), creating
    /// missing parent directories.
    public func writePNG(to path: String) throws(GoldenImageError) {
        let bytes = try pngData()
        try FileIO.makeDirectories(FileIO.directoryName(path))
        try FileIO.writeAtomically(bytes, to: path)
    }
}
