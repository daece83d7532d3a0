import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyLearning

/// Where a policy search starts.
public enum PolicyInitialization: Sendable, Hashable {
    /// A freshly initialised tanh MLP of `policyHidden` (its own `init` stream): learning from scratch.
    case random
    /// BC's student, trained as behavioural cloning trains it on the demonstrations' labels
    /// (through the sensor, the labels BC sees), then searched from with a smaller step: the
    /// lecture's "you can always fine-tune the BC-trained policy using RL" (bootstrapping).
    /// The search holds that student exactly: its widths, activation and input scaling.
    case bc(BCStudent)

    /// The spec's spelling: `random` or `bc`.
    public var name: String {
        switch self {
        case .random: "random"
        case .bc: "bc"
        }
    }
}

/// BC's MLP student, as a bootstrapped search starts from it: its architecture and how BC trains it.
public struct BCStudent: Sendable, Hashable {
    /// Hidden layer widths.
    public var hidden: [Int]
    /// The hidden layers' activation.
    public var activation: Activation
    /// BC's training (epochs, minibatch, learning rate, standardisation of inputs and targets).
    public var training: MLPLearner.TrainingOptions

    /// BC's student of `hidden` widths, trained with `training`.
    public init(hidden: [Int], activation: Activation = .tanh, training: MLPLearner.TrainingOptions = .init()) {
        self.hidden = hidden
        self.activation = activation
        self.training = training
    }
}

/// The settings of a CMA-ES search over an MLP student's parameters, shared by GAIL and RL.
public struct PolicySearchSettings: Sendable, Hashable {
    /// Hidden layer widths of the student MLP (tanh) from a random start; a bootstrapped
    /// search takes BC's student's instead.
    public var policyHidden = [16]
    /// CMA-ES population λ.
    public var population = 16
    /// CMA-ES's initial step size σ0 from a random start.
    public var sigma = 0.3
    /// CMA-ES generations per round of the loop.
    public var generationsPerUpdate = 10
    /// Rollouts per candidate, from resets shared by every candidate of a generation (common
    /// random numbers); the fitness is their mean return.
    public var rolloutsPerCandidate = 1
    /// Standardise the student's observation inputs with the mean and standard deviation of the
    /// demonstrated observations (fixed once). A bootstrapped search scales them as BC's student does.
    public var standardizeInputs = true
    /// Where the search starts: a random MLP, or BC's fit (bootstrapping).
    public var initialization = PolicyInitialization.random
    /// σ0 when the search starts from BC's student: small, so the search refines the fit
    /// rather than forgetting it (0.05 in the weights of BC's network, which maps
    /// standardised inputs to standardised actions; see `PolicySearch.actionMap`).
    public var bootstrapSigma = 0.05
    /// Continuous actions: the student's action is this × its network's output, clipped to the
    /// box. CMA-ES perturbs every weight by about σ, so an output of order 1 should mean an
    /// action of the size the task needs: on the driving loop the road is held with a few
    /// hundredths of a radian, far inside the ±0.3 rad lock, and with a scale of 1 almost every
    /// candidate steers at full lock and circles where it starts. Not used with `init = bc`
    /// (BC's own target scaling maps its network's outputs to actions).
    public var actionScale = 1.0
    /// The share of each generation's recombined step the CMA-ES mean moves (pycma's
    /// `CMA_cmean`, `CMAESOptions.meanLearningRate`); 1 is plain CMA-ES. With a few random
    /// resets a candidate, or a reward (GAIL's D) that changes every round, the fitness is noisy,
    /// and once σ is small the mean wanders with that noise; 0.5 damps it on Pendulum, 0.75 on
    /// the driving loop (seeds/README.md, "GAIL's reliability").
    public var meanLearningRate = 1.0

    /// The defaults above.
    public init() {}
}

/// A CMA-ES search over the parameters of an MLP student that acts on standardised
/// observations — GAIL's and RL's policy improvement. The student is the search's mean.
public struct PolicySearch: Sendable {
    /// The search's settings.
    public let settings: PolicySearchSettings
    /// The rescaling applied to observations before the student sees them.
    public let inputScaling: Standardizer
    /// π_θ: the CMA-ES mean.
    public private(set) var student: MLP
    /// How the network's outputs become a continuous action before the box's clip.
    public let actionMap: ActionMap
    /// Expert labels the start cost: the demonstrations' sensor labels BC's student was fitted
    /// to (`init = bc`), 0 from a random start. A bootstrapped method reports them as its own.
    public let expertLabels: Int
    var search: CMAES

