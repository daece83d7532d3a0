import UnderstudyEnvironments
import UnderstudyImitation
import UnderstudyTOML

/// The gridworld's keys of `[env]` and `[method.maxent]` (seeds/README.md), and the checks
/// that tie the gridworld and its two methods together.
extension ExperimentSpec {
    /// `[env]` keys of `id = "gridworld"` besides `id`.
    static let gridworldKeys = ["layout", "transfer_layout", "reward", "slip", "horizon", "discount"]
    /// Largest |weight| of the true reward: the soft policy exponentiates sums of them.
    static let maxGridworldWeight = 100.0

    /// The gridworld of an `[env]` table: layouts as arrays of strings, `[env.reward]` weights
    /// by feature name, slip in [0, 1], horizon 1…1000, discount in [0, 1).
    static func readGridworld(_ env: SpecTable) throws(SpecError) -> GridworldConfig {
        var c = GridworldConfig()
        if env.contains("layout") { c.layout = try readLayout(env, "layout") }
        if env.contains("transfer_layout") { c.transferLayout = try readLayout(env, "transfer_layout") }
        c.slip = try env.double("slip", min: 0, max: 1, default: c.slip)
        c.horizon = try env.int("horizon", in: 1...1000, default: c.horizon)
        c.discount = try env.double("discount", min: 0, max: 1, maxExclusive: true, default: c.discount)
        if env.contains("reward") {
            let table = try env.subtable("reward")
            table.declareKeys(GridworldFeatures.names)
            let most = maxGridworldWeight
            c.weights = []
            for name in GridworldFeatures.names { c.weights.append(try table.double(name, min: -most, max: most, default: 0)) }
            try table.rejectUnknownKeys()
        }
        return c
    }

    /// A layout from an array of strings; a bad character, a ragged row or a missing or second
    /// start or goal is reported at its own line and column in the file.
    static func readLayout(_ env: SpecTable, _ key: String) throws(SpecError) -> GridLayout {
        let lines = try env.array(key, of: String.self, count: 1...100)
        guard case .array(let items)? = env.value(key)?.content else { throw env.error(at: key, "not an array", expected: "an array of strings") }
        if let long = lines.firstIndex(where: { $0.count > 100 }) {
            throw env.error(at: key, "row \(long + 1) has \(lines[long].count) cells", expected: "at most 100 cells per row")
        }
        do { return try GridLayout(lines: lines) } catch {
            // The string's opening quote is at its position; its characters follow.
            let item = items[min(error.row, items.count - 1)]
            let position = item.position.map { TOMLPosition(line: $0.line, column: $0.column + 1 + error.column) }
            let location = env.location(of: key)
            throw SpecError(file: location.file, position: position ?? location.position,
                            message: "\(location.path)[\(error.row)]: \(error.message)", expected: error.expected,
                            hint: "layout characters: . floor, , grass, ~ water, # wall, S start, G goal")
        }
    }

    /// The gridworld's methods need the gridworld, and read neither the sensor's flips nor
    /// observation noise (their demonstrations come from the expert's soft policy itself).
    func checkGridworldMethods(_ root: SpecTable, _ env: SpecTable) throws(SpecError) {
        let tables = try root.arrayOfTables("method")
        for (index, method) in methods.enumerated() where method.algorithm == .maxentIRL || method.algorithm == .tabularBC {
            if environment.id != Gridworld.id {
                throw tables[index].error(at: "algorithm", "algorithm \"\(method.algorithm.rawValue)\" needs the gridworld",
                                          expected: "env id = \"gridworld\" (or another algorithm)")
            }
            if labels.flip > 0 {
                throw try root.subtable("labels", required: false).error(
                    at: "flip", "algorithm \"\(method.algorithm.rawValue)\" learns from the expert's own soft policy, without a sensor",
                    expected: "no labels.flip in a spec with a \"\(method.algorithm.rawValue)\" method")
            }
            if environment.observationNoise > 0 {
                throw env.error(at: "observation_noise", "observation noise is not applied by algorithm \"\(method.algorithm.rawValue)\"",
                                expected: "no observation_noise in a spec with a \"\(method.algorithm.rawValue)\" method")
            }
        }
    }

    /// `[method.maxent]`: the gradient steps' settings.
    static func readMaxEnt(_ t: SpecTable) throws(SpecError) -> MaxEntSettings {
        var m = MaxEntSettings()
        m.iterations = try t.int("iterations", in: 1...1000, default: m.iterations)
        let table = try t.subtable("maxent", required: false)
        m.stepsPerIteration = try table.int("steps_per_iteration", in: 1...10_000, default: m.stepsPerIteration)
        m.learningRate = try table.double("learning_rate", min: 0, max: 100, minExclusive: true, default: m.learningRate)
        m.tolerance = try table.double("tolerance", min: 0, max: 1, default: m.tolerance)
        return m
    }
}
