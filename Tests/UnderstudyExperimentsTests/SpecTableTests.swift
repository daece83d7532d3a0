import XCTest
@testable import UnderstudyExperiments
import UnderstudyTOML

/// Strict schema reading: every wrong type, out-of-range value, missing or unknown key gives
/// one exact line naming file, line, column and the key's full path.
final class SpecTableTests: XCTestCase {

    private let validSpec = """
    name  = "driving-loop"
    title = "Miscalibrated steering: BC vs DAgger vs GAIL"
    seed  = 20261124
    seeds = 10

    [env]
    id = "driving-loop"
    track = { radius = 10, half_width = 1.0 }

    [[method]]
    name      = "BC"
    algorithm = "bc"

    [[method]]
    name      = "DAgger"
    algorithm = "dagger"
    iterations = 6
    [method.student]
    hidden = [16, 16]
    learning_rate = 1e-3
    """

    /// A small schema in the shape the spec model will use.
    private struct Spec {
        var name: String
        var seeds: Int
        var envID: String
        var radius: Double
        var methods: [(name: String, algorithm: String, iterations: Int, hidden: [Int], learningRate: Double)]
    }

    private func read(_ text: String) throws -> Spec {
        let spec = try SpecTable(parsing: text, file: "seeds/x.toml")
        let name = try spec.string("name", matching: "a name of lowercase letters, digits and '-'") { name in
            !name.isEmpty && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        }
        _ = try spec.require("title", as: String.self)
        _ = try spec.int("seed", in: 0...Int(UInt32.max))
        let seeds = try spec.int("seeds", in: 1...)
        let env = try spec.subtable("env")
        let envID = try env.string("id", oneOf: ["driving-loop", "CartPole-v1", "Pendulum-v1"])
        let track = try env.subtable("track", required: false)
        let radius = try track.double("radius", min: 0, minExclusive: true, default: 10)
        _ = try track.double("half_width", min: 0, minExclusive: true, default: 1)
        var methods: [(String, String, Int, [Int], Double)] = []
        for method in try spec.arrayOfTables("method") {
            let name = try method.require("name", as: String.self)
            let algorithm = try method.string("algorithm", oneOf: ["bc", "dagger", "gail"])
            let iterations = algorithm == "dagger" ? try method.int("iterations", in: 1...1000) : 0
            let student = try method.subtable("student", required: false)
            let hidden = try student.optional("hidden", as: [Int].self) ?? [32]
            let learningRate = try student.double("learning_rate", min: 0, max: 1, minExclusive: true, default: 1e-3)
            methods.append((name, algorithm, iterations, hidden, learningRate))
        }
        try spec.rejectUnknownKeys()
        return Spec(name: name, seeds: seeds, envID: envID, radius: radius, methods: methods)
    }

    func test_aValidSpec_readsWithAllItsValues() throws {
        let spec = try read(validSpec)
        XCTAssertEqual(spec.name, "driving-loop")
        XCTAssertEqual(spec.seeds, 10)
        XCTAssertEqual(spec.envID, "driving-loop")
        XCTAssertEqual(spec.radius, 10)
        XCTAssertEqual(spec.methods.map(\.name), ["BC", "DAgger"])
        XCTAssertEqual(spec.methods.map(\.algorithm), ["bc", "dagger"])
        XCTAssertEqual(spec.methods.map(\.iterations), [0, 6])
        XCTAssertEqual(spec.methods.map(\.hidden), [[32], [16, 16]])
        XCTAssertEqual(spec.methods.map(\.learningRate), [1e-3, 1e-3])
    }