    /// Sets up the student (random, or BC's student fitted to `demonstrations`' sensor labels) and the search.
    /// Streams under `context.methodStream`: `init`, `init/bc` (minibatches), `cmaes`.
    public init<E: Environment>(settings: PolicySearchSettings, demonstrations: [Episode], in context: ImitationContext<E>) throws {
        try self.init(settings: settings, inputScaling: nil, demonstrations: demonstrations, in: context)
    }

    /// The same, with the input scaling given (nil: from `settings`): a search that must see
    /// observations as another model saw them (the frozen-reward search uses the scaling GAIL's
    /// discriminator learned with). A bootstrapped search sees them as BC's student does, so it
    /// takes no given scaling.
    public init<E: Environment>(settings: PolicySearchSettings, inputScaling given: Standardizer?, demonstrations: [Episode],
                                in context: ImitationContext<E>) throws {
        self.settings = settings
        let environment = context.environment
        var initStream = context.methodStream.child("init")
        let sigma: Double
        switch settings.initialization {
        case .random:
            inputScaling = try given ?? (settings.standardizeInputs
                ? Standardizer(fitting: demonstrations.flatMap(\.observations), stdFloor: 1e-6)
                : Standardizer(identity: environment.observationSize))
            student = try MLP(layerWidths: [environment.observationSize] + settings.policyHidden + [environment.actionSpace.outputSize],
                              hiddenActivation: .tanh, stream: &initStream)
            actionMap = ActionMap(scale: settings.actionScale)
            sigma = settings.sigma
            expertLabels = 0
        case .bc(let bc):
            guard given == nil else {
                throw LearningError.invalidOption(name: "inputScaling", value: "given", expected: "none with init = bc (BC's student's own)")
            }
            let (learner, labels) = try Self.behaviouralCloning(bc, demonstrations: demonstrations, stream: initStream, in: context)
            (student, inputScaling) = (learner.network, learner.inputStandardizer)
            actionMap = ActionMap(targets: learner.targetStandardizer)
            sigma = settings.bootstrapSigma
            expertLabels = labels
        }
        // A fixed budget of generations: none of CMA-ES's own stopping rules apply.
        var options = CMAESOptions()
        options.populationSize = settings.population
        options.meanLearningRate = settings.meanLearningRate
        options.tolFun = 0
        options.tolFunHist = 0
        options.tolX = 0
        options.tolFlatFitness = Int.max
        options.tolStagnation = 0
        options.tolFacUpX = .greatestFiniteMagnitude
        options.tolConditionCov = .greatestFiniteMagnitude
        search = try CMAES(x0: student.parameters, sigma0: sigma, options: options, stream: context.methodStream.child("cmaes"))
    }

    /// BC's student fitted to the demonstrations' labels as BC fits it: the expert's actions
    /// through the sensor (drawn from the same `seed=K/demonstrations/labels` stream), an
    /// `MLPLearner` with BC's architecture and training: its network is what the search moves,
    /// seeing inputs through its input scaling and acting through its target scaling. Returns it
    /// with the number of expert labels it was fitted to.
    static func behaviouralCloning<E: Environment>(_ bc: BCStudent, demonstrations: [Episode], stream: RandomStream,
                                                   in context: ImitationContext<E>) throws -> (MLPLearner, labels: Int) {
        var labels = context.seedStream.child("demonstrations").child("labels")
        var inputs: [[Double]] = [], targets: [[Double]] = []
        for episode in demonstrations {
            for t in 0..<episode.length {
                inputs.append(episode.observations[t])
                targets.append(context.coding.target(context.sensor(episode.states[t], &labels)))
            }
        }
        guard !inputs.isEmpty else { throw LearningError.invalidData("no demonstrated states to fit BC's student to (init = bc)") }
        let environment = context.environment
        let discrete: Bool
        if case .discrete = environment.actionSpace { discrete = true } else { discrete = false }
        var training = bc.training
        training.standardizeTargets = training.standardizeTargets && !discrete
        var initStream = stream
        var learner = try MLPLearner(layerWidths: [environment.observationSize] + bc.hidden + [environment.actionSpace.outputSize],
                                     hiddenActivation: bc.activation, loss: discrete ? .softmaxCrossEntropy : .meanSquaredError,
                                     options: training, stream: &initStream)
        var batches = stream.child("bc")
        learner.fit(inputs: inputs, targets: targets, stream: &batches)
        return (learner, inputs.count)
    }

