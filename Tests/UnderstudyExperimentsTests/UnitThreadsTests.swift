import XCTest
@testable import UnderstudyExperiments
import UnderstudyDeterminism
import UnderstudyTOML

/// A unit computed with the policy search on one thread or on two (what the runner grants
/// when it has more jobs than units) stores the same bytes.
final class UnitThreadsTests: XCTestCase {
    func test_gailAndRLUnits_areTheSameBytesOnOneOrTwoThreads() throws {
        let text = """
        name  = "unit-threads"
        title = "threads never change a bit"
        seed  = 5
        seeds = 1

        [env]
        id = "CartPole-v1"

        [[method]]
        name       = "GAIL"
        algorithm  = "gail"
        iterations = 2

        [method.gail]
        population = 6
        generations_per_update = 2
        rollouts_per_candidate = 2

        [[method]]
        name       = "RL"
        algorithm  = "rl"
        iterations = 2

        [method.rl]
        population = 5
        generations_per_update = 2
        """
        let study = try Study(document: try TOMLDocument(parsing: text, file: "seeds/unit-threads.toml"))
        let runner = Runner(study: study, jobs: 1)
        let methodUnits = runner.units.filter { $0.method != nil }
        XCTAssertEqual(methodUnits.count, 2)
        for unit in methodUnits {
            let one = try CanonicalJSON.string(unit.compute(in: study.cells[0], threads: 1).json)
            let two = try CanonicalJSON.string(unit.compute(in: study.cells[0], threads: 2).json)
            XCTAssertEqual(one, two, runner.id(of: unit))
        }
    }
}
