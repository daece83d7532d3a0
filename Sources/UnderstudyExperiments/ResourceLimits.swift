import UnderstudyImitation
import UnderstudyEnvironments
import UnderstudyTOML

/// The explicit bounds on work and memory that a spec or a command may ask for, checked before
/// any work starts. They exist because a few characters of input (a long sweep axis, a huge
/// `--count`, a PNG header declaring 20000×20000 pixels) can ask for hours of work or gigabytes
/// of memory; a run that could never finish should be refused at once, with a message that
/// names the limit and the key or flag, not discovered by the operating system.
///
/// Every limit lives here, once. `--allow-large` (`ResourceLimits.unlimited`) lifts them for
/// users who mean it; validity bounds that keep arithmetic from trapping (e.g. steps per
/// episode, which becomes an `Int` and sizes arrays) are not limits and stay in the schema.
public struct ResourceLimits: Sendable, Hashable {
    /// Cells of a `[sweep]` grid (the product of its axes' lengths). Each cell is a whole
    /// experiment; the grids of seeds/ have at most a few dozen.
    public var sweepCells: Int
    /// Work units of a run: cells × (methods + 1) × seeds.
    public var units: Int
    /// Estimated environment steps of one work unit (every rollout of every iteration, GAIL's
    /// candidates included): 10⁹ steps is hours of one core.
    public var stepsPerUnit: Double
    /// Estimated environment steps of a whole run (every unit): about 100 times the largest
    /// spec in seeds/.
    public var totalSteps: Double
    /// Estimated training work of one unit: samples × passes × network parameters (each
    /// product a few floating-point operations), so epochs, dataset sizes and layer widths
    /// count together; 10¹² is hours of one core (the largest spec in seeds/ needs 3·10⁹).
    public var trainingWorkPerUnit: Double
    /// Estimated peak memory of one work unit in bytes (`MemoryEstimate`: demonstrations,
    /// datasets, networks, a policy search's covariance, discriminator data). The largest
    /// spec in seeds/ is estimated at 3 MB; 1 GB per unit lets `--jobs 2` run on a machine
    /// with 4 GB and refuses what could only end in the kernel's out-of-memory killer.
    public var memoryPerUnit: Double
    /// Episodes of `understudy demos record --episodes`.
    public var demonstrationEpisodes: Int
    /// Pixels of a decoded PNG (`diff-image`, golden comparisons): each pixel costs about
    /// 16 bytes in the two decoded images and the diff; 10⁸ pixels is 1.6 GB.
    public var imagePixels: Int
    /// Values printed by `understudy random --count`.
    public var randomDraws: Int

    public init(sweepCells: Int, units: Int, stepsPerUnit: Double, totalSteps: Double, trainingWorkPerUnit: Double,
                memoryPerUnit: Double, demonstrationEpisodes: Int, imagePixels: Int, randomDraws: Int) {
        self.sweepCells = sweepCells
        self.units = units
        self.stepsPerUnit = stepsPerUnit
        self.totalSteps = totalSteps
        self.trainingWorkPerUnit = trainingWorkPerUnit
        self.memoryPerUnit = memoryPerUnit
        self.demonstrationEpisodes = demonstrationEpisodes
        self.imagePixels = imagePixels
        self.randomDraws = randomDraws
    }

    /// The limits of every command unless `--allow-large` is given.
    public static let standard = ResourceLimits(sweepCells: 1_000, units: 100_000, stepsPerUnit: 1e9, totalSteps: 1e10,
                                                trainingWorkPerUnit: 1e12, memoryPerUnit: 1e9, demonstrationEpisodes: 100_000,
                                                imagePixels: 100_000_000, randomDraws: 10_000_000)

    /// No limits: what `--allow-large` asks for.
    public static let unlimited = ResourceLimits(sweepCells: .max, units: .max, stepsPerUnit: .infinity, totalSteps: .infinity,
                                                 trainingWorkPerUnit: .infinity, memoryPerUnit: .infinity, demonstrationEpisodes: .max,
                                                 imagePixels: .max, randomDraws: .max)

    /// `--allow-large` gives `unlimited`, otherwise `standard`.
    public static func allowing(large: Bool) -> ResourceLimits { large ? .unlimited : .standard }

    /// The hint every limit message ends with.
    public static let overrideHint = "pass --allow-large to lift the resource limits"
}

