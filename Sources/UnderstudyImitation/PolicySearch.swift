import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyLearning

/// Where a policy search starts.
public enum PolicyInitialization: String, Sendable, Hashable, CaseIterable {
    /// A freshly initialised MLP (its own `init` stream): learning from scratch.
    case random
    /// An MLP fitted by behavioural cloning to the demonstrations' labels (through the sensor,
    /// the labels BC sees), then searched from with a smaller step: the lecture's "you can
    /// always fine-tune the BC-trained policy using RL" (bootstrapping).
    case bc
}

/// The settings of a CMA-ES search over an MLP student's parameters, shared by GAIL and RL.
public struct PolicySearchSettings: Sendable, Hashable {
    /// Hidden layer widths of the student MLP (tanh).
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
    /// demonstrated observations (fixed once).
    public var standardizeInputs = true
    /// Where the search starts: a random MLP, or BC's fit (bootstrapping).
    public var initialization = PolicyInitialization.random
    /// σ0 when the search starts from BC's fit: small, so the search refines the fit rather
    /// than forgetting it (0.05 in standardised-input weight units).
    public var bootstrapSigma = 0.05
    /// Adam epochs (minibatches of 64, learning rate 1e-3, mean squared error or softmax
    /// cross-entropy) of the BC fit a bootstrapped search starts from.
    public var bootstrapEpochs = 200

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
    var search: CMAES

    /// Sets up the student (random, or fitted by BC to `demonstrations`' sensor labels) and the search.
    /// Streams under `context.methodStream`: `init`, `init/bc` (minibatches), `cmaes`.
    public init<E: Environment>(settings: PolicySearchSettings, demonstrations: [Episode], in context: ImitationContext<E>) throws {
        let scaling = settings.standardizeInputs
            ? try Standardizer(fitting: demonstrations.flatMap(\.observations), stdFloor: 1e-6)
            : Standardizer(identity: context.environment.observationSize)
        try self.init(settings: settings, inputScaling: scaling, demonstrations: demonstrations, in: context)
    }

    /// The same, with the input scaling given: a search that must see observations as another
    /// model saw them (the frozen-reward search uses the scaling GAIL's discriminator learned with).
    public init<E: Environment>(settings: PolicySearchSettings, inputScaling: Standardizer, demonstrations: [Episode],
                                in context: ImitationContext<E>) throws {
        self.settings = settings
        let environment = context.environment
        self.inputScaling = inputScaling
        var initStream = context.methodStream.child("init")
        student = try MLP(layerWidths: [environment.observationSize] + settings.policyHidden + [environment.actionSpace.outputSize],
                          hiddenActivation: .tanh, stream: &initStream)
        var sigma = settings.sigma
        if settings.initialization == .bc {
            student = try Self.behaviouralCloning(student, settings: settings, scaling: inputScaling,
                                                  demonstrations: demonstrations, in: context)
            sigma = settings.bootstrapSigma
        }
        // A fixed budget of generations: none of CMA-ES's own stopping rules apply.
        var options = CMAESOptions()
        options.populationSize = settings.population
        options.tolFun = 0
        options.tolFunHist = 0
        options.tolX = 0
        options.tolFlatFitness = Int.max
        options.tolStagnation = 0
        options.tolFacUpX = .greatestFiniteMagnitude
        options.tolConditionCov = .greatestFiniteMagnitude
        search = try CMAES(x0: student.parameters, sigma0: sigma, options: options, stream: context.methodStream.child("cmaes"))
    }

    /// The student fitted to the demonstrations' labels as BC's student is: the expert's actions
    /// through the sensor, drawn from the same `seed=K/demonstrations/labels` stream.
    static func behaviouralCloning<E: Environment>(_ initial: MLP, settings: PolicySearchSettings, scaling: Standardizer,
                                                   demonstrations: [Episode], in context: ImitationContext<E>) throws -> MLP {
        var labels = context.seedStream.child("demonstrations").child("labels")
        var inputs: [[Double]] = [], targets: [[Double]] = []
        for episode in demonstrations {
            for t in 0..<episode.length {
                inputs.append(scaling.transform(episode.observations[t]))
                targets.append(context.coding.target(context.sensor(episode.states[t], &labels)))
            }
        }
        guard !inputs.isEmpty else { return initial }
        let loss: Loss
        if case .discrete = context.environment.actionSpace { loss = .softmaxCrossEntropy } else { loss = .meanSquaredError }
        var network = initial
        var adam = try Adam(parameterCount: network.parameterCount, learningRate: 1e-3)
        var batches = context.methodStream.child("init").child("bc")
        let batchSize = min(64, inputs.count)
        for _ in 0..<settings.bootstrapEpochs {
            let order = batches.permutation(inputs.count)
            var start = 0
            while start < order.count {
                let batch = order[start..<min(start + batchSize, order.count)]
                let (_, gradient) = network.lossAndGradient(inputs: batch.map { inputs[$0] }, targets: batch.map { targets[$0] }, loss: loss)
                var p = network.parameters
                adam.step(parameters: &p, gradient: gradient)
                network.parameters = p
                start += batchSize
            }
        }
        return network
    }

    /// The student's action for an observation.
    public func act(_ observation: [Double], coding: ActionCoding) -> Action {
        coding.action(student.forward(inputScaling.transform(observation)))
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
        let scaling = inputScaling
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
                for j in 0..<actions { output[j] = min(max(output[j], low[j]), high[j]) }
                action = .continuous(output)
                if appendingAction { for j in 0..<actions { input[width + j] = output[j] } }
            }
            onStep(input)
            return action
        }
        return (episode, input)
    }
}

/// One candidate rollout's score.
public struct SearchOutcome: Sendable {
    /// The candidate's return (what CMA-ES maximises).
    public var `return`: Double
    /// Environment steps taken (an absorbing tail adds none).
    public var steps: Int
    /// A return and the steps it took.
    public init(return: Double, steps: Int) {
        self.return = `return`
        self.steps = steps
    }
}
