import XCTest
import UnderstudyDeterminism
@testable import UnderstudyEnvironments

final class GridworldTests: XCTestCase {
    /// A 3 × 3 room, deterministic moves, reward 1 on the goal only, T = 2, γ = 0.5, by hand:
    /// Q_1(s, a) = r(s), so V_1(s) = r(s) + log 5; Q_0(s, a) = r(s) + ½ V_1(next(s, a)).
    func testSoftValueIterationMatchesTheHandComputed3x3Case() throws {
        let layout = try GridLayout(lines: ["S..", "...", "..G"])
        let config = GridworldConfig(layout: layout, weights: [0, 0, 0, 1], slip: 0, horizon: 2, discount: 0.5)
        let world = Gridworld(config: config)
        let policy = SoftPolicy(reward: world.reward, dynamics: world.dynamics, horizon: 2, discount: 0.5)
        let log5 = PortableMath.log(5)
        // V_1: log 5 everywhere, 1 + log 5 on the goal (cell 8).
        XCTAssertEqual(policy.v[1 * 9 + 0], log5, accuracy: 1e-12)
        XCTAssertEqual(policy.v[1 * 9 + 8], 1 + log5, accuracy: 1e-12)
        // The start: every move leads to a reward-0 cell, so Q_0 = ½ log 5 for all five and π is uniform.
        XCTAssertEqual(policy.v[0], 0.5 * log5 + log5, accuracy: 1e-12)
        for p in policy.probabilities(step: 0, cell: 0) { XCTAssertEqual(p, 0.2, accuracy: 1e-12) }
        // Cell (1, 2), above the goal: "down" reaches it, Q_0(down) = ½ (1 + log 5), the others ½ log 5.
        let e = PortableMath.exp(0.5)
        XCTAssertEqual(policy.v[5], 0.5 * log5 + PortableMath.log(4 + e), accuracy: 1e-12)
        let pi = policy.probabilities(step: 0, cell: 5)
        XCTAssertEqual(pi[1], e / (4 + e), accuracy: 1e-12)
        XCTAssertEqual(pi[0], 1 / (4 + e), accuracy: 1e-12)
        XCTAssertEqual(policy.greedyAction(step: 0, cell: 5), 1)
        // On the goal at step 0 every action but "down" and "right" (both blocked: stay) leaves it.
        let onGoal = policy.probabilities(step: 0, cell: 8)
        XCTAssertEqual(onGoal[4], e / (2 + 3 * e), accuracy: 1e-12)
    }

    func testVisitationFrequenciesSumToTheHorizon() {
        let config = GridworldConfig(slip: 0.2, horizon: 17, discount: 0.9)
        let world = Gridworld(config: config)
        let policy = SoftPolicy(reward: world.reward, dynamics: world.dynamics, horizon: 17, discount: 0.9)
        let d = policy.stateDistributions(from: world.layout.start, dynamics: world.dynamics)
        XCTAssertEqual(d.count, 17)
        for step in d { XCTAssertEqual(step.reduce(0, +), 1, accuracy: 1e-12) }
        let visits = SoftPolicy.visitation(d, discount: 1)
        XCTAssertEqual(visits.reduce(0, +), 17, accuracy: 1e-10)
        // Walls are never visited.
        let walls = try! GridLayout(lines: ["S#.", "..G"])
        let walled = Gridworld(config: GridworldConfig(layout: walls, horizon: 6))
        let wp = SoftPolicy(reward: walled.reward, dynamics: walled.dynamics, horizon: 6, discount: 0.95)
        let wv = SoftPolicy.visitation(wp.stateDistributions(from: walls.start, dynamics: walled.dynamics), discount: 1)
        XCTAssertEqual(wv[1], 0)
        XCTAssertEqual(wv.reduce(0, +), 6, accuracy: 1e-12)
    }

    func testMovesWallsAndSlip() throws {
        let layout = try GridLayout(lines: ["S.#", ",~G"])
        var world = Gridworld(config: GridworldConfig(layout: layout, weights: [-1, -2, -3, 10], slip: 0, horizon: 4))
        var stream = RandomStream(seed: 1, path: "test")
        world.reset(using: &stream)
        XCTAssertEqual(world.state, [0, 0, 0])
        var t = world.step(.discrete(3))            // right
        XCTAssertEqual(world.state, [0, 1, 1])
        XCTAssertEqual(t.reward, -1)                 // earned on the floor it left
        t = world.step(.discrete(3))                 // into the wall: stays
        XCTAssertEqual(world.state, [0, 1, 2])
        t = world.step(.discrete(1))                 // down onto water
        XCTAssertEqual(t.reward, -1)
        t = world.step(.discrete(3))                 // right onto the goal; the horizon ends the episode
        XCTAssertEqual(t.reward, -3)
        XCTAssertTrue(t.truncated)
        XCTAssertEqual(world.state, [1, 2, 4])
        XCTAssertEqual(world.episodeMetrics(states: [[0, 0, 0], [1, 2, 1]], rewards: [-1])["success"], 1)

        // Slip 1: every move is drawn uniformly, from the reset stream's child "slip".
        var slippery = Gridworld(config: GridworldConfig(layout: layout, slip: 1, horizon: 200))
        var s2 = RandomStream(seed: 1, path: "test")
        slippery.reset(using: &s2)
        var cells = Set<Int>()
        for _ in 0..<200 { _ = slippery.step(.discrete(4)); cells.insert(slippery.cell) }
        XCTAssertEqual(cells, [0, 1, 3, 4, 5])
    }

    func testLayoutErrorsNameRowAndColumn() {
        func error(_ lines: [String]) -> GridLayoutError? {
            do { _ = try GridLayout(lines: lines); return nil } catch { return error }
        }
        XCTAssertEqual(error(["S.x", "..G"]).map { [$0.row, $0.column] }, [0, 2])
        XCTAssertEqual(error(["S..", ".G"]).map { [$0.row, $0.column] }, [1, 2])
        XCTAssertEqual(error(["S..", "..."])?.message, "the layout has no goal 'G'")
        XCTAssertEqual(error(["S.G", "S.."]).map { [$0.row, $0.column] }, [1, 0])
        XCTAssertEqual(try GridLayout(lines: ["S.,", "~#G"]).lines, ["S.,", "~#G"])
    }
}
