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
    /// Episodes of `understudy demos record --episodes`.
    public var demonstrationEpisodes: Int
    /// Pixels of a decoded PNG (`diff-image`, golden comparisons): each pixel costs about
    /// 16 bytes in the two decoded images and the diff; 10⁸ pixels is 1.6 GB.
    public var imagePixels: Int
    /// Values printed by `understudy random --count`.
    public var randomDraws: Int

    public init(sweepCells: Int, units: Int, stepsPerUnit: Double, demonstrationEpisodes: Int,
                imagePixels: Int, randomDraws: Int) {
        self.sweepCells = sweepCells
        self.units = units
        self.stepsPerUnit = stepsPerUnit
        self.demonstrationEpisodes = demonstrationEpisodes
        self.imagePixels = imagePixels
        self.randomDraws = randomDraws
    }

    /// The limits of every command unless `--allow-large` is given.
    public static let standard = ResourceLimits(sweepCells: 1_000, units: 100_000, stepsPerUnit: 1e9,
                                                demonstrationEpisodes: 100_000, imagePixels: 100_000_000,
                                                randomDraws: 10_000_000)

    /// No limits: what `--allow-large` asks for.
    public static let unlimited = ResourceLimits(sweepCells: .max, units: .max, stepsPerUnit: .infinity,
                                                 demonstrationEpisodes: .max, imagePixels: .max, randomDraws: .max)

    /// `--allow-large` gives `unlimited`, otherwise `standard`.
    public static func allowing(large: Bool) -> ResourceLimits { large ? .unlimited : .standard }

    /// The hint every limit message ends with.
    public static let overrideHint = "pass --allow-large to lift the resource limits"
}

extension ExperimentSpec {
    /// Environment steps of one episode (the evaluation horizon).
    var episodeSteps: Double {
        Double((try? EnvironmentRegistry.make(id: environment.id, drivingLoop: environment.drivingLoop))?.maxEpisodeSteps ?? 0)
    }

    /// A rough count of the environment steps of one work unit of `method`: its demonstrations,
    /// every collected or candidate episode, and the evaluations after each iteration. Training
    /// is not counted; the estimate only has to tell an afternoon from a century.
    func estimatedSteps(of method: MethodSpec) -> Double {
        let horizon = episodeSteps
        var collection = horizon
        if let steps = demonstrations.steps { collection = Double(steps) }
        if let laps = demonstrations.laps {
            let c = environment.drivingLoop
            collection = (laps * c.lapLength / (c.speed * c.dt)).rounded(.up)
        }
        let evaluations = Double(evaluation.episodes) * horizon
        let demos = Double(demonstrations.episodes) * collection
        switch method.settings {
        case .supervised(let s, _):
            return demos + Double(s.iterations) * (Double(s.episodesPerIteration) * collection + evaluations)
        case .gail(let g):
            let candidates = Double(g.generationsPerUpdate) * Double(g.population) * Double(g.rolloutsPerCandidate)
            return demos + Double(g.iterations) * (candidates * horizon + evaluations)
        }
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
        for (i, method) in methods.enumerated() {
            let steps = estimatedSteps(of: method)
            guard steps > limits.stepsPerUnit else { continue }
            let position = (i < tables.count ? tables[i].position : nil) ?? document.root["method"]?.position ?? .start
            throw SpecLocation(file: document.file, path: "method[\(i)]", position: position)
                .error("method \"\(method.name)\" needs about \(TOMLWriter.float(steps.rounded())) environment steps per work unit",
                       expected: "at most \(TOMLWriter.float(limits.stepsPerUnit)) steps per unit (the limit steps_per_unit)",
                       hint: ResourceLimits.overrideHint)
        }
    }
}
