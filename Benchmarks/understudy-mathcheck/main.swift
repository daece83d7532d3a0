// understudy-mathcheck: the long bit-for-bit check of PortableMath (docs/ARCHITECTURE.md,
// "PortableMath"). For every function: scalar == frozen scalar (Frozen/README.md), and array form ==
// scalar, on --count inputs drawn per function (plus every argument of the correctly rounded
// reference file when --fixture names it). Meant for release builds, natively and under
// `qemu-x86_64 -cpu Nehalem` (a CPU without FMA or AVX); too slow for the unit tests, which run
// a short version of the same comparison.

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import UnderstudyDeterminism

let usage = """
    usage: understudy-mathcheck [--count N] [--seed S] [--jobs J] [--fixture FILE] [FUNCTION…]

    Compares every PortableMath function bit for bit: the scalar function against the frozen
    copy of the implementation (Frozen/: commit 042c602's, and for the glibc-compatible
    functions commit 3e89a55's pure Swift), and the array form (PortableMath.f(_:into:))
    against the scalar function. Prints one JSON line per function and exits 1 if any bit
    differs.

      --count N      inputs per function (default 100000000); random bit patterns over the
                     ranges where the code branches, uniform reals, special values and their
                     neighbours, any 64-bit pattern; glibcPowfSquare (powf(x, 2)) takes N
                     floats x spread evenly over all bit patterns, every float at 4294967296
      --seed S       seed of the input streams (default 1)
      --jobs J       threads (default 2); the inputs do not depend on it
      --fixture FILE math_correctly_rounded.json (Tests/UnderstudyDeterminismTests/Fixtures):
                     its arguments, the known hard cases, are checked first
      FUNCTION       only these (default all): \(checkCases.map(\.name).joined(separator: " "))
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    exit(2)
}

var count = 100_000_000
var seed: UInt64 = 1
var fixturePath: String?
var jobs = 2
var selected: [String] = []
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "-h", "--help":
        print(usage)
        exit(0)
    case "--count":
        guard let v = arguments.popFirst(), let n = Int(v), n > 0 else { fail("--count needs a positive integer") }
        count = n
    case "--seed":
        guard let v = arguments.popFirst(), let n = UInt64(v) else { fail("--seed needs a non-negative integer") }
        seed = n
    case "--jobs":
        guard let v = arguments.popFirst(), let n = Int(v), n > 0 else { fail("--jobs needs a positive integer") }
        jobs = n
    case "--fixture":
        guard let v = arguments.popFirst() else { fail("--fixture needs a file") }
        fixturePath = v
    default:
        guard checkCases.contains(where: { $0.name == argument }) else {
            fail("unknown function or flag \(argument); see --help")
        }
        selected.append(argument)
    }
}

/// The reference file's arguments per function name (first arguments, and second ones for
/// the binary functions).
var hardCases: [String: ([Double], [Double])] = [:]
if let fixturePath {
    guard let data = FileManager.default.contents(atPath: fixturePath),
          let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { fail("--fixture \(fixturePath): not a readable JSON object") }
    for (name, value) in json {
        guard let rows = value as? [[String]] else { continue }
        var first: [Double] = [], second: [Double] = []
        for row in rows where row.count >= 2 {
            guard let a = Double(row[0]) else { fail("--fixture \(fixturePath): bad number \(row[0]) in \(name)") }
            first.append(a)
            if row.count == 3, let b = Double(row[1]) { second.append(b) }
        }
        hardCases[name] = (first, second)
    }
}

/// Checks chunk `c` (`n` inputs from input number `start` of `total`) of one function's inputs,
/// drawn from the stream `mathcheck/<name>/<c>`, so the inputs do not depend on --jobs.
nonisolated func checkChunk(_ check: CheckCase, seed: UInt64, _ c: Int, _ n: Int, start: Int, of total: Int) -> Checker {
    var checker = Checker(name: check.name)
    var stream = RandomStream(seed: seed, path: "mathcheck/\(check.name)/\(c)")
    switch check.kind {
    case let .unary(scalar, frozen, array, mix):
        checker.run((0..<n).map { _ in mix.next(&stream) }, scalar: scalar, frozen: frozen, array: array)
    case let .binary(scalar, frozen, array, first, second):
        let xs = (0..<n).map { _ in first.next(&stream) }
        let ys = (0..<n).map { _ in second.next(&stream) }
        checker.run(xs, ys, scalar: scalar, frozen: frozen, array: array)
    case let .float(scalar, frozen, array, first, second):
        let xs = (0..<n).map { _ in Float(first.next(&stream)) }
        let ys = (0..<n).map { _ in Float(second.next(&stream)) }
        checker.run(xs, ys, scalar: scalar, frozen: frozen, array: array)
    case let .floatSquare(scalar, frozen, array):
        let xs = (0..<n).map { i in
            Float(bitPattern: UInt32(truncatingIfNeeded: (UInt64(start + i) << 32) / UInt64(total)))
        }
        checker.run(xs, [Float](repeating: 2, count: n), scalar: scalar, frozen: frozen, array: array)
    }
    return checker
}

var anyMismatch = false
for check in checkCases where selected.isEmpty || selected.contains(check.name) {
    let start = ContinuousClock.now
    var checker = Checker(name: check.name)
    // The logistic functions take the hard cases of exp; the others their own.
    let hard = hardCases[check.name] ?? hardCases[check.name.hasPrefix("glibc") ? "" : "exp"] ?? ([], [])
    switch check.kind {
    case let .unary(scalar, frozen, array, _):
        checker.run(hard.0, scalar: scalar, frozen: frozen, array: array)
    case let .binary(scalar, frozen, array, _, _):
        if hard.1.count == hard.0.count { checker.run(hard.0, hard.1, scalar: scalar, frozen: frozen, array: array) }
    case .float, .floatSquare:
        break
    }
    let chunk = 1 << 16
    let (total, streamSeed) = (count, seed)
    let parts = parallelMap((total + chunk - 1) / chunk, jobs: jobs) { c in
        checkChunk(check, seed: streamSeed, c, Swift.min(chunk, total - c * chunk), start: c * chunk, of: total)
    }
    for part in parts { checker.merge(part) }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    checker.report(seconds: seconds)
    anyMismatch = anyMismatch || checker.mismatches > 0
}
exit(anyMismatch ? 1 : 0)
