

/// A named stream of random numbers: Philox4x32-10 keyed by the master seed, with the stream's
/// path hashed into the high half of the counter and the draw index in the low half
/// (docs/ARCHITECTURE.md, "Determinism rules").
///
/// A stream is a value: copying it copies its position. Two streams with the same seed and
/// path produce the same numbers no matter when or in which order they are created; streams
/// with different paths are independent. Every consumer of randomness owns its own stream, so
/// adding a consumer never shifts another's numbers.
///
/// Word layout: the stream is a sequence of 32-bit words, block by block (block `i` is the
/// Philox block at counter `(lo32(i), hi32(i), lo32(h), hi32(h))` where `h` is the first 64
/// bits of SHA-256(path), big-endian; key `(lo32(seed), hi32(seed))`). Each draw takes the
/// next words: `nextUInt32` one, `nextUInt64` and `nextUniform` two, `nextNormal` four.
public struct RandomStream: Sendable, Hashable {
    /// The master seed: the Philox key.
    public let seed: UInt64
    /// The stream's name, e.g. `driving-loop/seed=3/DAgger/iteration=2/rollout=0`.
    public let path: String
    /// The first 64 bits of SHA-256(path).
    public let pathHash: UInt64
    /// Index of the next block to generate.
    @usableFromInline var blockIndex: UInt64 = 0
    /// The current block and how many of its words are used.
    @usableFromInline var buffer: SIMD4<UInt32> = .zero
    @usableFromInline var used: Int = 4

    /// The stream named `path` under master seed `seed`.
    public init(seed: UInt64, path: String) {
        self.seed = seed
        self.path = path
        self.pathHash = RandomStream.hash(path)
    }

    /// A child stream, named by appending `component` to this stream's path with `/`.
    /// Children are independent of their parent and of each other, and do not depend on how
    /// much of the parent has been drawn.
    public func child(_ component: String) -> RandomStream {
        RandomStream(seed: seed, path: path.isEmpty ? component : path + "/" + component)
    }

    /// The first 64 bits of SHA-256 of the UTF-8 bytes of `path`, big-endian.
    public static func hash(_ path: String) -> UInt64 {
        let digest = SHA256.hash(path.utf8)
        var h: UInt64 = 0
        for (i, byte) in digest.enumerated() where i < 8 { h = (h << 8) | UInt64(byte) }
        return h
    }

    /// The Philox counter of block `index` of this stream.
    public func counter(ofBlock index: UInt64) -> SIMD4<UInt32> {
        SIMD4(UInt32(truncatingIfNeeded: index), UInt32(truncatingIfNeeded: index >> 32),
              UInt32(truncatingIfNeeded: pathHash), UInt32(truncatingIfNeeded: pathHash >> 32))
    }

    /// The Philox key of this stream.
    public var key: SIMD2<UInt32> {
        SIMD2(UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
    }

    // MARK: - Raw words

    /// The next 32-bit word.
    @inlinable
    public mutating func nextUInt32() -> UInt32 {
        if used == 4 { refill() }
        let w = buffer[used]
        used += 1
        return w
    }

    @usableFromInline
    mutating func refill() {
        buffer = Philox4x32.block(counter: counter(ofBlock: blockIndex), key: key)
        blockIndex &+= 1
        used = 0
    }

    /// The next 64 bits: the first word is the high half.
    @inlinable
    public mutating func nextUInt64() -> UInt64 {
        let hi = UInt64(nextUInt32())
        return (hi << 32) | UInt64(nextUInt32())
    }

    // MARK: - Uniforms and integers

    /// A uniform double in [0, 1): the top 53 bits of `nextUInt64()` times 2⁻⁵³.
    @inlinable
    public mutating func nextUniform() -> Double {
        Double(nextUInt64() >> 11) * 0x1p-53
    }

    /// A uniform double in (0, 1]: never zero, so safe under a logarithm.
    @inlinable
    public mutating func nextUniformPositive() -> Double {
        Double((nextUInt64() >> 11) + 1) * 0x1p-53
    }

    /// A uniform double in [low, high).
    @inlinable
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * nextUniform()
    }

    /// An unbiased integer in `0..<bound` (Lemire's multiply-and-reject method on 64-bit draws).
    /// - Precondition: `bound > 0`.
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound")
        let n = UInt64(bound)
        var m = nextUInt64().multipliedFullWidth(by: n)
        if m.low < n {
            let threshold = (0 &- n) % n   // 2^64 mod n
            while m.low < threshold { m = nextUInt64().multipliedFullWidth(by: n) }
        }
        return Int(m.high)
    }

    /// An unbiased integer in `range`.
    public mutating func nextInt(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + nextInt(below: range.upperBound - range.lowerBound + 1)
    }

    // MARK: - Normals, permutations, categoricals

    /// A standard normal draw by the Box–Muller transform on two uniforms taken from one block:
    /// `sqrt(-2 log u1) · cos(2π u2)` with `u1 ∈ (0, 1]`, `u2 ∈ [0, 1)`, using our portable math,
    /// so the value is the same on every CPU.
    public mutating func nextNormal() -> Double {
        let u1 = nextUniformPositive()
        let u2 = nextUniform()
        return (-2 * PortableMath.log(u1)).squareRoot() * PortableMath.cos(2 * Double.pi * u2)
    }

    /// A normal draw with the given mean and standard deviation.
    public mutating func normal(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * nextNormal()
    }

    /// A uniformly random permutation of `0..<n` (Fisher–Yates, from the last index down).
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        var i = n - 1
        while i > 0 {
            let j = nextInt(below: i + 1)
            p.swapAt(i, j)
            i -= 1
        }
        return p
    }

    /// An index drawn with probability proportional to `weights` (non-negative, finite, not all
    /// zero): one uniform scaled by the total, then a left-to-right scan of the cumulative sums.
    public mutating func categorical(_ weights: [Double]) -> Int {
        precondition(!weights.isEmpty, "categorical needs at least one weight")
        var total = 0.0
        for w in weights {
            precondition(w >= 0 && w.isFinite, "categorical weights must be finite and non-negative")
            total += w
        }
        precondition(total > 0, "categorical weights must not all be zero")
        let target = nextUniform() * total
        var cumulative = 0.0
        for (i, w) in weights.enumerated() {
            cumulative += w
            if target < cumulative { return i }
        }
        // Rounding can leave target ≥ the last cumulative sum: take the last positive weight.
        return weights.lastIndex(where: { $0 > 0 })!
    }
}
