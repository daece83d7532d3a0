import XCTest
import UnderstudyDeterminism
@testable import UnderstudyPlotting

final class TickTests: XCTestCase {
    /// Parses a label back to a number ("−" is the minus sign; "m×10ᵏ" is scientific).
    private func number(_ label: String) -> Double? {
        let superscripts: [Character: Character] = ["⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5",
                                                    "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-"]
        var text = label.replacingOccurrences(of: "\u{2212}", with: "-")
        if let range = text.range(of: "×10") {
            let exponent = String(text[range.upperBound...].map { superscripts[$0] ?? $0 })
            text = String(text[..<range.lowerBound]) + "e" + exponent
        }
        return Double(text)
    }

    private func step(_ ticks: TickSet) -> Double { ticks.major[1].value - ticks.major[0].value }

    func test_linearTicks_areNiceEvenlySpacedAndCoverTheRange() {
        let cases: [(Double, Double, Int)] = [(0, 1, 5), (0, 0.3, 4), (-3.7, 12.2, 6), (1e-5, 3e-5, 5), (1e6, 5e6, 5),
                                              (0.1, 0.7, 6), (97, 103, 5), (-1e-3, 1e-3, 5), (0, 19, 6), (-0.95, 20.95, 8),
                                              (123_456, 123_789, 4), (0.001, 0.0013, 4)]
        for (lo, hi, target) in cases {
            let ticks = TickLocator.linear(lower: lo, upper: hi, target: target)
            XCTAssertGreaterThanOrEqual(ticks.major.count, 2, "\(lo)...\(hi)")
            let s = step(ticks)
            // The step is 1, 2, 2.5, 3, 4 or 5 times a power of ten.
            let e = Decimal10.floorExponent(s)
            let mantissa = s / Decimal10.power(e)
            XCTAssertTrue([1, 2, 2.5, 3, 4, 5].contains { abs(mantissa - $0) < 1e-9 }, "step \(s) for \(lo)...\(hi)")
            for (a, b) in zip(ticks.major, ticks.major.dropFirst()) {
                XCTAssertEqual(b.value - a.value, s, accuracy: s * 1e-9, "uneven ticks for \(lo)...\(hi)")
            }
            // Inside the range, and no gap at either end wider than one step.
            XCTAssertGreaterThanOrEqual(ticks.major.first!.value, lo - s * 1e-9)
            XCTAssertLessThanOrEqual(ticks.major.last!.value, hi + s * 1e-9)
            XCTAssertLessThan(ticks.major.first!.value - lo, s + s * 1e-9, "\(lo)...\(hi)")
            XCTAssertLessThan(hi - ticks.major.last!.value, s + s * 1e-9, "\(lo)...\(hi)")
            XCTAssertLessThanOrEqual(ticks.major.count, 2 * target + 2)
        }
    }

    func test_labels_printTheExactDecimalOfEachTick() {
        var stream = RandomStream(seed: 1, path: "tests/plotting/ticks")
        for _ in 0..<500 {
            let scale = Decimal10.power(stream.nextInt(in: -6...8))
            let lo = stream.uniform(-10, 10) * scale
            let hi = lo + stream.uniform(0.01, 20) * scale
            let ticks = TickLocator.linear(lower: lo, upper: hi, target: stream.nextInt(in: 2...10))
            for tick in ticks.major {
                XCTAssertLessThanOrEqual(tick.label.count, 12, "label \(tick.label) for \(lo)...\(hi)")
                guard let parsed = number(tick.label) else { return XCTFail("unparsable label \(tick.label)") }
                XCTAssertEqual(parsed, tick.value, accuracy: abs(tick.value) * 1e-15, "\(tick.label) vs \(tick.value)")
            }
            // One number of decimals per axis.
            let decimals = Set(ticks.major.filter { !$0.label.contains("×") && $0.label != "0" }.map {
                $0.label.split(separator: ".").dropFirst().first?.count ?? 0 })
            XCTAssertLessThanOrEqual(decimals.count, 1, "\(ticks.major.map(\.label))")
        }
    }

    func test_labels_areReadable() {
        XCTAssertEqual(TickLocator.linear(lower: 0, upper: 0.3, target: 4).major.map(\.label), ["0.0", "0.1", "0.2", "0.3"])
        XCTAssertEqual(TickLocator.linear(lower: -10, upper: 10, target: 5).major.map(\.label), ["−10", "−5", "0", "5", "10"])
        XCTAssertEqual(TickLocator.linear(lower: 0, upper: 1, target: 3).major.map(\.label), ["0.0", "0.5", "1.0"])
        XCTAssertEqual(TickFormat.labels([0, 25, 50], exponent: -2), ["0.00", "0.25", "0.50"])
        XCTAssertEqual(TickFormat.labels([-1, 0, 1], exponent: 1), ["−10", "0", "10"])
        XCTAssertEqual(TickFormat.labels([1, 2, 3], exponent: 6), ["1×10⁶", "2×10⁶", "3×10⁶"])
        XCTAssertEqual(TickFormat.labels([0, 5, 10], exponent: -5), ["0", "0.5×10⁻⁴", "1.0×10⁻⁴"])
        let tenths = TickLocator.linear(lower: 0.1, upper: 0.7, target: 6).major.map(\.label)
        XCTAssertFalse(tenths.contains { $0.contains("0000") }, "\(tenths)")
    }

    func test_logTicks_labelDecadesAndMarkMinors() {
        let ticks = TickLocator.log(lower: 1, upper: 1e5, target: 8)
        XCTAssertEqual(ticks.major.map(\.label), ["10⁰", "10¹", "10²", "10³", "10⁴", "10⁵"])
        XCTAssertEqual(ticks.major.map(\.value), [1, 10, 100, 1000, 10000, 100000])
        XCTAssertEqual(ticks.minor.count, 5 * 8)
        XCTAssertTrue(ticks.minor.contains(2) && ticks.minor.contains(90000))

        let wide = TickLocator.log(lower: 1e-3, upper: 1e12, target: 5)
        XCTAssertLessThanOrEqual(wide.major.count, 6)
        XCTAssertTrue(wide.major.contains { $0.label == "10⁰" })
        XCTAssertTrue(wide.major.allSatisfy { $0.value >= 1e-3 && $0.value <= 1e12 })

        // Under two decades: nice linear ticks instead.
        let narrow = TickLocator.log(lower: 2, upper: 9, target: 4)
        XCTAssertGreaterThanOrEqual(narrow.major.count, 2)
        XCTAssertFalse(narrow.major.contains { $0.label.contains("10") && $0.label.contains("⁰") })
    }

    func test_decimalExponents_areExact() {
        XCTAssertEqual(Decimal10.floorExponent(1000), 3)
        XCTAssertEqual(Decimal10.floorExponent(999.9999), 2)
        XCTAssertEqual(Decimal10.ceilExponent(1000), 3)
        XCTAssertEqual(Decimal10.ceilExponent(1000.0001), 4)
        XCTAssertEqual(Decimal10.floorExponent(1e-300), -300)
        XCTAssertEqual(Decimal10.floorExponent(0.3), -1)
        XCTAssertEqual(TickFormat.value(3, exponent: -1), 0.3)
    }
}
