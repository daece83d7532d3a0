import UnderstudyDeterminism

// libFuzzer target: the MANIFEST.sha256 reader of UnderstudyDeterminism (what `verify` reads
// from a run directory it is handed).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let manifest = try? Manifest.parse(text, file: "MANIFEST.sha256") {
        _ = manifest.text
    }
    return 0
}
