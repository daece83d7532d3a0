import UnderstudyDeterminism

// libFuzzer target: the shard metadata reader (`ShardInfo(parsing:path:)` in
// Sources/UnderstudyHarness/ShardInfo.swift, what `understudy merge` reads first from each
// shard directory), compiled together with that file by Fuzz/run.sh. Any input must give a
// `ShardInfo` whose split `merge` can count over (1 ≤ index ≤ count ≤ Shard.maxCount) and one
// digest per unit, or a `ShardProblem` — never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzShardMetadata(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let info = try? ShardInfo(parsing: text, path: "shard.json") else { return 0 }
    guard (1...Shard.maxCount).contains(info.count), (1...info.count).contains(info.index),
          info.units.count == info.unitSHA256.count else {
        fatalError("shard.json accepted with index \(info.index), count \(info.count), \(info.units.count) units, \(info.unitSHA256.count) digests")
    }
    _ = info.json
    return 0
}
