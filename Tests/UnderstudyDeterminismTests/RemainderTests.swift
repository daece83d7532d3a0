import XCTest
import UnderstudyDeterminism

/// `PortableMath.truncatingRemainder` must be `fmod` bit for bit: Pendulum's reward and the
/// driving loop's angles go through it every step, and Gymnasium's recordings pin both.
final class RemainderTests: XCTestCase {
    func assertSameAsLibm(_ a: Double, _ b: Double, file: StaticString = #filePath, line: UInt = #line) {
        let want = a.truncatingRemainder(dividingBy: b), got = PortableMath.truncatingRemainder(a, dividingBy: b)
        XCTAssert(got.bitPattern == want.bitPattern || (got.isNaN && want.isNaN),
                  "fmod(\(a), \(b)) is \(want), got \(got)", file: file, line: line)
    }

    func test_edgesOfTheFastPaths() {
        let twoPi = 2 * Double.pi
        for b in [twoPi, -twoPi, 1.0, 31.4, .leastNonzeroMagnitude, .greatestFiniteMagnitude, .infinity, 0, .nan] {
            for k in [0.0, 1, 2, 3, -1, -2, -3] {
                let edge = k * b
                for a in [edge, edge.nextUp, edge.nextDown, -edge, 0, -0.0, .infinity, -.infinity, .nan,
                          .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .greatestFiniteMagnitude] {
                    assertSameAsLibm(a, b)
                }
            }
        }
    }

    func test_randomAnglesAndArcLengths() {
        var stream = RandomStream(seed: 7, path: "remainder-tests")
        for _ in 0..<200_000 {
            let b = [2 * Double.pi, 92.83185307179586, stream.uniform(1e-3, 1e3)][Int(stream.nextUInt64() % 3)]
            let scale = [1.0, 2.5, 1e6, 1e300][Int(stream.nextUInt64() % 4)]
            assertSameAsLibm(stream.uniform(-scale * b, scale * b), b)
            assertSameAsLibm(Double(bitPattern: stream.nextUInt64()), b)
        }
    }
}