    /// Each edit of the valid spec (replace the first occurrence of `old` by `new`) and the
    /// exact error it must give.
    private let brokenSpecs: [(name: String, old: String, new: String, error: String)] = [
        ("wrong type", "seeds = 10", "seeds = \"ten\"",
         "seeds/x.toml:4:9: seeds: found a string \"ten\" (expected an integer ≥ 1)"),
        ("float for an integer", "seeds = 10", "seeds = 10.0",
         "seeds/x.toml:4:9: seeds: found a float 10.0 (expected an integer ≥ 1)"),
        ("out of range", "seeds = 10", "seeds = 0",
         "seeds/x.toml:4:9: seeds: found 0 (expected an integer ≥ 1)"),
        ("out of a closed range", "iterations = 6", "iterations = 1001",
         "seeds/x.toml:17:14: method[1].iterations: found 1001 (expected an integer from 1 to 1000)"),
        ("pattern", "name  = \"driving-loop\"", "name  = \"Driving Loop\"",
         "seeds/x.toml:1:9: name: found \"Driving Loop\" (expected a name of lowercase letters, digits and '-')"),
        ("missing required key in a table", "id = \"driving-loop\"\n", "",
         "seeds/x.toml:6:1: missing required key 'env.id' (expected one of \"driving-loop\", \"CartPole-v1\", \"Pendulum-v1\")"),
        ("missing required key at the root", "seeds = 10\n", "",
         "seeds/x.toml:1:1: missing required key 'seeds' (expected an integer ≥ 1)"),
        ("missing required table", "[env]\nid = \"driving-loop\"\ntrack = { radius = 10, half_width = 1.0 }\n", "",
         "seeds/x.toml:1:1: missing required key 'env' (expected a table [env])"),
        ("missing required key in an array-of-tables element", "name      = \"DAgger\"\n", "",
         "seeds/x.toml:14:1: missing required key 'method[1].name' (expected a string)"),
        ("missing arrays of tables", "[[method]]\nname      = \"BC\"\nalgorithm = \"bc\"\n\n[[method]]\nname      = \"DAgger\"\nalgorithm = \"dagger\"\niterations = 6\n[method.student]\nhidden = [16, 16]\nlearning_rate = 1e-3", "",
         "seeds/x.toml:1:1: missing required key 'method' (expected one or more [[method]] tables)"),
        ("a table where an array of tables belongs", "[[method]]\nname      = \"BC\"\nalgorithm = \"bc\"\n\n[[method]]\nname      = \"DAgger\"\nalgorithm = \"dagger\"\niterations = 6\n[method.student]", "[method]\nname = \"BC\"\n[method.student]",
         "seeds/x.toml:10:1: method: found a table (expected one or more [[method]] tables)"),
        ("value not among the choices, near one", "algorithm = \"dagger\"", "algorithm = \"dager\"",
         "seeds/x.toml:16:13: method[1].algorithm: found \"dager\" (expected one of \"bc\", \"dagger\", \"gail\")\nhint: did you mean \"dagger\"?"),
        ("value not among the choices, near none", "algorithm = \"bc\"", "algorithm = \"ppo\"",
         "seeds/x.toml:12:13: method[0].algorithm: found \"ppo\" (expected one of \"bc\", \"dagger\", \"gail\")"),
        ("misspelt required key", "seeds = 10", "sedes = 10",
         "seeds/x.toml:1:1: missing required key 'seeds' (expected an integer ≥ 1)\nhint: 'sedes' at 4:1 looks like a misspelling of 'seeds'"),
        ("misspelt required key in a table", "id = \"driving-loop\"", "ib = \"driving-loop\"",
         "seeds/x.toml:6:1: missing required key 'env.id' (expected one of \"driving-loop\", \"CartPole-v1\", \"Pendulum-v1\")\nhint: 'ib' at 7:1 looks like a misspelling of 'id'"),
        ("unknown key with did-you-mean", "half_width = 1.0", "halfwidth = 1.0",
         "seeds/x.toml:8:24: unknown key 'env.track.halfwidth' (expected one of 'radius', 'half_width')\nhint: did you mean 'half_width'?"),
        ("unknown key in an array-of-tables element", "algorithm = \"dagger\"\niterations = 6", "algorithm = \"dagger\"\niterations = 6\nalgoritm = 1",
         "seeds/x.toml:18:1: unknown key 'method[1].algoritm' (expected one of 'name', 'algorithm', 'iterations', 'student')\nhint: did you mean 'algorithm'?"),
        ("unknown key in an inline table", "radius = 10,", "radius = 10, raduis = 3,",
         "seeds/x.toml:8:24: unknown key 'env.track.raduis' (expected one of 'radius', 'half_width')\nhint: did you mean 'radius'?"),
        ("unknown key in a nested table, far from any valid key", "hidden = [16, 16]", "hidden = [16, 16]\noptimizer = \"sgd\"",
         "seeds/x.toml:20:1: unknown key 'method[1].student.optimizer' (expected one of 'hidden', 'learning_rate')"),
        ("unknown table", "[[method]]\nname      = \"BC\"", "[expert]\ngain = 1\n\n[[method]]\nname      = \"BC\"",
         "seeds/x.toml:10:2: unknown key 'expert' (expected one of 'name', 'title', 'seed', 'seeds', 'env', 'method')"),
        ("unknown keys: the first in the file is reported", "iterations = 6", "iterations = 6\nzzz = 1\n[method.yyy]",
         "seeds/x.toml:18:1: unknown key 'method[1].zzz' (expected one of 'name', 'algorithm', 'iterations', 'student')"),
        ("key that is valid only for another algorithm", "algorithm = \"bc\"", "algorithm = \"bc\"\niterations = 3",
         "seeds/x.toml:13:1: unknown key 'method[0].iterations' (expected one of 'name', 'algorithm', 'student')"),
        ("array element of the wrong type", "hidden = [16, 16]", "hidden = [16, \"32\"]",
         "seeds/x.toml:19:15: method[1].student.hidden[1]: found a string \"32\" (expected an integer)"),
        ("not an array", "hidden = [16, 16]", "hidden = 16",
         "seeds/x.toml:19:10: method[1].student.hidden: found an integer 16 (expected an array of integers)"),
        ("number below an exclusive minimum", "learning_rate = 1e-3", "learning_rate = 0",
         "seeds/x.toml:20:17: method[1].student.learning_rate: found 0 (expected a number > 0 and ≤ 1)"),
        ("number of the wrong type", "learning_rate = 1e-3", "learning_rate = \"fast\"",
         "seeds/x.toml:20:17: method[1].student.learning_rate: found a string \"fast\" (expected a number > 0 and ≤ 1)"),
        ("non-finite number", "radius = 10", "radius = nan",
         "seeds/x.toml:8:20: env.track.radius: found nan (expected a finite number)"),
        ("subtable that is not a table", "track = { radius = 10, half_width = 1.0 }", "track = \"oval\"",
         "seeds/x.toml:8:9: env.track: found a string \"oval\" (expected a table [env.track])"),
        ("syntax errors come out as SpecError too", "seeds = 10", "seeds = 10 10",
         "seeds/x.toml:4:12: found '10' (expected end of line or a comment after the value)"),
    ]

