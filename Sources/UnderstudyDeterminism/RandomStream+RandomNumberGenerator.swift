// MARK: - Public API

/// A `RandomStream` is a `RandomNumberGenerator`, so the standard library's
/// `Int.random(in:using:)`, `Array.shuffled(using:)` or `randomElement(using:)` can draw from
/// a named stream instead of the system's generator.
///
/// Stream semantics: `next()` is ``RandomStream/nextUInt64()``, so every draw advances the
/// stream's counter by two 32-bit words, exactly as our own draws do; a copy of the stream is a
/// copy of its position. The bits are reproducible; what the standard library makes of them
/// is its own algorithm and may change between Swift releases, so the reproducible path
/// (everything that reaches a report) uses the stream's own methods (`nextUniform`,
/// `nextInt(below:)`, `permutation`, …), whose algorithms are ours and fixed.
extension RandomStream: RandomNumberGenerator {
    /// The next 64 bits (``nextUInt64()``): two words of the stream.
    public mutating func next() -> UInt64 { nextUInt64() }
}

extension RandomStream {
    /// Back to the first draw: the stream then repeats the numbers it gave since it was made.
    public mutating func reset() {
        self = RandomStream(seed: seed, path: path)
    }

    /// The same path under another master seed, from its first draw (a new repetition of the
    /// same experiment: `stream.reset(seed: 7)`).
    public mutating func reset(seed: UInt64) {
        self = RandomStream(seed: seed, path: path)
    }

    /// This stream's path under another master seed, from its first draw.
    public func reseeded(_ seed: UInt64) -> RandomStream {
        RandomStream(seed: seed, path: path)
    }

    /// How many 32-bit words have been drawn since the first: the stream's position.
    public var drawnWords: UInt64 {
        blockIndex == 0 && used == 4 ? 0 : (blockIndex - 1) * 4 + UInt64(used)
    }
}
