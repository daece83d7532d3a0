import UnderstudyDeterminism
import UnderstudyEnvironments
import Foundation
import XCTest

final class JSONParserTests: XCTestCase {
    func test_parse_valuesIntegersAndExactDoubles() throws {
        let v = try JSONParser.parse(#"{"a": [1, -2, 0.1, 1e3, -0.0, 2.2250738585072014e-308], "b": "x\n\u00e9\ud83d\ude00", "c": [true, false, null]}"#)
        XCTAssertEqual(v, .object([
            "a": .array([.integer(1), .integer(-2), .number(0.1), .number(1000), .number(-0.0), .number(2.2250738585072014e-308)]),
            "b": .string("x\né😀"),
            "c": .array([.bool(true), .bool(false), .null]),
        ]))
    }

    func test_parse_roundTripsShortestDoubles() throws {
        var stream = RandomStream(seed: 1, path: "test/json-doubles")
        for _ in 0..<2000 {
            let x = Double(bitPattern: stream.nextUInt64())
            guard x.isFinite else { continue }
            let parsed = try JSONParser.parse("[" + CanonicalJSON.number(x) + "]")
            guard case .array(let items) = parsed else { return XCTFail() }
            switch items[0] {
            case .number(let y): XCTAssertEqual(y.bitPattern, x.bitPattern)
            case .integer(let i): XCTAssertEqual(Double(i), x)
            default: XCTFail()
            }
        }
    }

    func test_parse_errorsNameLineAndColumn() {
        let cases: [(String, Int, Int, String)] = [
            ("{\"a\": 1,\n  \"b\" 2}", 2, 7, "expected ':'"),
            ("[1, 2,\n]", 2, 1, "expected a JSON value"),
            ("[01]", 1, 2, "leading zero"),
            ("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key"),
            ("[1] x", 1, 5, "unexpected text after"),
            ("\"é\u{1}\"", 1, 3, "control character"),
            ("[\"abc", 1, 2, "unterminated string"),
            ("[1e999]", 1, 2, "out of range"),
            ("[tru]", 1, 2, "expected 'true'"),
            ("", 1, 1, "expected a JSON value"),
        ]
        for (text, line, column, fragment) in cases {
            XCTAssertThrowsError(try JSONParser.parse(text), text) { error in
                guard case .jsonSyntax(let errorLine, let errorColumn, let message)? = error as? DeterminismError else {
                    return XCTFail("\(error)")
                }
                XCTAssertEqual(errorLine, line, text)
                XCTAssertEqual(errorColumn, column, text)
                XCTAssertTrue(message.contains(fragment), "\(text): \(message)")
            }
        }
    }
}

final class DemosIOTests: XCTestCase {
    func tempPath(_ name: String) -> String {
        let dir = NSTemporaryDirectory() + "understudy-env-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir + "/" + name
    }

    func test_recordedExpertDemos_roundTripThroughJSONAndReplayExactly() throws {
        for id in EnvironmentRegistry.ids {
            let env = try EnvironmentRegistry.make(id: id)
            let demos = Demonstrations.record(environment: env, expert: makeExpert(for: env)!, episodes: 2, seed: 11)
            let path = tempPath("\(id).json")
            try demos.write(to: path)
            let back = try Demonstrations.read(path: path)
            XCTAssertEqual(back, demos, id)
            XCTAssertTrue(try back.replay().allSatisfy(\.isExact), id)
            // Canonical: writing again gives the same bytes.
            XCTAssertEqual(try back.jsonText(), try demos.jsonText())
        }
    }

