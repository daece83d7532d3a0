import XCTest
@testable import UnderstudyDeterminism

final class RandomStreamTests: XCTestCase {
    func test_sameSeedAndPath_giveSameValues_inAnyOrderOfCreation() {
        var a = RandomStream(seed: 42, path: "exp/seed=1/BC")
        _ = (0..<100).map { _ in a.nextUInt32() }
        var other = RandomStream(seed: 42, path: "exp/seed=1/DAgger")
        _ = other.nextNormal()
        var b = RandomStream(seed: 42, path: "exp/seed=1/BC")
        var fresh = RandomStream(seed: 42, path: "exp/seed=1/BC")
        _ = (0..<100).map { _ in fresh.nextUInt32() }
        XCTAssertEqual((0..<50).map { _ in a.nextUniform() }, (0..<50).map { _ in fresh.nextUniform() })
        XCTAssertNotEqual(b.nextUInt32(), 0xFFFF_FFFF) // b unaffected by a's draws:
        var c = RandomStream(seed: 42, path: "exp/seed=1/BC")
        _ = c.nextUInt32()
        XCTAssertEqual(b, c)
    }

    func test_child_isNamedByPath_andIndependentOfParentPosition() {
        var parent = RandomStream(seed: 7, path: "run")
        let early = parent.child("rollout=0")
        _ = (0..<1000).map { _ in parent.nextUInt64() }
        let late = parent.child("rollout=0")
        XCTAssertEqual(early, late)
        XCTAssertEqual(early, RandomStream(seed: 7, path: "run/rollout=0"))
        XCTAssertNotEqual(parent.child("rollout=1").pathHash, early.pathHash)
    }

    func test_differentPaths_areUncorrelated_over10To6Draws() {
        let n = 1_000_000
        var a = RandomStream(seed: 1, path: "x/a"), b = RandomStream(seed: 1, path: "x/b")
        var c = RandomStream(seed: 2, path: "x/a")
        var sa = 0.0, sb = 0.0, sc = 0.0, sab = 0.0, sac = 0.0, saa = 0.0, sbb = 0.0, scc = 0.0
        for _ in 0..<n {
            let x = a.nextUniform() - 0.5, y = b.nextUniform() - 0.5, z = c.nextUniform() - 0.5
            sa += x; sb += y; sc += z; sab += x * y; sac += x * z; saa += x * x; sbb += y * y; scc += z * z
        }
        let N = Double(n)
        func corr(_ sxy: Double, _ sx: Double, _ sy: Double, _ sxx: Double, _ syy: Double) -> Double {
            (sxy / N - sx / N * sy / N) / ((sxx / N - (sx / N) * (sx / N)) * (syy / N - (sy / N) * (sy / N))).squareRoot()
        }
        // Independent streams: the sample correlation has standard deviation 1/√n = 0.001.
        XCTAssertLessThan(abs(corr(sab, sa, sb, saa, sbb)), 0.005)
        XCTAssertLessThan(abs(corr(sac, sa, sc, saa, scc)), 0.005)
        XCTAssertEqual(sa / N, 0, accuracy: 0.0015)
        XCTAssertEqual(saa / N, 1.0 / 12, accuracy: 0.001)
    }

    func test_uniform_isInHalfOpenUnitInterval_with53Bits() {
        var s = RandomStream(seed: 3, path: "u")
        for _ in 0..<10_000 {
            let u = s.nextUniform()
            XCTAssert(u >= 0 && u < 1)
            XCTAssertEqual(u * 0x1p53, (u * 0x1p53).rounded())
            let p = s.nextUniformPositive()
            XCTAssert(p > 0 && p <= 1)
        }
    }

    func test_nextInt_isUnbiased_chiSquare() {
        var s = RandomStream(seed: 5, path: "ints")
        let k = 7, n = 70_000
        var counts = [Int](repeating: 0, count: k)
        for _ in 0..<n { counts[s.nextInt(below: k)] += 1 }
        let expected = Double(n) / Double(k)
        let chi2 = counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        XCTAssertLessThan(chi2, 22.46) // χ²(6) at p = 0.001
        for _ in 0..<1000 { XCTAssert((-3...3).contains(s.nextInt(in: -3...3))) }
        XCTAssertEqual(s.nextInt(below: 1), 0)
    }

    func test_normal_hasMeanZeroAndUnitVariance() {
        var s = RandomStream(seed: 11, path: "normals")
        let n = 200_000
        var sum = 0.0, sumSq = 0.0, beyond2 = 0
        for _ in 0..<n {
            let z = s.nextNormal()
            sum += z; sumSq += z * z
            if abs(z) > 2 { beyond2 += 1 }
        }
        XCTAssertEqual(sum / Double(n), 0, accuracy: 0.01)
        XCTAssertEqual(sumSq / Double(n), 1, accuracy: 0.01)
        XCTAssertEqual(Double(beyond2) / Double(n), 0.0455, accuracy: 0.003)
        var t = RandomStream(seed: 11, path: "shifted")
        let draws = (0..<20_000).map { _ in t.normal(mean: 0.01, standardDeviation: 0.01) }
        XCTAssertEqual(draws.reduce(0, +) / 20_000, 0.01, accuracy: 0.0003)
    }

    func test_permutation_isAPermutation_andUniformInFirstPosition() {
        var s = RandomStream(seed: 9, path: "perm")
        var firsts = [Int](repeating: 0, count: 5)
        for _ in 0..<5000 {
            let p = s.permutation(5)
            XCTAssertEqual(p.sorted(), [0, 1, 2, 3, 4])
            firsts[p[0]] += 1
        }
        for c in firsts { XCTAssertEqual(Double(c), 1000, accuracy: 150) }
        XCTAssertEqual(s.permutation(0), [])
    }

    func test_categorical_followsWeights_andNeverPicksZeroWeight() {
        var s = RandomStream(seed: 13, path: "cat")
        var counts = [0, 0, 0, 0]
        for _ in 0..<40_000 { counts[s.categorical([1, 0, 3, 0])] += 1 }
        XCTAssertEqual(counts[1] + counts[3], 0)
        XCTAssertEqual(Double(counts[2]) / 40_000, 0.75, accuracy: 0.01)
    }
}

/// The standard library's generator protocol and the conveniences over a stream's position.
final class RandomStreamGeneratorTests: XCTestCase {
    func test_next_isNextUInt64_andAdvancesTheStream() {
        var a = RandomStream(seed: 42, path: "user/rng")
        var b = a
        XCTAssertEqual(a.next(), b.nextUInt64())
        XCTAssertEqual(a.drawnWords, 2)
        let shuffled = (0..<10).shuffled(using: &a)
        XCTAssertEqual(shuffled.sorted(), Array(0..<10))
        XCTAssertGreaterThan(a.drawnWords, 2)
    }

    func test_reset_repeatsTheStream_andResetSeedStartsAnotherRepetition() {
        var stream = RandomStream(seed: 1, path: "user/reset")
        let first = (0..<5).map { _ in stream.nextUInt32() }
        stream.reset()
        XCTAssertEqual(stream.drawnWords, 0)
        XCTAssertEqual((0..<5).map { _ in stream.nextUInt32() }, first)
        stream.reset(seed: 2)
        var fresh = RandomStream(seed: 2, path: "user/reset")
        XCTAssertEqual(stream, fresh)
        XCTAssertEqual(stream.nextUInt64(), fresh.nextUInt64())
        XCTAssertEqual(RandomStream(seed: 1, path: "p").reseeded(3), RandomStream(seed: 3, path: "p"))
    }
}
