import Foundation
import XCTest
@testable import UnderstudyExperiments
import UnderstudyTOML

/// The estimated memory of a work unit (`MemoryEstimate`) and the limit on it
/// (`ResourceLimits.memoryPerUnit`): checked before work starts, naming the key that drives it.
final class MemoryEstimateTests: XCTestCase {
    static func rl(_ rlTable: String) -> String {
        """
        name = "memory"
        title = "Memory"
        seed = 1
        seeds = 1

        [env]
        id = "CartPole-v1"

        [[method]]
        name = "RL"
        algorithm = "rl"
        iterations = 1

        [method.rl]
        \(rlTable)
        """
    }

    static func study(_ text: String, limits: ResourceLimits = .standard) throws -> Study {
        try Study(document: try TOMLDocument(parsing: text, file: "memory.toml"), limits: limits)
    }

    /// CMA-ES over CartPole's 4 → 16 → 2 policy: n = 5·16 + 17·2 = 114 parameters, three n × n
    /// matrices and two population × n sample arrays, 8 bytes each.
    func test_theSearchPart_isTheCovarianceOfThePolicyParameters() throws {
        let spec = try Self.study(Self.rl("policy_hidden = [16]\npopulation = 16")).spec
        let estimate = spec.estimatedMemory(of: spec.methods[0], index: 0)
        let search = try XCTUnwrap(estimate.parts.first { $0.key == "method[0].rl.policy_hidden" })
        XCTAssertEqual(search.bytes, 3 * 8 * 114 * 114 + 2 * 8 * 16 * 114)
        XCTAssertEqual(estimate.bytes, estimate.parts.reduce(0) { $0 + $1.bytes })
    }

    func test_aWidePolicySearch_isRefusedAtItsKey_andAllowedWhenAsked() throws {
        let text = Self.rl("policy_hidden = [4096]")
        XCTAssertThrowsError(try Self.study(text)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("memory.toml:15:17: method[0].rl.policy_hidden: method \"RL\" needs about "), message)
            XCTAssertTrue(message.contains("the limit memory_per_unit"), message)
            XCTAssertTrue(message.contains("--allow-large"), message)
        }
        XCTAssertNoThrow(try Self.study(text, limits: .unlimited))
    }

    /// With `init = "bc"` the searched network is BC's student, so `[policy] hidden` drives it.
    func test_aBootstrappedSearch_isBoundByThePolicyWidths() throws {
        let text = Self.rl("init = \"bc\"") + "\n[policy]\nmodel = \"mlp\"\nhidden = [4096]\n"
        XCTAssertThrowsError(try Self.study(text)) { error in
            XCTAssertTrue("\(error)".hasPrefix("memory.toml:18:10: policy.hidden: method \"RL\" needs about "), "\(error)")
        }
        let spec = try Self.study(text, limits: .unlimited).spec
        XCTAssertEqual(spec.estimatedMemory(of: spec.methods[0], index: 0).parts.map(\.key), ["demonstrations.episodes", "method[0].rl.init", "policy.hidden"])
    }

    /// A key left at its default is named in the message, at the method that uses it.
    func test_aDefaultedKey_isNamedAtItsMethod() throws {
        var limits = ResourceLimits.standard
        limits.memoryPerUnit = 1000
        XCTAssertThrowsError(try Self.study(Self.rl("population = 16"), limits: limits)) { error in
            XCTAssertTrue("\(error)".contains("(method[0].rl.policy_hidden)"), "\(error)")
        }
    }

    func test_moreDemonstrations_needMoreMemory() throws {
        let base = try Self.study(Self.rl("population = 16")).spec
        var more = base
        more.demonstrations.episodes *= 10
        XCTAssertGreaterThan(more.estimatedMemory(of: more.methods[0], index: 0).bytes,
                             base.estimatedMemory(of: base.methods[0], index: 0).bytes)
    }

    /// Every committed spec fits five times over, so the limit only stops what could not run.
    func test_everySpecInSeeds_isWellUnderTheLimit() throws {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../seeds").standardizedFileURL
        let names = try FileManager.default.contentsOfDirectory(atPath: seeds.path).filter { $0.hasSuffix(".toml") }.sorted()
        XCTAssertFalse(names.isEmpty)
        for name in names {
            let study = try Study.load(seeds.appendingPathComponent(name).path, limits: .standard)
            for cell in study.cells {
                for (i, method) in cell.spec.methods.enumerated() {
                    let bytes = cell.spec.estimatedMemory(of: method, index: i).bytes
                    XCTAssertLessThan(bytes, ResourceLimits.standard.memoryPerUnit / 5, "\(name) \(method.name)")
                }
            }
        }
    }
}

/// Sizes that once took quadratic time in the schema, now linear: many methods, many axes.
final class SpecSizeTests: XCTestCase {
    func test_fiftyThousandMethods_areReadInLinearTime() throws {
        let head = "name = \"many\"\ntitle = \"Many\"\nseed = 1\nseeds = 1\n[env]\nid = \"CartPole-v1\"\n"
        let methods = (0..<50_000).map { "[[method]]\nname = \"M\($0)\"\nalgorithm = \"bc\"\n" }.joined()
        let document = try TOMLDocument(parsing: head + methods + "[[method]]\nname = \"M7\"\nalgorithm = \"bc\"\n", file: "many.toml")
        let start = ContinuousClock.now
        XCTAssertThrowsError(try ExperimentSpec(document: document)) { error in
            XCTAssertTrue("\(error)".contains("duplicate method name \"M7\""), "\(error)")
        }
        // Pairwise name compares took 40 s (release); a set takes well under one in debug.
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(20))
    }
}
