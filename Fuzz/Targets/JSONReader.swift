import UnderstudyDeterminism

// libFuzzer target: the JSON parser of UnderstudyDeterminism (demonstrations, results, units,
// shard.json).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let value = try? JSONParser.parse(text) {
        _ = try? CanonicalJSON.string(value, pretty: true)
    }
    return 0
}
