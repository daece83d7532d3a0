import XCTest
@testable import UnderstudyExperiments
import UnderstudyImitation
import UnderstudyTOML

/// GAIL's options in a spec: defaults when absent, and one clear line naming file, line,
/// column and the full key path for every bad value.
final class GAILSpecTests: XCTestCase {

    /// A valid spec whose GAIL method ends with `gailLines` inside `[method.gail]`.
    private func spec(_ gailLines: String) -> String {
        """
        name  = "gail-check"
        title = "GAIL options"
        seed  = 1
        seeds = 2

        [env]
        id = "driving-loop"

        [[method]]
        name      = "GAIL"
        algorithm = "gail"
        iterations = 3

        [method.gail]
        \(gailLines)
        """
    }

    private func error(_ gailLines: String) -> SpecError? {
        do {
            _ = try ExperimentSpec(parsing: spec(gailLines), file: "seeds/gail-check.toml")
            return nil
        } catch {
            return error
        }
    }

    /// The GAIL settings a spec's method parsed into.
    private func gail(_ spec: ExperimentSpec) throws -> GAILSettings {
        guard case .gail(let settings) = spec.methods[0].settings else { throw XCTSkip("not a GAIL method") }
        return settings
    }

    func test_defaults_whenTheGAILTableIsEmpty_areGAILSettingsDefaults() throws {
        let parsed = try ExperimentSpec(parsing: spec(""), file: "seeds/gail-check.toml")
        var expected = GAILSettings()
        expected.iterations = 3
        XCTAssertEqual(try gail(parsed), expected)
        XCTAssertEqual(GAILSettings().reward, .logD)
        XCTAssertEqual(GAILSettings().search.population, 16)
        XCTAssertEqual(GAILSettings().negatives, .population)
        XCTAssertEqual(GAILSettings().discriminatorNoise, 0.05)
    }

    func test_options_areRead() throws {
        let parsed = try ExperimentSpec(parsing: spec("""
            reward = "logit"
            population = 24
            sigma = 0.5
            negatives = "student"
            label_smoothing = 0.1
            discriminator_noise = 0
            standardize = false
            rollouts_per_candidate = 3
            action_scale = 0.05
            replay = 0.25
            replay_per_round = 300
            select_from = 5
            mean_learning_rate = 0.5
            discriminator_input = "transition"
            """), file: "seeds/gail-check.toml")
        let g = try gail(parsed)
        XCTAssertEqual(g.reward, .logit)
        XCTAssertEqual(g.discriminatorInput, .transition)
        XCTAssertEqual(g.search.population, 24)
        XCTAssertEqual(g.search.sigma, 0.5)
        XCTAssertEqual(g.negatives, .student)
        XCTAssertEqual(g.labelSmoothing, 0.1)
        XCTAssertEqual(g.discriminatorNoise, 0)
        XCTAssertFalse(g.search.standardizeInputs)
        XCTAssertEqual(g.search.rolloutsPerCandidate, 3)
        XCTAssertEqual(g.search.actionScale, 0.05)
        XCTAssertEqual(g.replayFraction, 0.25)
        XCTAssertEqual(g.replayPerRound, 300)
        XCTAssertEqual(g.selectFrom, 5)
        XCTAssertEqual(g.search.meanLearningRate, 0.5)
    }

    /// `average_means` takes the selection's place: without an explicit `select_from` it is 1.
    func test_averageMeans_isRead_andTurnsSelectionOff() throws {
        let g = try gail(try ExperimentSpec(parsing: spec("average_means = 5"), file: "seeds/gail-check.toml"))
        XCTAssertEqual(g.averageMeans, 5)
        XCTAssertEqual(g.selectFrom, 1)
        let both = try gail(try ExperimentSpec(parsing: spec("average_means = 5\nselect_from = 1"), file: "seeds/gail-check.toml"))
        XCTAssertEqual(both.averageMeans, 5)
        XCTAssertEqual(try gail(try ExperimentSpec(parsing: spec(""), file: "seeds/gail-check.toml")).averageMeans, 1)
    }