extension ExperimentSpec {
    /// Environment steps of one episode (the evaluation horizon).
    var episodeSteps: Double {
        Double((try? environment.make())?.maxEpisodeSteps ?? 0)
    }

    /// A rough count of the environment steps of one work unit of `method`: its demonstrations,
    /// every collected or candidate episode, and the evaluations after each iteration. Training
    /// is not counted; the estimate only has to tell an afternoon from a century.
    func estimatedSteps(of method: MethodSpec) -> Double {
        let horizon = episodeSteps
        let collection = collectionSteps(horizon)
        let evaluations = Double(evaluation.episodes) * horizon
        let demos = Double(demonstrations.episodes) * collection
        switch method.settings {
        case .supervised(let s, _):
            return demos + Double(s.iterations) * (Double(s.episodesPerIteration) * collection + evaluations)
        case .gail(let g):
            let selection = g.selectFrom > 1 ? Double(g.selectFrom * g.search.rolloutsPerCandidate) * horizon : 0
            return demos + Double(g.iterations) * (searchSteps(g.search, horizon) + selection + evaluations)
        case .rl(let r):
            return demos + Double(r.iterations) * (searchSteps(r.search, horizon) + evaluations)
        case .maxEntIRL(let m):
            return demos + Double(m.iterations) * evaluations
        case .tabularBC:
            return demos + evaluations
        }
    }

    /// Steps of one round of a policy search: every candidate's rollouts, to the horizon.
    func searchSteps(_ search: PolicySearchSettings, _ horizon: Double) -> Double {
        Double(search.generationsPerUpdate) * Double(search.population) * Double(search.rolloutsPerCandidate) * horizon
    }

    /// Steps of one collected episode: `steps`, `laps` of the loop, or the horizon.
    func collectionSteps(_ horizon: Double) -> Double {
        if let steps = demonstrations.steps { return Double(steps) }
        if let laps = demonstrations.laps {
            let c = environment.drivingLoop
            return (laps * c.lapLength / (c.speed * c.dt)).rounded(.up)
        }
        return horizon
    }

    /// Weights and biases of a fully connected network from `inputs` through `hidden` to `outputs`.
    static func parameters(_ inputs: Int, _ hidden: [Int], _ outputs: Int) -> Double {
        let widths = [inputs] + hidden + [outputs]
        return zip(widths, widths.dropFirst()).reduce(0.0) { $0 + Double($1.0 + 1) * Double($1.1) }
    }

    /// A rough count of one unit's training work (samples × passes × parameters): an MLP
    /// student fitted `epochs` times per iteration on the aggregated data, or GAIL's
    /// discriminator steps. The nearest-neighbour student only stores its data.
    func estimatedTraining(of method: MethodSpec) -> Double {
        guard let env = try? environment.make() else { return 0 }
        let inputs = env.observationSize, outputs = env.actionSpace.outputSize
        switch method.settings {
        case .supervised(let s, let student):
            guard student.model == .mlp else { return 0 }
            let collection = collectionSteps(episodeSteps)
            let samples = Double(demonstrations.episodes) * collection + Double(s.iterations * s.episodesPerIteration) * collection
            return Double(s.iterations) * Double(student.epochs) * samples * Self.parameters(inputs, student.hidden, outputs)
        case .gail(let g):
            let size = Self.parameters(g.discriminatorInput.width(observations: inputs, actions: outputs), g.discriminatorHidden, 1)
            return Double(g.iterations) * Double(g.discriminatorSteps) * Double(g.discriminatorBatch) * size
                + bootstrapTraining(g.search, inputs: inputs, outputs: outputs)
        case .rl(let r):
            return bootstrapTraining(r.search, inputs: inputs, outputs: outputs)
        case .maxEntIRL(let m):
            // Each gradient step solves the task (T · cells · actions) a few times over.
            let solve = Double(environment.gridworld.horizon * environment.gridworld.layout.cellCount * outputs)
            return Double(m.iterations * m.stepsPerIteration) * 4 * solve
        case .tabularBC:
            return 0
        }
    }

    /// BC's fit of a bootstrapped search's first student; the search itself is rollouts.
    func bootstrapTraining(_ search: PolicySearchSettings, inputs: Int, outputs: Int) -> Double {
        guard case .bc(let bc) = search.initialization else { return 0 }
        let samples = Double(demonstrations.episodes) * collectionSteps(episodeSteps)
        return Double(bc.training.epochs) * samples * Self.parameters(inputs, bc.hidden, outputs)
    }