    /// The student's action for an observation.
    public func act(_ observation: [Double], coding: ActionCoding) -> Action {
        act(observation, coding: coding, network: student)
    }

    /// The action of `network` (an MLP of the student's shape) for an observation, as the student acts.
    public func act(_ observation: [Double], coding: ActionCoding, network: MLP) -> Action {
        let output = network.forward(inputScaling.transform(observation))
        guard case .box(let low, let high) = coding.space else { return coding.action(output) }
        return .continuous(output.indices.map { actionMap.boxAction(output[$0], $0, low: low, high: high) })
    }

    /// `settings.generationsPerUpdate` CMA-ES generations; each candidate's fitness is the mean
    /// over its shared resets (`round/generation=g/reset=r`) of `score(policy, reset, isLast)`
    /// (`isLast`: the round's last generation, whose states GAIL keeps). The student becomes
    /// the search's mean. Returns the environment steps the candidates took.
    public mutating func improve(round: RandomStream,
                                 score: (_ policy: MLP, _ reset: RandomStream, _ lastGeneration: Bool) -> SearchOutcome) -> Int {
        var steps = 0
        for g in 0..<settings.generationsPerUpdate {
            let candidates = search.ask()
            let resets = (0..<settings.rolloutsPerCandidate).map { round.child("generation=\(g)").child("reset=\($0)") }
            let last = g == settings.generationsPerUpdate - 1
            var fitness: [Double] = []
            fitness.reserveCapacity(candidates.count)
            for theta in candidates {
                var policy = student
                policy.parameters = theta
                var total = 0.0
                for reset in resets {
                    let outcome = score(policy, reset, last)
                    total += outcome.return
                    steps += outcome.steps
                }
                fitness.append(-total / Double(resets.count))   // CMA-ES minimises
            }
            search.tell(fitness)
        }
        student.parameters = search.mean
        return steps
    }

    /// The same generations as `improve(round:score:)`, with each generation's candidates ×
    /// shared resets scored together as lanes: `scoreLanes(parameters, resets, isLast)` gets
    /// one parameter vector and one reset stream per lane (candidate-major: lane c·R + r is
    /// candidate c on reset r) and returns one outcome per lane. With `threads` > 1 the
    /// candidates are split into that many contiguous groups scored at once; a lane's outcome
    /// never depends on its group, and fitness is summed per candidate in reset order as
    /// before, so the search takes the same path for any thread count. Returns the
    /// environment steps and the last generation's outcomes (lane order).
    public mutating func improve(round: RandomStream, threads: Int,
                                 scoreLanes: @Sendable (_ parameters: [[Double]], _ resets: [RandomStream], _ lastGeneration: Bool) -> [SearchOutcome])
        -> (steps: Int, lastGeneration: [SearchOutcome]) {
        var steps = 0
        var kept: [SearchOutcome] = []
        let resetCount = settings.rolloutsPerCandidate
        for g in 0..<settings.generationsPerUpdate {
            let candidates = search.ask()
            let resets = (0..<resetCount).map { round.child("generation=\(g)").child("reset=\($0)") }
            let last = g == settings.generationsPerUpdate - 1
            let groups = max(1, min(threads, candidates.count))
            let grouped: [[SearchOutcome]] = parallelMap(groups, jobs: groups) { group in
                let range = (group * candidates.count / groups)..<((group + 1) * candidates.count / groups)
                let (parameters, laneResets) = Self.lanes(candidates[range], resets)
                return scoreLanes(parameters, laneResets, last)
            }
            let outcomes = grouped.flatMap { $0 }
            precondition(outcomes.count == candidates.count * resetCount, "scoreLanes must return one outcome per lane")
            let (totals, taken) = Self.totals(outcomes, resets: resetCount)
            steps += taken
            search.tell(totals.map { -$0 / Double(resetCount) })   // CMA-ES minimises the mean return's negative
            if last { kept = outcomes }
        }
        student.parameters = search.mean
        return (steps, kept)
    }

    /// Candidates × shared resets as lanes, candidate-major: lane c·R + r is candidate c on reset r.
    static func lanes(_ candidates: ArraySlice<[Double]>, _ resets: [RandomStream]) -> (parameters: [[Double]], resets: [RandomStream]) {
        var parameters: [[Double]] = [], laneResets: [RandomStream] = []
        for candidate in candidates { for reset in resets { parameters.append(candidate); laneResets.append(reset) } }
        return (parameters, laneResets)
    }

