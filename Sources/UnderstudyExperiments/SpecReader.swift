import Foundation
import UnderstudyEnvironments
import UnderstudyImitation
import UnderstudyLearning
import UnderstudyTOML

/// Reads and validates a spec file into an `ExperimentSpec`; every key is documented in
/// seeds/README.md. All problems are `SpecError`s naming file, line and column.
extension ExperimentSpec {
    /// The spec of `text` (named `file` in errors), with command-line overrides applied.
    public init(parsing text: String, file: String, seed: UInt64? = nil, seeds: Int? = nil) throws(SpecError) {
        let document: TOMLDocument
        do { document = try TOMLDocument(parsing: text, file: file) } catch { throw SpecError(error) }
        try self.init(document: ExperimentSpec.applying(document, seed: seed, seeds: seeds))
    }

    /// The document with `--seed`/`--seeds` written into it: what `spec.toml` records.
    public static func applying(_ document: TOMLDocument, seed: UInt64? = nil, seeds: Int? = nil) -> TOMLDocument {
        var d = document
        if let seed { d.root["seed"] = .integer(Int(clamping: seed)) }
        if let seeds { d.root["seeds"] = .integer(seeds) }
        return d
    }

    /// The canonical text of a spec document (comments dropped, keys in written order).
    public static func canonicalText(_ document: TOMLDocument) -> String {
        TOMLWriter.write(document.root)
    }

    /// Longest episode a spec may ask for: step counts become `Int`s and size arrays.
    public static let maxEpisodeSteps = 1_000_000
    /// Largest track length, radius and speed of the driving loop.
    static let maxTrackSize = 1e6
    /// Largest |bias| and spread of the expert's sensor, as for observation_noise.
    static let maxLabelNoise = 100.0

