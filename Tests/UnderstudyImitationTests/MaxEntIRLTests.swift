import XCTest
import UnderstudyDeterminism
import UnderstudyEnvironments
@testable import UnderstudyImitation

final class MaxEntIRLTests: XCTestCase {
    func context(_ world: Gridworld, demonstrations: Int) -> ImitationContext<Gridworld> {
        let root = RandomStream(seed: 7, path: "maxent-test/seed=0")
        return ImitationContext(environment: world, expert: GridworldExpert(world: world), seedStream: root,
                                methodStream: root.child("IRL"), demonstrationEpisodes: demonstrations, evaluationEpisodes: 2)
    }

    /// With deterministic moves the gradient μ_E − μ_w is the gradient of the demonstrations'
    /// mean discounted log-likelihood: compare with central finite differences at a point far
    /// from the optimum, where every component is large.
    func testGradientMatchesFiniteDifferencesOfTheLogLikelihood() {
        let world = Gridworld(config: GridworldConfig(slip: 0, horizon: 12, discount: 0.9))
        let context = context(world, demonstrations: 30)
        let irl = MaxEntIRL(settings: MaxEntSettings(), expert: GridworldExpert(world: world), in: context)
        let w = [0.3, -0.7, 0.4, -0.5]
        let gradient = irl.gradient(at: w)
        let h = 1e-5
        for k in w.indices {
            var plus = w, minus = w
            plus[k] += h
            minus[k] -= h
            let numeric = (irl.logLikelihood(plus) - irl.logLikelihood(minus)) / (2 * h)
            XCTAssertEqual(gradient[k], numeric, accuracy: 1e-6 * max(1, abs(numeric)), "feature \(GridworldFeatures.names[k])")
        }
        XCTAssertGreaterThan(gradient.map(abs).max()!, 0.1, "a point where the gradient is not small")
        // The dual the steps climb is that same likelihood here.
        XCTAssertEqual(irl.dual(w), irl.logLikelihood(w), accuracy: 1e-9)
    }

    /// The steps match the feature counts and recover a reward close to the true one; the
    /// greedy policy of the learned reward reaches the goal.
    func testFeatureCountsMatchAndTheRewardIsRecovered() throws {
        let world = Gridworld(config: GridworldConfig(slip: 0.1, horizon: 20, discount: 0.95))
        let context = context(world, demonstrations: 100)
        var settings = MaxEntSettings()
        settings.iterations = 10
        settings.stepsPerIteration = 30
        var loop = ImitationLoop(context: context, method: MaxEntIRL(settings: settings, expert: GridworldExpert(world: world), in: context))
        let result = try loop.run()
        let gaps = result.records.compactMap(\.trainingError)
        XCTAssertEqual(gaps.count, 10)
        XCTAssertLessThanOrEqual(gaps.last!, 0.01)
        XCTAssertLessThan(gaps.last!, gaps.first! + 1e-12)
        let learned = result.method.reward(on: world.layout)
        XCTAssertGreaterThan(correlation(learned, world.reward), 0.9)
        XCTAssertEqual(result.method.expectedVisitation.reduce(0, +), 20, accuracy: 1e-9)
        XCTAssertEqual(result.method.expertVisitation.reduce(0, +), 20, accuracy: 1e-9)
        XCTAssertEqual(result.evaluation.metrics.map { $0["success"]! }, [1, 1])
    }

    /// Tabular BC keeps the most frequent action per visited cell and falls back to the
    /// nearest visited cell elsewhere.
    func testTabularBCTableAndFallback() throws {
        let world = Gridworld(config: GridworldConfig(slip: 0, horizon: 20, discount: 0.95))
        let context = context(world, demonstrations: 20)
        var bc = TabularBC(expert: GridworldExpert(world: world), in: context)
        let fit = try bc.fit((), iteration: 0, in: context)
        XCTAssertEqual(fit.expertLabels, 400)
        var counts: [Int: [Int]] = [:]
        for e in bc.demonstrations {
            for t in 0..<e.length { counts[world.cell(of: e.states[t]), default: [0, 0, 0, 0, 0]][actionIndex(e.actions[t])] += 1 }
        }
        for (cell, action) in bc.table {
            let c = counts[cell]!
            XCTAssertEqual(c[action], c.max()!)
            XCTAssertEqual(c.firstIndex(of: c.max()!), action, "lowest index among equals")
            XCTAssertEqual(bc.action(row: cell / 8, column: cell % 8), action)
        }
        // Far outside the layout: the nearest visited cell's action.
        let visited = Set(bc.table.map(\.cell))
        let nearest = bc.table.min { a, b in
            (abs(a.cell / 8 - 40) + abs(a.cell % 8 - 3), a.cell) < (abs(b.cell / 8 - 40) + abs(b.cell % 8 - 3), b.cell)
        }!
        XCTAssertFalse(visited.isEmpty)
        XCTAssertEqual(bc.action(row: 40, column: 3), nearest.action)
    }

    func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count), ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var ab = 0.0, aa = 0.0, bb = 0.0
        for i in a.indices { ab += (a[i] - ma) * (b[i] - mb); aa += (a[i] - ma) * (a[i] - ma); bb += (b[i] - mb) * (b[i] - mb) }
        return ab / (aa * bb).squareRoot()
    }
}