    /// Per candidate, its lanes' returns summed in reset order (lanes laid out by `lanes`), and
    /// the environment steps all lanes took.
    static func totals(_ outcomes: [SearchOutcome], resets: Int) -> (totals: [Double], steps: Int) {
        var totals: [Double] = [], steps = 0
        totals.reserveCapacity(outcomes.count / resets)
        for c in 0..<(outcomes.count / resets) {
            var total = 0.0
            for r in 0..<resets {
                total += outcomes[c * resets + r].return
                steps += outcomes[c * resets + r].steps
            }
            totals.append(total)
        }
        return (totals, steps)
    }
}

extension PolicySearch {
    /// One rollout of `policy` (an MLP on standardised observations) from `reset` through the
    /// rollout engine, without recording: the policy and `onStep` work on reused buffers, so
    /// millions of search steps allocate little. `onStep` sees each step's input before the
    /// environment moves: the standardised observation, followed by the action when
    /// `appendingAction` (one-hot for discrete actions). Returns the episode (length, ending,
    /// Σ reward, final observation) and the input buffer as the last step left it.
    public func rollout<E: Environment>(_ policy: MLP, reset: RandomStream, appendingAction: Bool, in context: ImitationContext<E>,
                                        onStep: (_ input: [Double]) -> Void) -> (episode: Episode, input: [Double]) {
        let environment = context.environment
        let width = environment.observationSize
        let space = environment.actionSpace, actions = space.outputSize
        let scaling = inputScaling, map = actionMap
        var input = [Double](repeating: 0, count: width + (appendingAction ? actions : 0))
        var output = [Double](repeating: 0, count: actions)
        var scratch = [Double](repeating: 0, count: policy.forwardWorkspaceCount)
        let episode = UnderstudyImitation.rollout(environment, resetStream: reset, policyStream: reset, recording: false) { _, observation, _ in
            scaling.transform(observation, into: &input)
            input.withUnsafeBufferPointer { x in
                output.withUnsafeMutableBufferPointer { y in
                    scratch.withUnsafeMutableBufferPointer { w in
                        policy.forward(UnsafeBufferPointer(rebasing: x[0..<width]), into: y, workspace: w)
                    }
                }
            }
            let action: Action
            switch space {
            case .discrete:
                var best = 0
                for j in 0..<actions where output[j] > output[best] { best = j }
                action = .discrete(best)
                if appendingAction { for j in 0..<actions { input[width + j] = j == best ? 1 : 0 } }
            case .box(let low, let high):
                for j in 0..<actions { output[j] = map.boxAction(output[j], j, low: low, high: high) }
                action = .continuous(output)
                if appendingAction { for j in 0..<actions { input[width + j] = output[j] } }
            }
            onStep(input)
            return action
        }
        return (episode, input)
    }
}

