import UnderstudyEnvironments

/// Reward transfer (issue 16): named changes of the driving loop's car — a steering actuator
/// offset or gain, another speed — on the same track. Every method is trained on the original
/// car as usual and its final student is additionally evaluated in each changed car (the
/// expert too); with `[reoptimise]`, a fresh student is optimised by CMA-ES in each changed car
/// on the frozen reward r = log D of the same seed's GAIL discriminator. Keys in seeds/README.md.
public struct TransferSpec: Sendable, Hashable {
    /// One changed car: its name (in results and figures) and the driving loop it drives.
    public struct Change: Sendable, Hashable {
        /// `[a-z0-9-]+`: names the change in results.json, stream paths and figure files.
        public var name: String
        /// The original car with this change's keys applied (`steering_offset`, `steering_gain`, `speed`).
        public var drivingLoop: DrivingLoopConfig
        /// The keys this change sets and their values, in spec order (for captions and tables).
        public var settings: [(key: String, value: Double)]

        public init(name: String, drivingLoop: DrivingLoopConfig, settings: [(key: String, value: Double)]) {
            self.name = name
            self.drivingLoop = drivingLoop
            self.settings = settings
        }

        /// "steering_offset = 0.05, steering_gain = 0.8": what differs from the original car.
        public var summary: String {
            settings.map { "\($0.key) = \(TransferSpec.number($0.value))" }.joined(separator: ", ")
        }

        public static func == (a: Change, b: Change) -> Bool {
            a.name == b.name && a.drivingLoop == b.drivingLoop && a.settings.map(\.key) == b.settings.map(\.key)
                && a.settings.map(\.value) == b.settings.map(\.value)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(name)
            hasher.combine(drivingLoop)
        }
    }

    /// The re-optimised student: a fresh MLP searched by CMA-ES in each changed car on the
    /// return of GAIL's reward under the final discriminator of the same seed's GAIL run.
    public struct Reoptimise: Sendable, Hashable {
        /// The `[[method]]` (algorithm `"gail"`) whose final discriminator is the frozen reward.
        public var reward: String
        /// The student's name in results and figures (default "<reward> re-optimised").
        public var name: String
        /// Rounds of the search, `generations_per_update` CMA-ES generations each (GAIL's search settings).
        public var iterations: Int
    }

    /// The changed cars, in spec order (empty: no transfer evaluation).
    public var changes: [Change] = []
    /// The frozen-reward re-optimisation, if asked for.
    public var reoptimise: Reoptimise?

    public init() {}

    /// Whether the spec evaluates anything in changed cars.
    public var isEmpty: Bool { changes.isEmpty }

    /// The names of the students evaluated in every changed car, in report order: each method,
    /// then the re-optimised student (the expert is reported apart).
    public func studentNames(_ methods: [MethodSpec]) -> [String] {
        methods.map(\.name) + (reoptimise.map { [$0.name] } ?? [])
    }

    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }
}

extension ExperimentSpec {
    /// Environment steps a method's unit adds for `[[transfer]]`: its student's evaluation in
    /// every changed car and, for the GAIL method `[reoptimise]` names, the re-optimisation's
    /// search and evaluations there (counted against the limit steps_per_unit).
    func estimatedTransferSteps(of method: MethodSpec) -> Double {
        var total = 0.0
        for change in transfer.changes {
            let horizon = Double(change.drivingLoop.resolvedHorizon)
            let evaluations = Double(evaluation.episodes) * horizon
            total += evaluations
            if let r = transfer.reoptimise, r.reward == method.name, case .gail(let g) = method.settings {
                total += Double(r.iterations) * (searchSteps(g.search, horizon) + evaluations)
            }
        }
        return total
    }
}