    /// A discrete student acts by argmax, which no scale changes: `action_scale` is refused there.
    func test_actionScale_isRefusedForDiscreteActions() {
        let text = spec("action_scale = 0.5").replacingOccurrences(of: "id = \"driving-loop\"", with: "id = \"CartPole-v1\"")
        XCTAssertThrowsError(try ExperimentSpec(parsing: text, file: "seeds/gail-check.toml")) { error in
            XCTAssertTrue("\(error)".hasPrefix("seeds/gail-check.toml:15:16: method[0].gail.action_scale: 'action_scale' scales continuous actions"), "\(error)")
        }
    }

    func test_badValues_giveOneClearLine() {
        // (the [method.gail] line, the expected error); the value sits on line 15, column 14 + key length.
        let cases: [(String, String)] = [
            ("population = 1",
             "seeds/gail-check.toml:15:14: method[0].gail.population: found 1 (expected an integer from 2 to 10000)"),
            ("sigma = -0.3",
             "seeds/gail-check.toml:15:9: method[0].gail.sigma: found -0.3 (expected a number > 0)"),
            ("reward = \"log-D\"",
             "seeds/gail-check.toml:15:10: method[0].gail.reward: found \"log-D\" (expected one of \"log-d\", \"-log(1-d)\", \"logit\")\nhint: did you mean \"log-d\"?"),
            ("discriminator_noise = -0.1",
             "seeds/gail-check.toml:15:23: method[0].gail.discriminator_noise: found -0.1 (expected a number from 0 to 100)"),
            ("discriminator_input = \"next-state\"",
             "seeds/gail-check.toml:15:23: method[0].gail.discriminator_input: found \"next-state\" (expected one of \"state\", \"state-action\", \"transition\")"),
            ("negatives = \"everyone\"",
             "seeds/gail-check.toml:15:13: method[0].gail.negatives: found \"everyone\" (expected one of \"student\", \"population\")"),
            ("replay = 0\nreplay_per_round = 50",
             "seeds/gail-check.toml:16:20: method[0].gail.replay_per_round: 'replay_per_round' fills the replay, which replay = 0 turns off (expected no 'replay_per_round' with replay = 0)"),
            ("mean_learning_rate = 0",
             "seeds/gail-check.toml:15:22: method[0].gail.mean_learning_rate: found 0 (expected a number > 0 and ≤ 1)"),
            ("average_means = 4\nselect_from = 10",
             "seeds/gail-check.toml:16:15: method[0].gail.select_from: 'select_from' chooses the acting student, which 'average_means' averages instead (expected select_from = 1, or no 'select_from', with average_means > 1)"),
            ("average_means = 0",
             "seeds/gail-check.toml:15:17: method[0].gail.average_means: found 0 (expected an integer from 1 to 1000)"),
            ("replay = 1",
             "seeds/gail-check.toml:15:10: method[0].gail.replay: found 1 (expected a number ≥ 0 and < 1)"),
            ("populaton = 8",
             "seeds/gail-check.toml:15:1: unknown key 'method[0].gail.populaton' (expected one of 'reward', 'discriminator_input', 'discriminator_hidden', 'discriminator_steps', 'discriminator_learning_rate', 'discriminator_batch', 'label_smoothing', 'discriminator_noise', 'negatives', 'replay', 'replay_per_round', 'select_from', 'average_means', 'standardize', 'policy_hidden', 'population', 'sigma', 'generations_per_update', 'rollouts_per_candidate', 'mean_learning_rate', 'action_scale', 'init', 'init_sigma')\nhint: did you mean 'population'?"),
        ]
        for (line, expected) in cases {
            XCTAssertEqual(error(line)?.description, expected, line)
        }
    }

    func test_gailTable_isRejectedForOtherAlgorithms() {
        let text = spec("").replacingOccurrences(of: "algorithm = \"gail\"", with: "algorithm = \"dagger\"")
        XCTAssertThrowsError(try ExperimentSpec(parsing: text, file: "seeds/gail-check.toml")) { error in
            XCTAssertEqual("\(error)", """
                seeds/gail-check.toml:14:1: method[0].gail: 'gail' is not used by algorithm "dagger" (expected no 'gail' in a "dagger" method)
                hint: 'gail' applies to algorithm "gail" only; remove it
                """)
        }
    }

