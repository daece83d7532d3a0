import UnderstudyDeterminism
import UnderstudyEnvironments
import XCTest

/// The changed cars of reward transfer: the steering actuator's offset and gain, and the speed,
/// change the dynamics as documented (the car turns by gain · clamped command + offset and moves
/// speed·dt along its new heading), and the defaults leave every step bit-identical.
final class DrivingLoopActuatorTests: XCTestCase {
    /// A fixed command sequence, some beyond the clamp.
    let commands: [Double] = (0..<200).map { i in 0.4 * PortableMath.sin(Double(i) * 0.37) }

    func drive(_ config: DrivingLoopConfig) throws -> [[Double]] {
        var loop = try DrivingLoop(config: config)
        var stream = RandomStream(seed: 1, path: "actuator-tests/reset")
        loop.reset(using: &stream)
        var states = [loop.state]
        for c in commands { _ = loop.step(.continuous([c])); states.append(loop.state) }
        return states
    }

    func test_defaults_areExactlyTheCommandedTurn() throws {
        var explicit = DrivingLoopConfig()
        explicit.steeringOffset = 0
        explicit.steeringGain = 1
        let states = try drive(DrivingLoopConfig())
        XCTAssertEqual(states, try drive(explicit))
        // The documented step with no actuator error: heading += clamp(δ), then speed·dt along it.
        var (x, y, h) = (states[0][0], states[0][1], states[0][2])
        for (t, c) in commands.enumerated() {
            h += min(max(c, -0.3), 0.3)
            if h > Double.pi { h -= 2 * Double.pi } else if h <= -Double.pi { h += 2 * Double.pi }
            x += 0.2 * PortableMath.cos(h)
            y += 0.2 * PortableMath.sin(h)
            XCTAssertEqual(states[t + 1], [x, y, h], "step \(t + 1)")
        }
    }

    func test_offsetAndGain_turnTheCarByGainTimesClampedCommandPlusOffset() throws {
        for (gain, offset) in [(1.0, 0.05), (0.8, 0.0), (1.3, -0.02)] {
            var config = DrivingLoopConfig()
            config.steeringGain = gain
            config.steeringOffset = offset
            let states = try drive(config)
            for (t, c) in commands.enumerated() {
                let turn = gain * min(max(c, -0.3), 0.3) + offset
                XCTAssertEqual(wrapAngle(states[t + 1][2] - states[t][2]), turn, accuracy: 1e-12, "gain \(gain), offset \(offset), step \(t)")
                XCTAssertEqual(hypot(states[t + 1][0] - states[t][0], states[t + 1][1] - states[t][1]), 0.2, accuracy: 1e-12)
            }
        }
    }

    func test_offset_makesTheCarCircle_whenCommandedStraight() throws {
        var config = DrivingLoopConfig()
        config.steeringOffset = 0.05
        var loop = try DrivingLoop(config: config)
        var stream = RandomStream(seed: 1, path: "actuator-tests/reset")
        loop.reset(using: &stream)
        for _ in 0..<10 { _ = loop.step(.continuous([0])) }
        XCTAssertEqual(loop.heading, 0.5, accuracy: 1e-12, "ten straight commands turn the car 10 × 0.05 rad")
    }

    func test_speed_changesTheStepLengthAndTheDefaultHorizon_notTheTrack() throws {
        var config = DrivingLoopConfig()
        config.speed = 1.5
        let fast = try DrivingLoop(config: config), original = try DrivingLoop()
        XCTAssertEqual(fast.stepLength, 1.5 * 0.2)
        XCTAssertEqual(fast.track.lapLength, original.track.lapLength)
        XCTAssertEqual(fast.maxEpisodeSteps, Int((2 * original.track.lapLength / 0.3).rounded(.up)))
        let states = try drive(config)
        XCTAssertEqual(hypot(states[1][0] - states[0][0], states[1][1] - states[0][1]), 0.3, accuracy: 1e-12)
    }

    func test_validate_refusesActuatorsOutOfRange() {
        func field(_ change: (inout DrivingLoopConfig) -> Void) -> String? {
            var c = DrivingLoopConfig()
            change(&c)
            do { try c.validate(); return nil } catch {
                if case .invalidDrivingLoop(let field, _) = error { return field }
                return "\(error)"
            }
        }
        XCTAssertEqual(field { $0.steeringOffset = 0.31 }, "steering_offset")
        XCTAssertEqual(field { $0.steeringOffset = .nan }, "steering_offset")
        XCTAssertEqual(field { $0.steeringGain = 0 }, "steering_gain")
        XCTAssertEqual(field { $0.steeringGain = 4.5 }, "steering_gain")
        XCTAssertEqual(field { $0.maxSteering = 1; $0.steeringGain = 3.2 }, "steering_gain", "the largest turn must stay below π")
        XCTAssertNil(field { $0.steeringOffset = -0.3; $0.steeringGain = 0.8 })
    }
}
