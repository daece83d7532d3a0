import XCTest
@testable import UnderstudyTOML

/// The canonical writer: exact layout, numbers that read back bit for bit, and
/// writer → parser → writer round trips.
final class TOMLWriterTests: XCTestCase {

    func test_floats_areShortestAndAlwaysReadAsFloats() {
        let cases: [(Double, String)] = [
            (1, "1.0"), (0.1, "0.1"), (-2.5, "-2.5"), (1e-5, "1e-5"), (1e22, "1e22"), (1.5e300, "1.5e300"),
            (-0.0, "-0.0"), (0, "0.0"), (0x1p-1074, "5e-324"), (0x1p53, "9007199254740992.0"),
            (1e16, "1e16"), (123456.789, "123456.789"), (.infinity, "inf"), (-.infinity, "-inf"), (.nan, "nan"),
            (Double.greatestFiniteMagnitude, "1.7976931348623157e308"),
        ]
        for (x, text) in cases {
            XCTAssertEqual(TOMLWriter.float(x), text)
        }
    }

    func test_floats_readBackToTheSameBits() throws {
        var values: [Double] = [0.1, 0.2, 0.3, 1.0 / 3.0, 2.0 / 3.0, .pi, 1e-300, 1e300, 0x1p-1074, 0x1p-1022,
                                0x1.fffffffffffffp1023, 0x1p53 + 2, 0x1.b69b4ba630f34p56]
        // A fixed sweep over bit patterns (a multiplicative hash of the index): all exponents.
        for k in 1...2000 {
            let x = Double(bitPattern: UInt64(k) &* 0x9E37_79B9_7F4A_7C15)
            if x.isFinite { values.append(x) }
        }
        var table = TOMLTable()
        for (k, x) in values.enumerated() { table["x\(k)"] = .float(x) }
        let text = TOMLWriter.write(table)
        let back = try TOMLDocument(parsing: text, file: "floats.toml").root
        for (k, x) in values.enumerated() {
            guard case .float(let y)? = back["x\(k)"]?.content else { return XCTFail("x\(k) is not a float in \(text)") }
            XCTAssertEqual(y.bitPattern, x.bitPattern, "x\(k) = \(TOMLWriter.float(x))")
        }
    }

    func test_tablesBuiltInCode_writeInTheCanonicalLayout() {
        var student = TOMLTable()
        student["hidden"] = .array([.integer(16), .integer(16)])
        var bc = TOMLTable()
        bc["name"] = .string("BC")
        bc["student"] = .table(student)
        var dagger = TOMLTable()
        dagger["name"] = .string("DAgger \"v2\"\n")
        var env = TOMLTable()
        env["track"] = .table(TOMLTable(["radius": .float(10)]))
        var root = TOMLTable()
        root["method"] = .array([.table(bc), .table(dagger)])
        root["env"] = .table(env)
        root["name"] = .string("driving-loop")
        root["odd key"] = .array([.integer(1), .table(TOMLTable(["a": .boolean(true)])), .array([])])
        root["empty"] = .table(TOMLTable())

        XCTAssertEqual(TOMLWriter.write(root), """
        name = "driving-loop"
        "odd key" = [1, { a = true }, []]

        [[method]]
        name = "BC"

        [method.student]
        hidden = [16, 16]

        [[method]]
        name = "DAgger \\"v2\\"\\n"

        [env.track]
        radius = 10.0

        [empty]

        """)
        XCTAssertEqual(TOMLWriter.write(root, sortedKeys: true), """
        name = "driving-loop"
        "odd key" = [1, { a = true }, []]

        [empty]

        [env.track]
        radius = 10.0

        [[method]]
        name = "BC"

        [method.student]
        hidden = [16, 16]

        [[method]]
        name = "DAgger \\"v2\\"\\n"

        """)
    }

    func test_strings_escapeControlCharacters() throws {
        let s = "a\u{01}b\u{7F}c\td\u{08}e\u{0C}f\rg\\h\"é😀"
        var table = TOMLTable()
        table["s"] = .string(s)
        let text = TOMLWriter.write(table)
        XCTAssertEqual(text, #"s = "a\u0001b\u007Fc\td\be\ff\rg\\h\"é😀""# + "\n")
        XCTAssertEqual(try TOMLDocument(parsing: text, file: "s.toml").root, table)
    }

    private let spec = """
    # The driving loop.
    name  = "driving-loop"
    seeds = 10     # repetitions
    sigma = 1e-2
    [env]
    id = 'driving-loop'
    track.radius = 10
    track.shape = { kind = "stadium", straight = 2.5 }
    [[method]]
    name = "BC"
    [[method]]
    name = "DAgger"
    schedule = [
      0.5,
      0.25,   # halves each time
    ]
    [method.student]
    hidden = [16, 16]
    """

    func test_roundTrip_writerThenParserGivesTheSameData() throws {
        let parsed = try TOMLDocument(parsing: spec, file: "spec.toml")
        for sorted in [false, true] {
            let text = TOMLWriter.write(parsed.root, sortedKeys: sorted)
            let reparsed = try TOMLDocument(parsing: text, file: "rewritten.toml")
            XCTAssertEqual(reparsed, parsed)
            XCTAssertEqual(TOMLWriter.write(reparsed.root, sortedKeys: sorted), text, "writing is idempotent")
        }
        XCTAssertEqual(TOMLWriter.write(parsed.root), """
        name = "driving-loop"
        seeds = 10
        sigma = 0.01

        [env]
        id = "driving-loop"

        [env.track]
        radius = 10

        [env.track.shape]
        kind = "stadium"
        straight = 2.5

        [[method]]
        name = "BC"

        [[method]]
        name = "DAgger"
        schedule = [0.5, 0.25]

        [method.student]
        hidden = [16, 16]

        """)
    }

    func test_overrides_replaceValuesInPlace() throws {
        var root = try TOMLDocument(parsing: spec, file: "spec.toml").root
        root["seeds"] = .integer(3)
        XCTAssertTrue(root.setValue(.float(20), atPath: ["env", "track", "radius"]))
        XCTAssertTrue(root.setValue(.integer(7), atPath: ["seed"]))
        XCTAssertFalse(root.setValue(.integer(1), atPath: ["name", "x"]), "'name' is a string, not a table")
        XCTAssertEqual(root.value(atPath: ["env", "track", "radius"]), .float(20))
        XCTAssertEqual(root.keys, ["name", "seeds", "sigma", "env", "method", "seed"])
        let text = TOMLWriter.write(root)
        XCTAssertTrue(text.hasPrefix("name = \"driving-loop\"\nseeds = 3\nsigma = 0.01\nseed = 7\n\n[env]\n"), text)
        XCTAssertTrue(text.contains("[env.track]\nradius = 20.0\n"), text)
    }

    func test_equality_ignoresPositionsAndKeyOrder() throws {
        let a = try TOMLDocument(parsing: "x = 1\ny = [1.0, \"s\"]\n", file: "a").root
        let b = try TOMLDocument(parsing: "\n\ny = [ 1.0 , 's' ]\nx = 1\n", file: "b").root
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, try TOMLDocument(parsing: "x = 1\ny = [1, \"s\"]\n", file: "c").root, "1.0 is not 1")
        XCTAssertNotEqual(TOMLValue.float(0.0), TOMLValue.float(-0.0))
        XCTAssertEqual(TOMLValue.float(.nan), TOMLValue.float(.nan))
    }
}
