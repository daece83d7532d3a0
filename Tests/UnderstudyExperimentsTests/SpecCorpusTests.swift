import XCTest
@testable import UnderstudyExperiments
import UnderstudyTOML

/// The corpus of broken specs a user would type: each gives its own clear error with the
/// file, line and column of the culprit.
final class SpecCorpusTests: XCTestCase {
    static let valid = """
    name  = "corpus"
    title = "Corpus"
    seed  = 7
    seeds = 3

    [env]
    id = "driving-loop"

    [labels]
    bias = [0.01]
    spread = [0.01]

    [[method]]
    name = "BC"
    algorithm = "bc"

    [[method]]
    name = "DAgger"
    algorithm = "dagger"
    iterations = 5
    """

    func error(_ text: String) -> SpecError? {
        do { _ = try ExperimentSpec(parsing: text, file: "spec.toml"); return nil } catch { return error }
    }

    func test_validSpec_parses_withDefaults() throws {
        let spec = try ExperimentSpec(parsing: Self.valid, file: "spec.toml")
        XCTAssertEqual(spec.name, "corpus")
        XCTAssertEqual(spec.seeds, 3)
        XCTAssertEqual(spec.methods.map(\.name), ["BC", "DAgger"])
        XCTAssertEqual(spec.methods[0].iterations, 1)
        XCTAssertEqual(spec.methods[1].iterations, 5)
        XCTAssertEqual(spec.labels.bias, [0.01])
        XCTAssertEqual(spec.policy.model, .nearestNeighbour)
    }

    func test_overrides_replaceSeedAndSeeds() throws {
        let spec = try ExperimentSpec(parsing: Self.valid, file: "spec.toml", seed: 99, seeds: 2)
        XCTAssertEqual(spec.seed, 99)
        XCTAssertEqual(spec.seeds, 2)
    }

    /// (replace this, with that) → expected "line:col" and a fragment of the message.
    static let cases: [(String, String, String, String)] = [
        ("seeds = 3", "sedes = 3", "1:1", "missing required key 'seeds'"),
        ("seeds = 3", "seeds = 3\nalgoritm = 1", "5:1", "unknown key 'algoritm'"),
        ("seeds = 3", "seeds = \"ten\"", "4:9", "found a string \"ten\" (expected an integer"),
        ("seeds = 3", "seeds = -2", "4:9", "found -2"),
        ("seeds = 3", "seeds = 0", "4:9", "found 0"),
        ("[env]\nid = \"driving-loop\"", "", "1:1", "missing required key 'env'"),
        ("id = \"driving-loop\"", "id = \"driving-lop\"", "7:6", "did you mean \"driving-loop\"?"),
        ("algorithm = \"dagger\"", "algorithm = \"dager\"", "19:13", "did you mean \"dagger\"?"),
        ("name = \"DAgger\"", "name = \"BC\"", "18:8", "duplicate method name \"BC\""),
        ("name  = \"corpus\"", "name  = \"Corpus Run\"", "1:9", "lowercase letters"),
        ("name  = \"corpus\"", "name  = \"../etc\"", "1:9", "lowercase letters"),
        ("bias = [0.01]", "bias = [0.01, 0.02]", "10:8", "an array of 1 number"),
        ("spread = [0.01]", "spread = [-0.01]", "11:10", "standard deviations ≥ 0"),
        ("iterations = 5", "iterations = 5\nbeta_decay = 2", "21:14", "found 2"),
        ("title = \"Corpus\"", "title = \"Corpus", "2:9", "unterminated"),
        ("[labels]", "[labels", "9:8", "expected ']' to close the table header"),
        ("name = \"BC\"\nalgorithm = \"bc\"", "name = \"BC\"\nalgorithm = \"bc\"\nbeta_decay = 0.5", "16:14", "applies to algorithm \"dagger\" only"),
        // A step longer than the radius through dt alone is dt's error.
        ("id = \"driving-loop\"", "id = \"driving-loop\"\ndt = 1e9", "8:6", "env.dt: speed·dt must be shorter than the radius"),
        ("name = \"DAgger\"", "name = \"Expert\"", "18:8", "other than \"Expert\""),
        // A nearest-neighbour student (the default model) has no layers to size or train.
        ("[labels]", "[policy]\nhidden = [8]\n\n[labels]", "10:10", "'hidden' applies to model = \"mlp\" only"),
    ]

    func test_brokenSpecs_giveTheirOwnErrorWithLineAndColumn() {
        for (old, new, position, fragment) in Self.cases {
            let text = Self.valid.replacingOccurrences(of: old, with: new)
            XCTAssertNotEqual(text, Self.valid, "case \(new) did not change the spec")
            guard let error = error(text) else { XCTFail("\(new): accepted"); continue }
            let rendered = "\(error)"
            XCTAssertTrue(rendered.hasPrefix("spec.toml:\(position): "), "\(new): \(rendered)")
            XCTAssertTrue(rendered.contains(fragment), "\(new): \(rendered)")
        }
    }

    func studyError(_ text: String) -> SpecError? {
        do { _ = try Study(document: try TOMLDocument(parsing: text, file: "spec.toml")); return nil } catch let e as SpecError { return e } catch {
            XCTFail("\(error)"); return nil
        }
    }

    /// A sweep over the methods is refused at its key; a cell that the swept values make invalid
    /// is named, at [sweep], with where in the spec its finding lies.
    func test_sweepErrors_pointAtTheSweep_andNameTheCell() throws {
        let methods = Self.valid + "\n\n[sweep]\n\"method[0].iterations\" = [1, 2]\n"
        let e1 = try XCTUnwrap(studyError(methods))
        XCTAssertTrue("\(e1)".hasPrefix("spec.toml:23:1: sweep.method[0].iterations: cannot sweep"), "\(e1)")
        let env = Self.valid.replacingOccurrences(of: "id = \"driving-loop\"", with: "id = \"driving-loop\"\nlaps = 1")
            + "\n\n[sweep]\n\"env.id\" = [\"driving-loop\", \"CartPole-v1\"]\n"
        let e2 = try XCTUnwrap(studyError(env))
        XCTAssertTrue("\(e2)".hasPrefix("spec.toml:23:1: the sweep cell env.id=\"CartPole-v1\" is not a valid spec: unknown key 'env.laps' at 8:1"), "\(e2)")
    }
}
