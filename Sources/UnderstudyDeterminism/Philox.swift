// Philox4x32-10, the counter-based generator of Salmon et al., "Parallel random numbers:
// as easy as 1, 2, 3" (SC 2011). Constants from Random123's philox.h.

/// The Philox4x32-10 block function: four 32-bit output words from a 128-bit counter and a
/// 64-bit key. Pure and stateless, so any block of any stream can be computed on its own.
///
/// Verified against Random123's known-answer vectors (`PhiloxTests.swift`).
public enum Philox4x32 {
    /// The number of rounds of Philox4x32-10.
    public static let rounds = 10

    /// Returns the four output words of the block at `counter` under `key`.
    @inlinable
    public static func block(counter: SIMD4<UInt32>, key: SIMD2<UInt32>) -> SIMD4<UInt32> {
        // Scalar locals: the optimiser keeps them in registers (SIMD4 element updates did not).
        var c0 = counter.x, c1 = counter.y, c2 = counter.z, c3 = counter.w
        var k0 = key.x, k1 = key.y
        // philox.h's Weyl key increments PHILOX_W32_0/1 and multipliers PHILOX_M4x32_0/1.
        for round in 0..<rounds {
            if round > 0 {
                k0 &+= 0x9E37_79B9
                k1 &+= 0xBB67_AE85
            }
            let p0 = (0xD251_1F53 as UInt32).multipliedFullWidth(by: c0)
            let p1 = (0xCD9E_8D57 as UInt32).multipliedFullWidth(by: c2)
            (c0, c1, c2, c3) = (p1.high ^ c1 ^ k0, p1.low, p0.high ^ c3 ^ k1, p0.low)
        }
        return SIMD4(c0, c1, c2, c3)
    }
}