extension PolicySearch {
    /// One rollout per lane through the rollout engine's batched entry: lane `i` is the MLP
    /// of the student's shape with `parameters[i]`, from `resets[i]` — per lane the same
    /// episode `rollout(_:reset:appendingAction:in:onStep:)` runs, with the same bits.
    /// `onStep(inputs, active)` sees each step's inputs before the environments move: lane `i`'s
    /// standardised observation (then its action when `appendingAction`) at `i × inputWidth`,
    /// for the lanes whose `active[i]` is set. Returns the episodes and every lane's input
    /// as its last step left it (lane-major, `inputWidth` each).
    public func rollout<E: Environment>(lanes parameters: [[Double]], resets: [RandomStream], appendingAction: Bool,
                                        in context: ImitationContext<E>,
                                        onStep: (_ inputs: UnsafeBufferPointer<Double>, _ active: [Bool]) -> Void)
        -> (episodes: [Episode], inputs: [Double], inputWidth: Int) {
        precondition(parameters.count == resets.count && !parameters.isEmpty, "one reset per lane, at least one lane")
        let environment = context.environment
        let n = parameters.count
        let width = environment.observationSize
        let space = environment.actionSpace, actions = space.outputSize
        let inputWidth = width + (appendingAction ? actions : 0)
        let scaling = inputScaling, map = actionMap
        let shape = student
        let laneParameters = LaneParameters(parameters)
        var inputs = [Double](repeating: 0, count: n * inputWidth)
        var scaled = [Double](repeating: 0, count: n * width)
        var outputs = [Double](repeating: 0, count: n * actions)
        var workspace = [Double](repeating: 0, count: shape.laneWorkspaceCount(lanes: n))
        var batch = environment.batch(lanes: n)
        let discrete: Bool, low: [Double], high: [Double]
        switch space {
        case .discrete: (discrete, low, high) = (true, [], [])
        case .box(let l, let h): (discrete, low, high) = (false, l, h)
        }
        // Every buffer is reached through one pointer per step: no per-element bounds or
        // uniqueness checks in the loops over lanes.
        let episodes = UnderstudyImitation.rollout(lanes: &batch, resetStreams: resets) { observations, active, chosen in
            scaled.withUnsafeMutableBufferPointer { z in
                let o = observations.baseAddress!, x = z.baseAddress!
                for i in 0..<n where active[i] { scaling.transform(o + i * width, into: x + i * width) }
                outputs.withUnsafeMutableBufferPointer { y in
                    workspace.withUnsafeMutableBufferPointer { w in
                        shape.forward(lanes: n, parameters: laneParameters, inputs: UnsafeBufferPointer(z), into: y, workspace: w)
                    }
                    inputs.withUnsafeMutableBufferPointer { input in
                        let out = y.baseAddress!, act = chosen.baseAddress!, into = input.baseAddress!
                        for i in 0..<n where active[i] {
                            let row = into + i * inputWidth, lane = out + i * actions
                            for k in 0..<width { row[k] = x[i * width + k] }
                            if discrete {
                                var best = 0
                                for j in 0..<actions where lane[j] > lane[best] { best = j }
                                act[i] = Double(best)
                                if appendingAction { for j in 0..<actions { row[width + j] = j == best ? 1 : 0 } }
                            } else {
                                for j in 0..<actions {
                                    let a = map.boxAction(lane[j], j, low: low, high: high)
                                    act[i * actions + j] = a
                                    if appendingAction { row[width + j] = a }
                                }
                            }
                        }
                        onStep(UnsafeBufferPointer(input), active)
                    }
                }
            }
        }
        return (episodes, inputs, inputWidth)
    }
}

/// One candidate rollout's score.
public struct SearchOutcome: Sendable {
    /// The candidate's return (what CMA-ES maximises).
    public var `return`: Double
    /// Environment steps taken (an absorbing tail adds none).
    public var steps: Int
    /// What the rollout chose to keep of the states it visited (GAIL: D's inputs of the last
    /// generation), handed back in candidate order by `improve(round:threads:scoreLanes:)`.
    public var visited: [[Double]]
    /// A return and the steps it took (and what it kept).
    public init(return: Double, steps: Int, visited: [[Double]] = []) {
        self.return = `return`
        self.steps = steps
        self.visited = visited
    }
}

/// How a policy search's network output becomes a continuous action (`boxAction`: then
/// clamped to the box): `scale × output` from a random start (`action_scale`), BC's `mean + spread × output` from
/// BC's student. The search moves BC's network as BC trained it, on standardised actions, so
/// σ0 means the same small step whatever the action's units — folded into the last layer,
/// the driving loop's spread of a few hundredths of a radian made that layer's weights so
/// small that σ0 = 0.05 steered every candidate off the road.
public struct ActionMap: Sendable, Hashable {
    /// Per action component (a random start's single scale serves every component).
    @usableFromInline let scale: [Double]
    /// Added after scaling (BC's target mean); none from a random start, where the action is
    /// the scaled output itself, bit for bit.
    @usableFromInline let offset: [Double]?

    /// `scale × output` for every component.
    public init(scale: Double) {
        self.scale = [scale]
        offset = nil
    }

    /// `mean + std × output`: undoes the target standardisation a learner trained with.
    public init(targets: Standardizer) {
        scale = targets.std
        offset = targets.mean
    }

    /// Component `j` of the action for network output `y`.
    @inlinable @inline(__always)
    public func callAsFunction(_ y: Double, _ j: Int) -> Double {
        guard let offset else { return scale[0] * y }
        return offset[j] + scale[j] * y
    }

    /// Component `j` of the action the student takes for output `y`: mapped, then clamped to
    /// the box `low`…`high` (as `ActionCoding.action` clamps). Every rollout acts through this.
    @inlinable @inline(__always)
    public func boxAction(_ y: Double, _ j: Int, low: [Double], high: [Double]) -> Double {
        min(max(self(y, j), low[j]), high[j])
    }
}
