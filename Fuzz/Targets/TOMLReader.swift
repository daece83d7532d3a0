import UnderstudyTOML

// libFuzzer target: the TOML reader (Sources/UnderstudyTOML).
// Any input must give a document or a TOMLError — never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTOML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let document = try? TOMLDocument(parsing: bytes, file: "fuzz.toml") {
        _ = TOMLWriter.write(document.root)  // the canonical writer recurses over the same tree
    }
    return 0
}
