import XCTest
@testable import UnderstudyExperiments
import UnderstudyEnvironments
import UnderstudyTOML

/// `[[transfer]]`, `[reoptimise]` and the driving loop's actuator keys: parsed into the changed
/// cars, and every bad value one error naming file:line:col.
final class TransferSpecTests: XCTestCase {
    private func spec(env: String = "", transfer: String) -> String {
        """
        name  = "transfer-check"
        title = "Transfer options"
        seed  = 1
        seeds = 2

        [env]
        id = "driving-loop"
        laps = 1
        \(env)

        [[method]]
        name      = "BC"
        algorithm = "bc"

        [[method]]
        name      = "GAIL"
        algorithm = "gail"
        iterations = 3

        \(transfer)
        """
    }

    private func error(env: String = "", _ transfer: String) -> String? {
        do {
            _ = try Study(document: try TOMLDocument(parsing: spec(env: env, transfer: transfer), file: "seeds/t.toml"))
            return nil
        } catch {
            return "\(error)"
        }
    }

    func test_changesAndReoptimise_parseIntoChangedCars() throws {
        let parsed = try ExperimentSpec(parsing: spec(transfer: """
            [[transfer]]
            name = "offset"
            steering_offset = 0.05

            [[transfer]]
            name = "fast-weak"
            steering_gain = 0.8
            speed = 1.25

            [reoptimise]
            reward = "GAIL"
            iterations = 4
            """), file: "seeds/t.toml")
        let t = parsed.transfer
        XCTAssertEqual(t.changes.map(\.name), ["offset", "fast-weak"])
        XCTAssertEqual(t.changes[0].drivingLoop.steeringOffset, 0.05)
        XCTAssertEqual(t.changes[0].drivingLoop.steeringGain, 1)
        XCTAssertEqual(t.changes[0].drivingLoop.horizon, parsed.environment.drivingLoop.horizon, "same speed, same horizon")
        XCTAssertEqual(t.changes[1].drivingLoop.steeringGain, 0.8)
        XCTAssertEqual(t.changes[1].drivingLoop.speed, 1.25)
        // One lap at the new speed.
        XCTAssertEqual(t.changes[1].drivingLoop.horizon, Int((t.changes[1].drivingLoop.lapLength / 0.25).rounded(.up)))
        XCTAssertEqual(t.changes[1].summary, "steering_gain = 0.8, speed = 1.25")
        XCTAssertEqual(t.reoptimise, TransferSpec.Reoptimise(reward: "GAIL", name: "GAIL re-optimised", iterations: 4))
        XCTAssertEqual(t.studentNames(parsed.methods), ["BC", "GAIL", "GAIL re-optimised"])
        // The original car is untouched.
        XCTAssertEqual(parsed.environment.drivingLoop.steeringOffset, 0)
        XCTAssertEqual(parsed.environment.drivingLoop.steeringGain, 1)
    }

    func test_withoutTransfer_theSpecIsAsBefore() throws {
        let parsed = try ExperimentSpec(parsing: spec(transfer: ""), file: "seeds/t.toml")
        XCTAssertTrue(parsed.transfer.isEmpty)
        XCTAssertNil(parsed.transfer.reoptimise)
        XCTAssertEqual(parsed.environment.drivingLoop.steeringGain, 1)
    }

    func test_envActuatorKeys_areRead() throws {
        let parsed = try ExperimentSpec(parsing: spec(env: "steering_offset = -0.02\nsteering_gain = 1.1", transfer: ""), file: "seeds/t.toml")
        XCTAssertEqual(parsed.environment.drivingLoop.steeringOffset, -0.02)
        XCTAssertEqual(parsed.environment.drivingLoop.steeringGain, 1.1)
    }

    func test_badValues_nameFileLineAndColumn() {
        // The [[transfer]] tables start on line 20 of the spec above, [env]'s extra key is on line 9.
        let cases: [(env: String, transfer: String, expected: String)] = [
            ("", "[[transfer]]\nname = \"offset\"\nsteering_offset = 0.5",
             "seeds/t.toml:22:19: transfer[0].steering_offset: found 0.5 (expected a number from -0.3 to 0.3)"),
            ("", "[[transfer]]\nname = \"gain\"\nsteering_gain = 0",
             "seeds/t.toml:22:17: transfer[0].steering_gain: found 0 (expected a number > 0 and ≤ 4)"),
            ("", "[[transfer]]\nname = \"fast\"\nspeed = -1",
             "seeds/t.toml:22:9: transfer[0].speed: found -1 (expected a number > 0 and ≤ 1000000)"),
            ("", "[[transfer]]\nname = \"same\"",
             "seeds/t.toml:21:8: transfer[0].name: transfer \"same\" changes nothing (expected one or more of 'steering_offset', 'steering_gain', 'speed')"),
            ("", "[[transfer]]\nname = \"Offset\"\nsteering_offset = 0.05",
             "seeds/t.toml:21:8: transfer[0].name: found \"Offset\" (expected a name of lowercase letters, digits and '-' (it names the changed car))"),
            ("", "[[transfer]]\nname = \"a\"\nsteering_ofset = 0.05",
             "seeds/t.toml:22:1: unknown key 'transfer[0].steering_ofset' (expected one of 'name', 'steering_offset', 'steering_gain', 'speed')\nhint: did you mean 'steering_offset'?"),
            ("", "[[transfer]]\nname = \"a\"\nspeed = 2\n\n[reoptimise]\nreward = \"BC\"",
             "seeds/t.toml:25:10: reoptimise.reward: found \"BC\" (expected the name of a [[method]] with algorithm \"gail\" (\"GAIL\"))"),
            ("", "[reoptimise]\nreward = \"GAIL\"",
             "seeds/t.toml:21:10: reoptimise.reward: [reoptimise] without [[transfer]] (expected one or more [[transfer]] changes to re-optimise in)"),
            ("", "[method.gail]\ndiscriminator_input = \"transition\"\n\n[[transfer]]\nname = \"a\"\nspeed = 2\n\n[reoptimise]\nreward = \"GAIL\"",
             "seeds/t.toml:28:10: reoptimise.reward: \"GAIL\" has a transition discriminator (expected a GAIL method with discriminator_input = \"state\" (a reward of the state alone transfers to another car))"),
            ("steering_gain = 5", "",
             "seeds/t.toml:9:17: env.steering_gain: found 5 (expected a number > 0 and ≤ 4)"),
            ("", "[[transfer]]\nname = \"a\"\nspeed = 2\n\n[sweep]\n\"labels.bias\" = [0, 0.01]",
             "seeds/t.toml:20:1: transfer: [[transfer]] and [reoptimise] cannot be combined with [sweep] (expected a spec without [sweep])"),
        ]
        for c in cases {
            XCTAssertEqual(error(env: c.env, c.transfer), c.expected, c.transfer)
        }
    }
}