    /// `init = "bc"` starts the search from BC's student — the spec's `[policy]` — so it takes
    /// that student's widths, activation, scaling and training; a student the search's network
    /// cannot hold (nearest neighbour, the default) or keys that would contradict it are refused
    /// with their position.
    func test_initBC_holdsBCsStudent_orIsRefusedWithItsPosition() throws {
        let mlp = """
            [policy]
            model = "mlp"
            hidden = [8]
            activation = "relu"
            epochs = 30
            standardize = false

            """
        let parsed = try ExperimentSpec(parsing: spec("init = \"bc\"").replacingOccurrences(of: "[[method]]", with: mlp + "[[method]]"),
                                        file: "seeds/gail-check.toml")
        let search = try gail(parsed).search
        XCTAssertEqual(search.initialization, .bc(BCStudent(hidden: [8], activation: .relu,
                                                            training: .init(epochs: 30, standardizeInputs: false, standardizeTargets: false))))
        XCTAssertEqual(search.policyHidden, [8])
        XCTAssertFalse(search.standardizeInputs)

        let cases: [(String, String, String)] = [
            ("", "init = \"bc\"", "seeds/gail-check.toml:15:8: method[0].gail.init: init = \"bc\" starts the search from BC's student, but [policy] model = \"nearest-neighbour\" cannot be held"),
            (mlp, "init = \"bc\"\npolicy_hidden = [16]", "seeds/gail-check.toml:22:17: method[0].gail.policy_hidden: 'policy_hidden' is BC's student's with init = \"bc\""),
            (mlp, "init = \"bc\"\nstandardize = true", "seeds/gail-check.toml:22:15: method[0].gail.standardize: 'standardize' is BC's student's with init = \"bc\""),
            (mlp, "init = \"bc\"\ninit_epochs = 5", "seeds/gail-check.toml:22:1: unknown key 'method[0].gail.init_epochs'"),
            ("", "init_sigma = 0.1", "seeds/gail-check.toml:15:14: method[0].gail.init_sigma: 'init_sigma' applies to init = \"bc\" only"),
            (mlp, "init = \"bc\"\naction_scale = 0.1", "seeds/gail-check.toml:22:16: method[0].gail.action_scale: 'action_scale' does not apply with init = \"bc\""),
        ]
        for (policy, lines, expected) in cases {
            let text = spec(lines).replacingOccurrences(of: "[[method]]", with: policy + "[[method]]")
            XCTAssertThrowsError(try ExperimentSpec(parsing: text, file: "seeds/gail-check.toml"), lines) { error in
                XCTAssertTrue("\(error)".hasPrefix(expected), "\(error)")
            }
        }
    }

    /// A key the method's algorithm would ignore is refused where it stands, never dropped silently.
    func test_keysTheAlgorithmIgnores_areRefusedWithTheirPosition() {
        let cases: [(String, String, String)] = [
            ("gail", "aggregate = true", "seeds/gail-check.toml:13:13: method[0].aggregate: 'aggregate' is not used by algorithm \"gail\""),
            ("gail", "episodes_per_iteration = 2",
             "seeds/gail-check.toml:13:26: method[0].episodes_per_iteration: 'episodes_per_iteration' is not used by algorithm \"gail\""),
            ("gail", "beta_decay = 0.5", "seeds/gail-check.toml:13:14: method[0].beta_decay: 'beta_decay' is not used by algorithm \"gail\""),
            ("bc", "beta_decay = 0.5", "seeds/gail-check.toml:13:14: method[0].beta_decay: 'beta_decay' is not used by algorithm \"bc\""),
        ]
        for (algorithm, line, expected) in cases {
            let text = """
                name  = "gail-check"
                title = "ignored keys"
                seed  = 1
                seeds = 2

                [env]
                id = "driving-loop"

                [[method]]
                name      = "M"
                algorithm = "\(algorithm)"
                iterations = 3
                \(line)
                """
            XCTAssertThrowsError(try ExperimentSpec(parsing: text, file: "seeds/gail-check.toml"), line) { error in
                XCTAssertTrue("\(error)".hasPrefix(expected), "\(error)")
            }
        }
        // [method.policy] under GAIL: its student is always GAIL's own MLP.
        let policy = spec("").replacingOccurrences(of: "[method.gail]", with: "[method.policy]\nmodel = \"mlp\"")
        XCTAssertThrowsError(try ExperimentSpec(parsing: policy, file: "seeds/gail-check.toml")) { error in
            XCTAssertTrue("\(error)".hasPrefix("seeds/gail-check.toml:14:1: method[0].policy: 'policy' is not used by algorithm \"gail\""),
                          "\(error)")
        }
    }
}