    func test_brokenSpecs_reportExactPositionAndMessage() {
        for (name, old, new, expected) in brokenSpecs {
            guard let range = validSpec.range(of: old) else { XCTFail("\(name): '\(old)' not in the spec"); continue }
            let text = validSpec.replacingCharacters(in: range, with: new)
            do {
                _ = try read(text)
                XCTFail("\(name): read without error, expected \(expected)")
            } catch let error as SpecError {
                XCTAssertEqual(error.description, expected, name)
            } catch {
                XCTFail("\(name): not a SpecError: \(error)")
            }
        }
    }

    func test_specErrorFields_matchItsDescription() {
        XCTAssertThrowsError(try read(validSpec.replacingOccurrences(of: "iterations = 6", with: "iterations = 6\niteratons = 7"))) { error in
            guard let error = error as? SpecError else { return XCTFail("not a SpecError") }
            XCTAssertEqual(error.file, "seeds/x.toml")
            XCTAssertEqual(error.line, 18)
            XCTAssertEqual(error.column, 1)
            XCTAssertEqual(error.message, "unknown key 'method[1].iteratons'")
            XCTAssertEqual(error.expected, "one of 'name', 'algorithm', 'iterations', 'student'")
            XCTAssertEqual(error.hint, "did you mean 'iterations'?")
        }
    }

    func test_declaredKeys_areNotTakenForMisspellings() throws {
        let text = "seeds = 10\n"
        let plain = try SpecTable(parsing: text, file: "f.toml")
        XCTAssertThrowsError(try plain.int("seed", in: 0...)) { error in
            XCTAssertEqual("\(error)", "f.toml:1:1: missing required key 'seed' (expected an integer ≥ 0)\nhint: 'seeds' at 1:1 looks like a misspelling of 'seed'")
        }
        let declared = try SpecTable(parsing: text, file: "f.toml")
        declared.declareKeys(["seed", "seeds"])
        XCTAssertThrowsError(try declared.int("seed", in: 0...)) { error in
            XCTAssertEqual("\(error)", "f.toml:1:1: missing required key 'seed' (expected an integer ≥ 0)")
        }
    }

    func test_declaredKeys_areValidAndListed() throws {
        let spec = try SpecTable(parsing: "gain = 1\nnoise = 2\n", file: "f.toml")
        spec.declareKeys(["gain", "bias"])
        XCTAssertThrowsError(try spec.rejectUnknownKeys()) { error in
            XCTAssertEqual("\(error)", "f.toml:2:1: unknown key 'noise' (expected one of 'gain', 'bias')")
        }
    }

    func test_keyPaths_quoteKeysThatAreNotBare() throws {
        let spec = try SpecTable(parsing: "[\"my table\"]\n\"a b\" = 1\n", file: "f.toml")
        _ = try spec.subtable("my table")
        XCTAssertThrowsError(try spec.rejectUnknownKeys()) { error in
            XCTAssertEqual("\(error)", "f.toml:2:1: unknown key '\"my table\".\"a b\"' (expected no keys in [\"my table\"])")
        }
    }