    /// Whether `text` holds a C0 or C1 control character or DEL (tabs included).
    static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }

    public init(document: TOMLDocument) throws(SpecError) {
        let root = SpecTable(document)
        root.declareKeys(["name", "title", "seed", "seeds", "env", "demonstrations", "labels", "policy", "evaluation", "method", "sweep", "transfer", "reoptimise"])
        name = try root.string("name", matching: "a name of lowercase letters, digits and '-' (it names the report folder)") { s in
            !s.isEmpty && s.count <= 64 && s.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        }
        // Titles and method names reach terminals, HTML and figures: no control characters.
        title = try root.string("title", matching: "a non-empty title without control characters") {
            !$0.trimmingCharacters(in: .whitespaces).isEmpty && !ExperimentSpec.hasControlCharacters($0)
        }
        seed = UInt64(try root.int("seed", in: 0...))
        seeds = try root.int("seeds", in: 1...1000)

        // [env]
        let env = try root.subtable("env")
        let id = try env.string("id", oneOf: EnvironmentRegistry.ids)
        var track = DrivingLoopConfig()
        var laps: Double? = nil
        if id == DrivingLoop.id {
            env.declareKeys(["id", "straight_length", "radius", "half_width", "speed", "dt", "max_steering", "laps",
                             "observation", "start_offset_noise", "start_heading_noise", "observation_noise",
                             "steering_offset", "steering_gain"])
            // Lengths and speeds are bounded so that positions, lap lengths and step counts stay
            // finite (a 1e308 straight makes an infinite lap, and a trap converting steps to Int).
            let size = ExperimentSpec.maxTrackSize
            track.straightLength = try env.double("straight_length", min: 0, max: size, default: track.straightLength)
            track.radius = try env.double("radius", min: 0, max: size, minExclusive: true, default: track.radius)
            track.halfWidth = try env.double("half_width", min: 0, max: track.radius, minExclusive: true, maxExclusive: true, default: track.halfWidth)
            track.speed = try env.double("speed", min: 0, max: size, minExclusive: true, default: track.speed)
            track.dt = try env.double("dt", min: 0, minExclusive: true, default: track.dt)
            track.maxSteering = try env.double("max_steering", min: 0, max: 3.14159, minExclusive: true, default: track.maxSteering)
            laps = try env.optional("laps", as: Double.self)
            if let l = laps, !(l > 0 && l <= 100) {
                throw env.error(at: "laps", "found \(l)", expected: "a number of laps in (0, 100]")
            }
            let observation = try env.string("observation", oneOf: DrivingLoopConfig.Observation.allCases.map(\.rawValue), default: "pose")
            track.observation = DrivingLoopConfig.Observation(rawValue: observation)!
            // A start further off the centre line than the radius is off the track altogether;
            // unbounded, it makes non-finite observations that no policy can handle.
            track.startOffsetNoise = try env.double("start_offset_noise", min: 0, max: track.radius, default: 0)
            track.startHeadingNoise = try env.double("start_heading_noise", min: 0, max: 2 * Double.pi, default: 0)
            // The steering actuator (the car turns by gain · command + offset); validate() checks the combination.
            track.steeringOffset = try env.double("steering_offset", min: -track.maxSteering, max: track.maxSteering, default: 0)
            track.steeringGain = try env.double("steering_gain", min: 0, max: 4, minExclusive: true, default: 1)
            // Steps are counted in Double and checked before they become an Int.
            let stepsPerLap = track.lapLength / (track.speed * track.dt)
            let episodeLaps = laps ?? 2
            if !(episodeLaps * stepsPerLap <= Double(ExperimentSpec.maxEpisodeSteps)) {
                throw env.error(at: laps == nil ? "dt" : "laps",
                                "an episode of \(TOMLWriter.float(episodeLaps)) laps needs \(TOMLWriter.float((episodeLaps * stepsPerLap).rounded(.up))) steps",
                                expected: "at most \(ExperimentSpec.maxEpisodeSteps) steps per episode (laps · lap length / (speed · dt))")
            }
            if let l = laps { track.horizon = Int((l * stepsPerLap).rounded(.up)) }
            do { try track.validate() } catch {
                if case .invalidDrivingLoop(let field, let message) = error { throw env.error(at: field, message, expected: nil) }
                throw env.error(at: "id", "\(error)", expected: nil)
            }
        } else {
            env.declareKeys(["id", "observation_noise"] + (id == Gridworld.id ? ExperimentSpec.gridworldKeys : []))
        }
        environment = EnvironmentSpec(id: id, drivingLoop: track, laps: laps,
                                      observationNoise: try env.double("observation_noise", min: 0, max: 100, default: 0))
        if id == Gridworld.id { environment.gridworld = try ExperimentSpec.readGridworld(env) }
        let space: ActionSpace
        do { space = try environment.make().actionSpace } catch {
            throw env.error(at: "id", "\(error)", expected: nil)
        }

        // [demonstrations]
        let demos = try root.subtable("demonstrations", required: false)
        demonstrations = DemonstrationSpec()
        demonstrations.episodes = try demos.int("episodes", in: 1...10_000, default: 1)
        if id == Gridworld.id && demos.contains("steps") {
            // Read below as for any environment, it would be silently ignored.
            throw demos.error(at: "steps", "'steps' does not apply to the gridworld", expected: "no 'steps': a gridworld episode lasts env.horizon steps")
        }
        demonstrations.steps = try demos.optional("steps", as: Int.self)
        if let s = demonstrations.steps, !(1...ExperimentSpec.maxEpisodeSteps).contains(s) {
            throw demos.error(at: "steps", "found \(s)", expected: "an integer from 1 to \(ExperimentSpec.maxEpisodeSteps)")
        }
        if id == DrivingLoop.id {
            demonstrations.laps = try demos.optional("laps", as: Double.self)
            if let l = demonstrations.laps, !(l > 0 && l <= 100) {
                throw demos.error(at: "laps", "found \(l)", expected: "a number of laps in (0, 100]")
            }
            if let l = demonstrations.laps, !(l * track.lapLength / (track.speed * track.dt) <= Double(ExperimentSpec.maxEpisodeSteps)) {
                throw demos.error(at: "laps", "\(TOMLWriter.float(l)) laps need more than \(ExperimentSpec.maxEpisodeSteps) steps",
                                  expected: "at most \(ExperimentSpec.maxEpisodeSteps) steps per episode")
            }
            if demonstrations.laps != nil && demonstrations.steps != nil {
                throw demos.error(at: "laps", "both 'laps' and 'steps' are given", expected: "one of them")
            }
        } else {
            demos.declareKeys(id == Gridworld.id ? ["episodes"] : ["episodes", "steps"])
        }

        // [labels]: the sensor through which the expert's actions are recorded.
        let labelTable = try root.subtable("labels", required: false)
        labels = LabelNoiseSpec()
        switch space {
        case .box(let low, _):
            labelTable.declareKeys(["bias", "spread"])
            let n = low.count
            // One number applies to every action dimension (handy in sweeps); or one per dimension.
            func perDimension(_ key: String) throws(SpecError) -> [Double] {
                if let raw = labelTable.value(key), case .array = raw.content {
                    return try labelTable.array(key, of: Double.self, count: n...n, default: [Double](repeating: 0, count: n))
                }
                return [Double](repeating: try labelTable.double(key, default: 0), count: n)
            }
            // Bounded like observation_noise: a sensor error of 1e300 overflows the arithmetic
            // of the students that learn from it.
            let most = ExperimentSpec.maxLabelNoise
            labels.bias = try perDimension("bias")
            labels.spread = try perDimension("spread")
            if let i = labels.bias.firstIndex(where: { !(abs($0) <= most) }) {
                throw labelTable.error(at: "bias", "bias[\(i)] is \(labels.bias[i])", expected: "biases from -\(Int(most)) to \(Int(most))")
            }
            if let i = labels.spread.firstIndex(where: { !($0 >= 0 && $0 <= most) }) {
                throw labelTable.error(at: "spread", "spread[\(i)] is \(labels.spread[i])", expected: "standard deviations ≥ 0 and ≤ \(Int(most))")
            }
        case .discrete:
            labelTable.declareKeys(["flip"])
            labels.flip = try labelTable.double("flip", min: 0, max: 1, default: 0)
        }

        // [policy]: the student model.
        policy = try ExperimentSpec.readPolicy(try root.subtable("policy", required: false), defaults: PolicySpec())

        // [evaluation]
        let evaluationTable = try root.subtable("evaluation", required: false)
        evaluation = EvaluationSpec()
        evaluation.episodes = try evaluationTable.int("episodes", in: 1...1000, default: 1)

        // [[method]]
        var methods: [MethodSpec] = []
        var names: Set<String> = []  // a set: 50 000 methods once took 40 s of pairwise compares
        for table in try root.arrayOfTables("method") {
            let methodName = try table.string("name", matching: "a non-empty name of at most 40 characters, without '/' or '~', other than \"Expert\" (reserved for the expert's row; the name labels tables and legends)") { s in
                !s.trimmingCharacters(in: .whitespaces).isEmpty && s.count <= 40 && !s.contains("/") && !s.contains("~") && s != "Expert"
                    && !ExperimentSpec.hasControlCharacters(s)
            }
            if !names.insert(methodName).inserted {
                throw table.error(at: "name", "duplicate method name \"\(methodName)\"", expected: "a name used by one [[method]] only")
            }
            let algorithm = MethodSpec.Algorithm(rawValue: try table.string("algorithm", oneOf: MethodSpec.Algorithm.allCases.map(\.rawValue)))!
            methods.append(MethodSpec(name: methodName, algorithm: algorithm,
                                      settings: try ExperimentSpec.readMethodSettings(table, algorithm, defaultPolicy: policy, actionSpace: space)))
        }
        self.methods = methods
        try checkGridworldMethods(root, env)
        transfer = try ExperimentSpec.readTransfer(root, environment: environment, methods: methods)
        if environment.observationNoise > 0, let other = methods.first(where: { $0.algorithm == .gail || $0.algorithm == .rl }) {
            throw env.error(at: "observation_noise", "observation noise is applied by algorithms \"bc\" and \"dagger\" only",
                            expected: "no observation_noise in a spec with a \"\(other.algorithm.rawValue)\" method")
        }
        try root.rejectUnknownKeys()
    }

    static func readPolicy(_ t: SpecTable, defaults: PolicySpec) throws(SpecError) -> PolicySpec {
        t.declareKeys(["model", "hidden", "activation", "epochs", "batch_size", "learning_rate", "standardize"])
        var p = defaults
        p.model = PolicySpec.Model(rawValue: try t.string("model", oneOf: PolicySpec.Model.allCases.map(\.rawValue), default: defaults.model.rawValue))!
        p.hidden = try t.array("hidden", of: Int.self, count: 0...8, default: defaults.hidden)
        if let bad = p.hidden.first(where: { $0 < 1 || $0 > 4096 }) {
            throw t.error(at: "hidden", "layer width \(bad)", expected: "widths from 1 to 4096")
        }
        p.activation = Activation(rawValue: try t.string("activation", oneOf: Activation.allCases.map(\.rawValue),
                                                         default: defaults.activation.rawValue))!
        p.epochs = try t.int("epochs", in: 1...100_000, default: defaults.epochs)
        p.batchSize = try t.int("batch_size", in: 1...1_000_000, default: defaults.batchSize)
        p.learningRate = try t.double("learning_rate", min: 0, max: 10, minExclusive: true, default: defaults.learningRate)
        p.standardize = try t.bool("standardize", default: defaults.standardize)
        // A nearest-neighbour student has no network: these keys would be silently ignored.
        if p.model == .nearestNeighbour, let key = ["hidden", "activation", "epochs", "batch_size", "learning_rate"].first(where: t.contains) {
            throw t.error(at: key, "'\(key)' applies to model = \"mlp\" only", expected: "no '\(key)' with model = \"nearest-neighbour\"",
                          hint: t.contains("model") ? "remove it" : "the model defaults to \"nearest-neighbour\": set model = \"mlp\" for a network")
        }
        return p
    }

    /// The keys each algorithm reads from its `[[method]]` table; any other key is an error.
    static func methodKeys(_ algorithm: MethodSpec.Algorithm) -> [String] {
        switch algorithm {
        case .bc: return ["name", "algorithm", "iterations", "episodes_per_iteration", "aggregate", "policy"]
        case .dagger: return ["name", "algorithm", "iterations", "episodes_per_iteration", "beta_decay", "aggregate", "policy"]
        case .gail: return ["name", "algorithm", "iterations", "gail"]
        case .rl: return ["name", "algorithm", "iterations", "rl"]
        case .maxentIRL: return ["name", "algorithm", "iterations", "maxent"]
        case .tabularBC: return ["name", "algorithm"]
        }
    }

    /// A `[[method]]` table straight into its algorithm's settings, with their defaults. A key
    /// that another algorithm reads but this one would ignore is refused where it stands.
    static func readMethodSettings(_ t: SpecTable, _ algorithm: MethodSpec.Algorithm,
                                   defaultPolicy: PolicySpec, actionSpace: ActionSpace) throws(SpecError) -> MethodSpec.Settings {
        let used = methodKeys(algorithm)
        t.declareKeys(used)
        for key in MethodSpec.Algorithm.allCases.flatMap(methodKeys) where !used.contains(key) && t.contains(key) {
            let users = MethodSpec.Algorithm.allCases.filter { methodKeys($0).contains(key) }.map { "\"\($0.rawValue)\"" }
            throw t.error(at: key, "'\(key)' is not used by algorithm \"\(algorithm.rawValue)\"",
                          expected: "no '\(key)' in a \"\(algorithm.rawValue)\" method",
                          hint: "'\(key)' applies to algorithm \(users.joined(separator: " and ")) only; remove it")
        }
        switch algorithm {
        case .bc, .dagger:
            let iterations = try t.int("iterations", in: 1...1000, default: algorithm == .bc ? 1 : 10)
            let episodes = try t.int("episodes_per_iteration", in: 1...1000, default: 1)
            let aggregate = try t.bool("aggregate", default: true)
            let settings = algorithm == .bc
                ? SupervisedSettings.behaviouralCloning(iterations: iterations, episodesPerIteration: episodes, aggregate: aggregate)
                : SupervisedSettings.dagger(iterations: iterations, betaDecay: try t.double("beta_decay", min: 0, max: 1, default: 0),
                                            episodesPerIteration: episodes, aggregate: aggregate)
            return .supervised(settings, student: try readPolicy(try t.subtable("policy", required: false), defaults: defaultPolicy))
        case .gail:
            var g = try readGAIL(try t.subtable("gail", required: false), bcStudent: defaultPolicy, actionSpace: actionSpace)
            g.iterations = try t.int("iterations", in: 1...1000, default: g.iterations)
            return .gail(g)
        case .rl:
            var r = RLSettings()
            let table = try t.subtable("rl", required: false)
            r.search = try readSearch(table, defaults: r.search, bcStudent: defaultPolicy, actionSpace: actionSpace)
            try checkWidths(table, ["policy_hidden": r.search.policyHidden])
            r.iterations = try t.int("iterations", in: 1...1000, default: r.iterations)
            return .rl(r)
        case .maxentIRL:
            return .maxEntIRL(try readMaxEnt(t))
        case .tabularBC:
            return .tabularBC
        }
    }

    static func readGAIL(_ t: SpecTable, bcStudent: PolicySpec, actionSpace: ActionSpace) throws(SpecError) -> GAILSettings {
        var g = GAILSettings()
        g.reward = GAILReward(rawValue: try t.string("reward", oneOf: GAILReward.allCases.map(\.rawValue), default: g.reward.rawValue))!
        g.discriminatorInput = GAILDiscriminatorInput(rawValue: try t.string("discriminator_input",
                                                                              oneOf: GAILDiscriminatorInput.allCases.map(\.rawValue),
                                                                              default: g.discriminatorInput.rawValue))!
        g.discriminatorHidden = try t.array("discriminator_hidden", of: Int.self, count: 0...8, default: g.discriminatorHidden)
        g.discriminatorSteps = try t.int("discriminator_steps", in: 1...100_000, default: g.discriminatorSteps)
        g.discriminatorLearningRate = try t.double("discriminator_learning_rate", min: 0, max: 10, minExclusive: true, default: g.discriminatorLearningRate)
        g.discriminatorBatch = try t.int("discriminator_batch", in: 2...1_000_000, default: g.discriminatorBatch)
        g.labelSmoothing = try t.double("label_smoothing", min: 0, max: 0.5, maxExclusive: true, default: g.labelSmoothing)
        g.discriminatorNoise = try t.double("discriminator_noise", min: 0, max: 100, default: g.discriminatorNoise)
        g.negatives = GAILNegatives(rawValue: try t.string("negatives", oneOf: GAILNegatives.allCases.map(\.rawValue),
                                                           default: g.negatives.rawValue))!
        g.replayFraction = try t.double("replay", min: 0, max: 1, maxExclusive: true, default: g.replayFraction)
        g.replayPerRound = try t.int("replay_per_round", in: 1...1_000_000, default: g.replayPerRound)
        g.selectFrom = try t.int("select_from", in: 1...1000, default: g.selectFrom)
        g.averageMeans = try t.int("average_means", in: 1...1000, default: g.averageMeans)
        if g.averageMeans > 1 {
            // The average acts in the selection's place; an explicit selection as well is a contradiction.
            if g.selectFrom > 1 && t.contains("select_from") {
                throw t.error(at: "select_from", "'select_from' chooses the acting student, which 'average_means' averages instead",
                              expected: "select_from = 1, or no 'select_from', with average_means > 1")
            }
            g.selectFrom = 1
        }
        if g.replayFraction == 0 && t.contains("replay_per_round") {
            throw t.error(at: "replay_per_round", "'replay_per_round' fills the replay, which replay = 0 turns off",
                          expected: "no 'replay_per_round' with replay = 0")
        }
        g.search = try readSearch(t, defaults: g.search, bcStudent: bcStudent, actionSpace: actionSpace)
        try checkWidths(t, ["discriminator_hidden": g.discriminatorHidden, "policy_hidden": g.search.policyHidden])
        return g
    }

    /// The policy-search keys GAIL's and RL's tables share. With `init = "bc"` the search starts
    /// from BC's student, the spec's `[policy]`: it must be an MLP (a nearest-neighbour table
    /// is no network CMA-ES can move), and its widths and input scaling are the search's, so
    /// `policy_hidden`, `standardize` and `action_scale` are refused there rather than silently
    /// overridden; `action_scale` is refused for discrete actions too (argmax ignores a scale).
    static func readSearch(_ t: SpecTable, defaults: PolicySearchSettings, bcStudent: PolicySpec,
                           actionSpace: ActionSpace) throws(SpecError) -> PolicySearchSettings {
        var p = defaults
        p.standardizeInputs = try t.bool("standardize", default: p.standardizeInputs)
        p.policyHidden = try t.array("policy_hidden", of: Int.self, count: 0...4, default: p.policyHidden)
        p.population = try t.int("population", in: 2...10_000, default: p.population)
        p.sigma = try t.double("sigma", min: 0, minExclusive: true, default: p.sigma)
        p.generationsPerUpdate = try t.int("generations_per_update", in: 1...10_000, default: p.generationsPerUpdate)
        p.rolloutsPerCandidate = try t.int("rollouts_per_candidate", in: 1...100, default: p.rolloutsPerCandidate)
        p.meanLearningRate = try t.double("mean_learning_rate", min: 0, max: 1, minExclusive: true, default: p.meanLearningRate)
        p.actionScale = try t.double("action_scale", min: 0, max: 1e6, minExclusive: true, default: p.actionScale)
        if case .discrete = actionSpace, t.contains("action_scale") {
            throw t.error(at: "action_scale", "'action_scale' scales continuous actions, but this environment's actions are discrete",
                          expected: "no 'action_scale' for discrete actions")
        }
        let start = try t.string("init", oneOf: ["random", "bc"], default: p.initialization.name)
        p.bootstrapSigma = try t.double("init_sigma", min: 0, minExclusive: true, default: p.bootstrapSigma)
        if start == "random" {
            if t.contains("init_sigma") {
                throw t.error(at: "init_sigma", "'init_sigma' applies to init = \"bc\" only", expected: "no 'init_sigma' with init = \"random\"")
            }
            p.initialization = .random
            return p
        }
        guard bcStudent.model == .mlp else {
            throw t.error(at: "init", "init = \"bc\" starts the search from BC's student, but [policy] model = \"\(bcStudent.model.rawValue)\" cannot be held by the search's network",
                          expected: "[policy] model = \"mlp\" with init = \"bc\"",
                          hint: "give the spec a [policy] table with model = \"mlp\" and small hidden widths (CMA-ES searches every weight), or use init = \"random\"")
        }
        for key in ["policy_hidden", "standardize"] where t.contains(key) {
            throw t.error(at: key, "'\(key)' is BC's student's with init = \"bc\"", expected: "no '\(key)' with init = \"bc\"",
                          hint: "the search holds BC's student as [policy] defines it: set \(key == "standardize" ? "standardize" : "hidden") in [policy]")
        }
        if t.contains("action_scale") {
            throw t.error(at: "action_scale", "'action_scale' does not apply with init = \"bc\": BC's student outputs actions",
                          expected: "no 'action_scale' with init = \"bc\"")
        }
        p.policyHidden = bcStudent.hidden
        p.standardizeInputs = bcStudent.standardize
        p.initialization = .bc(BCStudent(hidden: bcStudent.hidden, activation: bcStudent.activation,
                                         training: .init(epochs: bcStudent.epochs, batchSize: bcStudent.batchSize, learningRate: bcStudent.learningRate,
                                                         standardizeInputs: bcStudent.standardize, standardizeTargets: bcStudent.standardize)))
        return p
    }

    /// Network widths must lie in 1…4096.
    static func checkWidths(_ t: SpecTable, _ layers: KeyValuePairs<String, [Int]>) throws(SpecError) {
        for (key, widths) in layers {
            if let bad = widths.first(where: { $0 < 1 || $0 > 4096 }) {
                throw t.error(at: key, "layer width \(bad)", expected: "widths from 1 to 4096")
            }
        }
    }
}
