import XCTest
@testable import UnderstudyExperiments
import UnderstudyEnvironments
import UnderstudyImitation
import UnderstudyTOML

/// The re-optimised student of seed k is searched on seed k's own final GAIL discriminator:
/// recomputing GAIL for seed k and re-optimising on its D gives the unit's numbers exactly, and
/// another seed's D gives other numbers.
final class ReoptimiseRewardTests: XCTestCase {
    static let text = """
        name  = "reoptimise-source"
        title = "Which discriminator"
        seed  = 3
        seeds = 2

        [env]
        id = "driving-loop"
        laps = 0.3

        [demonstrations]
        laps = 0.3

        [[method]]
        name = "GAIL"
        algorithm = "gail"
        iterations = 2

        [method.gail]
        population = 6
        generations_per_update = 2

        [[transfer]]
        name = "offset"
        steering_offset = 0.05

        [reoptimise]
        reward = "GAIL"
        iterations = 2
        """

    /// Seed `k`'s GAIL as its unit trains it, recomputed through the unit's own context.
    func gail(_ computation: UnitComputation, _ loop: DrivingLoop, _ expert: any Expert) throws -> GAIL {
        guard case .gail(let settings) = computation.spec.methods[0].settings else { throw XCTSkip("not GAIL") }
        let context = computation.context(loop, expert, method: "GAIL")
        var run = ImitationLoop(context: context, method: try GAIL(settings: settings, in: context))
        return try run.run().method
    }

    func test_reoptimisedStudent_usesTheSameSeedsDiscriminator() throws {
        let spec = try ExperimentSpec(parsing: Self.text, file: "t.toml")
        let study = try Study(document: TOMLDocument(parsing: Self.text, file: "t.toml"))
        let loop = try DrivingLoop(config: spec.environment.drivingLoop)
        let expert = try XCTUnwrap(makeExpert(for: loop))
        let unit = Runner.Unit(cell: 0, method: 0, seedIndex: 1)
        let stored = try unit.compute(in: study.cells[0])
        let reoptimised = stored.transfer.filter { $0.student == "GAIL re-optimised" }
        XCTAssertEqual(reoptimised.map(\.change), ["offset"])

        let seed1 = UnitComputation(spec: spec, cell: "", unit: unit)
        let own = try seed1.reoptimised(on: try gail(seed1, loop, expert), "GAIL", expert: expert)
        XCTAssertEqual(own, reoptimised, "seed 1's unit re-optimises on seed 1's discriminator")

        let seed0 = UnitComputation(spec: spec, cell: "", unit: Runner.Unit(cell: 0, method: 0, seedIndex: 0))
        let other = try seed1.reoptimised(on: try gail(seed0, loop, expert), "GAIL", expert: expert)
        XCTAssertNotEqual(other.first?.trajectory, reoptimised.first?.trajectory, "another seed's discriminator gives another student")
        XCTAssertEqual(try seed1.reoptimised(on: try gail(seed1, loop, expert), "Other", expert: expert), [],
                       "only the method [reoptimise] names is re-optimised")
    }
}
