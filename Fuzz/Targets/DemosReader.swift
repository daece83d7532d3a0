import UnderstudyEnvironments

// libFuzzer target: the demonstrations reader of UnderstudyEnvironments
// (`Demonstrations.decode`, what `understudy demos verify` reads), then the replay of what it
// accepts in our simulators. Any input must give demonstrations or an `EnvironmentError` —
// never a trap (a vector of the wrong length, an action outside its space, a driving-loop
// geometry that overflows).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDemosReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let demos = try? Demonstrations.decode(text, file: "fuzz.json") else { return 0 }
    _ = try? demos.replay()
    return 0
}