    func test_read_reportsSchemaErrorsWithPositions() {
        let cases: [(String, String)] = [
            (#"{"format": "understudy-demos/2", "env": "CartPole-v1", "state_names": [], "episodes": []}"#,
             "f.json:1:12: format \"understudy-demos/2\" is not supported"),
            (#"{"format": "understudy-demos/1", "env": "Nope-v0", "state_names": [], "episodes": []}"#,
             "f.json:1:41: unknown environment 'Nope-v0'"),
            ("{\"format\": \"understudy-demos/1\", \"env\": \"Acrobot-v1\",\n \"state_names\": [\"theta1\", \"theta2\", \"dtheta1\", \"dtheta2\"],\n \"episodes\": [{\"initial_state\": [0, 0, 0, 0], \"actions\": [[3]], \"states\": [[0, 0, 0, 0]], \"rewards\": [-1], \"terminated\": [false]}]}",
             "f.json:3:59: episode 0 action is not a valid discrete action"),
            ("{\"format\": \"understudy-demos/1\", \"env\": \"Pendulum-v1\", \"state_names\": [\"theta\", \"theta_dot\"],\n \"episodes\": [{\"initial_state\": [0, 0], \"actions\": [[0.5]], \"states\": [[0, 0]], \"rewards\": [], \"terminated\": [false]}]}",
             "f.json:2:92: episode 0 has 0 rewards for 1 actions"),
            (#"{"format": "understudy-demos/1", "env": "CartPole-v1", "extra": 1}"#, "f.json:1:56: unknown key \"extra\""),
            ("{\"format\": \"understudy-demos/1\",\n  \"env\": [}", "f.json:2:11: unexpected '}'"),
        ]
        for (text, prefix) in cases {
            XCTAssertThrowsError(try Demonstrations.decode(text, file: "f.json")) { error in
                XCTAssertTrue("\(error)".hasPrefix(prefix), "got: \(error)\nexpected: \(prefix)")
            }
        }
    }

    func test_replay_reportsDivergence() throws {
        let path = Bundle.module.path(forResource: "Fixtures/CartPole-v1", ofType: "json")!
        var demos = try Demonstrations.read(path: path)
        demos.episodes[0].states[4][2] += 1e-9
        let r = try demos.replay()[0]
        XCTAssertEqual(r.exactSteps, r.steps - 1)
        XCTAssertEqual(r.firstDivergence, 4)
        XCTAssertEqual(r.maxAbsError, 1e-9, accuracy: 1e-15)
    }

    func test_npy_headerIsNumPysV1Format() {
        let bytes = Npy.encode([1, 2, 3, 4, 5, 6], shape: [2, 3])
        XCTAssertEqual(Array(bytes[0..<8]), [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        XCTAssertEqual((10 + headerLength) % 64, 0)
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        XCTAssertTrue(header.hasPrefix("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"))
        XCTAssertTrue(header.hasSuffix(" \n"))
        XCTAssertEqual(bytes.count, 10 + headerLength + 48)
        XCTAssertEqual(Array(bytes[(10 + headerLength)..<(10 + headerLength + 8)]), [0, 0, 0, 0, 0, 0, 0xF0, 0x3F])   // 1.0
        let vector = String(decoding: Npy.encode([1], shape: [1])[10..<74], as: UTF8.self)
        XCTAssertTrue(vector.hasPrefix("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }"))
    }

    func test_writeNpy_writesEveryArrayWithConsistentShapes() throws {
        let env = try EnvironmentRegistry.make(id: "CartPole-v1")
        let demos = Demonstrations.record(environment: env, expert: CartPoleExpert(), episodes: 2, seed: 3)
        let dir = tempPath("npy")
        try demos.writeNpy(directory: dir)
        for name in Demonstrations.npyArrays {
            let bytes = try AtomicFile.read(dir + "/\(name).npy")
            let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
            let expected = ["initial_states": "(2, 4)", "episode_lengths": "(2,)", "states": "(1000, 4)",
                            "actions": "(1000, 1)", "observations": "(1000, 4)", "rewards": "(1000,)", "terminated": "(1000,)"][name]!
            XCTAssertTrue(header.contains("'shape': \(expected)"), "\(name): \(header)")
        }
    }
}