    func test_optionalKeys_areNilOrDefaultWhenAbsent() throws {
        let spec = try SpecTable(parsing: "a = 1\n", file: "f.toml")
        XCTAssertNil(try spec.optional("b", as: Int.self))
        XCTAssertEqual(try spec.int("c", in: 0...9, default: 7), 7)
        XCTAssertEqual(try spec.double("d", min: 0, default: 0.5), 0.5)
        XCTAssertEqual(try spec.bool("e", default: true), true)
        XCTAssertEqual(try spec.string("f", oneOf: ["x", "y"], default: "y"), "y")
        XCTAssertEqual(try spec.arrayOfTables("g", minimumCount: 0).count, 0)
        XCTAssertEqual(try spec.optional("a", as: Int.self), 1)
        XCTAssertFalse(spec.contains("h"))
        XCTAssertNoThrow(try spec.rejectUnknownKeys())
    }

    func test_doubles_acceptIntegers() throws {
        let spec = try SpecTable(parsing: "x = 3\ny = [1, 2.5]\n", file: "f.toml")
        XCTAssertEqual(try spec.require("x", as: Double.self), 3)
        XCTAssertEqual(try spec.array("y", of: Double.self, count: 2...2), [1, 2.5])
    }

    func test_arrayCount_isChecked() throws {
        let spec = try SpecTable(parsing: "ci = [0.1]\n", file: "f.toml")
        XCTAssertThrowsError(try spec.array("ci", of: Double.self, count: 2...2)) { error in
            XCTAssertEqual("\(error)", "f.toml:1:6: ci: found an array of 1 value (expected an array of 2 numbers)")
        }
    }

    func test_customChecks_canPointAtAKey() throws {
        let spec = try SpecTable(parsing: "[[method]]\nname = \"BC\"\n[[method]]\nname = \"BC\"\n", file: "f.toml")
        let methods = try spec.arrayOfTables("method")
        let error = methods[1].error(at: "name", "found \"BC\" a second time", expected: "a name used by one method only")
        XCTAssertEqual(error.description, "f.toml:4:8: method[1].name: found \"BC\" a second time (expected a name used by one method only)")
    }

    func test_arrayOfTables_needsEnoughTables() throws {
        let spec = try SpecTable(parsing: "[[m]]\n", file: "f.toml")
        XCTAssertThrowsError(try spec.arrayOfTables("m", minimumCount: 2)) { error in
            XCTAssertEqual("\(error)", "f.toml:1:1: m: found 1 table (expected at least 2 [[m]] tables)")
        }
    }

    func test_askingForATableTwice_givesTheSameCursor() throws {
        let spec = try SpecTable(parsing: "[env]\nid = 1\n[[m]]\nx = 1\n[[m]]\nx = 2\n", file: "f.toml")
        _ = try spec.subtable("env").require("id", as: Int.self)
        for m in try spec.arrayOfTables("m") { _ = try m.require("x", as: Int.self) }
        XCTAssertTrue(try spec.subtable("env") === spec.subtable("env"))
        XCTAssertEqual(try spec.arrayOfTables("m").count, 2)
        XCTAssertNoThrow(try spec.rejectUnknownKeys())
        XCTAssertThrowsError(try spec.arrayOfTables("m", minimumCount: 3))
    }

    func test_nearestKey_isSuggestedOnlyWhenClose() {
        XCTAssertEqual(editDistance("ab", "ba"), 1)
        XCTAssertEqual(editDistance("kitten", "sitting"), 3)
        XCTAssertEqual(editDistance("", "abc"), 3)
        XCTAssertEqual(editDistance("ca", "abc"), 3)  // optimal string alignment: no edit of a transposed pair
        XCTAssertEqual(nearest(to: "sedes", in: ["seed", "seeds"]), "seeds")
        XCTAssertEqual(nearest(to: "Seeds", in: ["seed", "seeds"]), "seeds")
        XCTAssertEqual(nearest(to: "algoritm", in: ["name", "algorithm"]), "algorithm")
        XCTAssertEqual(nearest(to: "iteratons", in: ["iterations"]), "iterations")
        XCTAssertNil(nearest(to: "optimizer", in: ["hidden", "learning_rate"]))
        XCTAssertNil(nearest(to: "xyz", in: ["env"]))
        XCTAssertEqual(nearest(to: "evn", in: ["env", "seed"]), "env")
    }
}