    /// Refuses a spec whose run of `cells` sweep cells has more work units, or a unit more
    /// estimated steps, than `limits` allow; `document` locates the message.
    func checkBudget(cells: Int, limits: ResourceLimits, document: TOMLDocument) throws(SpecError) {
        let units = Double(cells) * Double(seeds) * Double(methods.count + 1)
        if units > Double(limits.units) {
            throw SpecLocation(file: document.file, path: "seeds", position: document.root["seeds"]?.position ?? .start)
                .error("\(TOMLWriter.float(units)) work units (cells × seeds × (methods + 1))",
                       expected: "at most \(limits.units) work units (the limit units)", hint: ResourceLimits.overrideHint)
        }
        var tables: [TOMLValue] = []
        if case .array(let items)? = document.root["method"]?.content { tables = items }
        var total = 0.0
        for (i, method) in methods.enumerated() {
            let location = SpecLocation(file: document.file, path: "method[\(i)]",
                                        position: (i < tables.count ? tables[i].position : nil) ?? document.root["method"]?.position ?? .start)
            let steps = estimatedSteps(of: method) + estimatedTransferSteps(of: method)
            total += steps * Double(cells * seeds)
            if steps > limits.stepsPerUnit {
                throw location.error("method \"\(method.name)\" needs about \(TOMLWriter.float(steps.rounded())) environment steps per work unit",
                                     expected: "at most \(TOMLWriter.float(limits.stepsPerUnit)) steps per unit (the limit steps_per_unit)",
                                     hint: ResourceLimits.overrideHint)
            }
            let training = estimatedTraining(of: method)
            if training > limits.trainingWorkPerUnit {
                throw location.error("method \"\(method.name)\" needs about \(TOMLWriter.float(training.rounded())) units of training work (samples × passes × parameters)",
                                     expected: "at most \(TOMLWriter.float(limits.trainingWorkPerUnit)) per work unit (the limit training_work_per_unit)",
                                     hint: ResourceLimits.overrideHint)
            }
            let memory = estimatedMemory(of: method, index: i)
            if memory.bytes > limits.memoryPerUnit, let largest = memory.largest {
                // At the key that drives it, or at the method when that key is left at its default.
                let keyLocation = Self.locate(largest.key, in: document)
                throw (keyLocation ?? location).error("method \"\(method.name)\" needs about \(TOMLWriter.float((memory.bytes / 1e6).rounded())) MB of memory per work unit, "
                                        + "\(TOMLWriter.float((largest.bytes / 1e6).rounded())) MB of it for \(largest.what)"
                                        + (keyLocation == nil ? " (\(largest.key))" : ""),
                                        expected: "at most \(TOMLWriter.float(limits.memoryPerUnit / 1e6)) MB per work unit (the limit memory_per_unit)",
                                        hint: ResourceLimits.overrideHint)
            }
        }
        if total > limits.totalSteps {
            throw SpecLocation(file: document.file, path: "seeds", position: document.root["seeds"]?.position ?? .start)
                .error("the run needs about \(TOMLWriter.float(total.rounded())) environment steps (cells × seeds × steps per unit)",
                       expected: "at most \(TOMLWriter.float(limits.totalSteps)) steps in all (the limit total_steps)", hint: ResourceLimits.overrideHint)
        }
    }

    /// Where `key` (e.g. `method[0].rl.policy_hidden`) is written in `document`, as a location
    /// that names it; a method's key inherited from the top-level table (`[policy]`) is found
    /// there. Nil when the spec leaves it at its default.
    static func locate(_ key: String, in document: TOMLDocument) -> SpecLocation? {
        var parts = key.split(separator: ".").map(String.init)
        var candidates: [(path: String, value: TOMLValue?)] = []
        if let first = parts.first, first.hasPrefix("method["), let index = Int(first.dropFirst(7).dropLast()) {
            parts.removeFirst()
            if case .array(let tables)? = document.root["method"]?.content, index < tables.count, case .table(let table) = tables[index].content {
                candidates.append((key, table.value(atPath: parts)))
            }
        }
        candidates.append((parts.joined(separator: "."), document.root.value(atPath: parts)))
        for (path, value) in candidates {
            if let value, let position = value.position { return SpecLocation(file: document.file, path: path, position: position) }
        }
        return nil
    }
}
