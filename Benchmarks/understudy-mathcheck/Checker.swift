#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts inputs and bit differences for one function and keeps the first few differences.
struct Checker: Sendable {
    var name: String
    var inputs = 0
    var frozenMismatches = 0
    var arrayMismatches = 0
    var examples: [String] = []
    /// Piece lengths for the array form: odd and even, short and long, so that tails and pairs
    /// at every offset are exercised.
    static let pieces = [1, 2, 3, 7, 64, 255, 4096, 1 << 16]

    var mismatches: Int { frozenMismatches + arrayMismatches }

    /// Adds another part's counts (and examples, up to the limit).
    mutating func merge(_ other: Checker) {
        inputs += other.inputs
        frozenMismatches += other.frozenMismatches
        arrayMismatches += other.arrayMismatches
        for e in other.examples { note(e) }
    }

    mutating func note(_ what: String) {
        if examples.count < 8 { examples.append(what) }
    }

    /// Runs the array form over `count` elements in pieces of varying length.
    func inPieces(_ count: Int, _ body: (Range<Int>) -> Void) {
        var start = 0, k = inputs
        while start < count {
            let length = Swift.min(Self.pieces[k % Self.pieces.count], count - start)
            body(start..<start + length)
            start += length
            k += 1
        }
    }

    mutating func run(_ xs: [Double], scalar: (Double) -> Double, frozen: ((Double) -> Double)?,
                      array: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void) {
        var out = [Double](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                inPieces(xs.count) { r in
                    array(UnsafeBufferPointer(rebasing: input[r]), UnsafeMutableBufferPointer(rebasing: output[r]))
                }
            }
        }
        for (i, x) in xs.enumerated() {
            let s = scalar(x)
            if let frozen, frozen(x).bitPattern != s.bitPattern {
                frozenMismatches += 1
                note("scalar \(x.bitPattern.hex) -> \(s.bitPattern.hex), frozen \(frozen(x).bitPattern.hex)")
            }
            if out[i].bitPattern != s.bitPattern {
                arrayMismatches += 1
                note("array \(x.bitPattern.hex) -> \(out[i].bitPattern.hex), scalar \(s.bitPattern.hex)")
            }
        }
        inputs += xs.count
    }

    mutating func run(_ xs: [Double], _ ys: [Double], scalar: (Double, Double) -> Double,
                      frozen: ((Double, Double) -> Double)?,
                      array: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>,
                              UnsafeMutableBufferPointer<Double>) -> Void) {
        var out = [Double](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { a in
            ys.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { output in
                    inPieces(xs.count) { r in
                        array(UnsafeBufferPointer(rebasing: a[r]), UnsafeBufferPointer(rebasing: b[r]),
                              UnsafeMutableBufferPointer(rebasing: output[r]))
                    }
                }
            }
        }
        for i in xs.indices {
            let s = scalar(xs[i], ys[i])
            if let frozen, frozen(xs[i], ys[i]).bitPattern != s.bitPattern {
                frozenMismatches += 1
                note("scalar (\(xs[i].bitPattern.hex), \(ys[i].bitPattern.hex)) -> \(s.bitPattern.hex), "
                     + "frozen \(frozen(xs[i], ys[i]).bitPattern.hex)")
            }
            if out[i].bitPattern != s.bitPattern {
                arrayMismatches += 1
                note("array (\(xs[i].bitPattern.hex), \(ys[i].bitPattern.hex)) -> \(out[i].bitPattern.hex), "
                     + "scalar \(s.bitPattern.hex)")
            }
        }
        inputs += xs.count
    }

    mutating func run(_ xs: [Float], _ ys: [Float], scalar: (Float, Float) -> Float, frozen: (Float, Float) -> Float,
                      array: (UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>,
                              UnsafeMutableBufferPointer<Float>) -> Void) {
        var out = [Float](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { a in
            ys.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { output in
                    inPieces(xs.count) { r in
                        array(UnsafeBufferPointer(rebasing: a[r]), UnsafeBufferPointer(rebasing: b[r]),
                              UnsafeMutableBufferPointer(rebasing: output[r]))
                    }
                }
            }
        }
        for i in xs.indices {
            let s = scalar(xs[i], ys[i])
            if frozen(xs[i], ys[i]).bitPattern != s.bitPattern {
                frozenMismatches += 1
                note("scalar (\(xs[i].bitPattern), \(ys[i].bitPattern)) -> \(s.bitPattern), "
                     + "frozen \(frozen(xs[i], ys[i]).bitPattern)")
            }
            if out[i].bitPattern != s.bitPattern {
                arrayMismatches += 1
                note("array (\(xs[i].bitPattern), \(ys[i].bitPattern)) -> \(out[i].bitPattern), scalar \(s.bitPattern)")
            }
        }
        inputs += xs.count
    }

    /// One JSON line: the counts, the time, and the first differences if any.
    func report(seconds: Double) {
        let list = examples.map { "\"\($0)\"" }.joined(separator: ", ")
        print("{\"function\": \"\(name)\", \"inputs\": \(inputs), \"scalar_vs_frozen_mismatches\": \(frozenMismatches), "
              + "\"array_vs_scalar_mismatches\": \(arrayMismatches), \"seconds\": \((seconds * 10).rounded() / 10), "
              + "\"examples\": [\(list)]}")
        fflush(nil)                          // one line per function as it finishes, even into a file
    }
}

extension UInt64 {
    /// 0x-prefixed hexadecimal, the bits of a double.
    var hex: String { "0x" + String(self, radix: 16) }
}
