/// Everything that defines a gridworld task: the layout, the true reward's weights, the
/// dynamics' slip, the horizon and the discount. A spec's `[env]` table with
/// `id = "gridworld"` fills it (seeds/README.md).
public struct GridworldConfig: Sendable, Hashable {
    /// The cells the agent moves on.
    public var layout: GridLayout
    /// A second layout (other terrain, start and goal) on which learned rewards are tested
    /// without any new demonstration; nil: no transfer.
    public var transferLayout: GridLayout?
    /// The true reward's weight of each feature, in `GridworldFeatures.names` order.
    public var weights: [Double]
    /// Probability that a move is replaced by one drawn uniformly from all five actions.
    public var slip: Double
    /// Steps per episode: every episode lasts exactly this long (the goal does not end it).
    public var horizon: Int
    /// γ of the soft value iteration and of the feature counts it matches, in [0, 1).
    public var discount: Double

    /// A task from its parts; by default the built-in one, used when a spec names no layout: a
    /// 6 × 8 room with grass and a pond between start and goal, deterministic moves, no
    /// transfer layout.
    public init(layout: GridLayout = GridworldConfig.presetLayout, transferLayout: GridLayout? = nil,
                weights: [Double] = GridworldConfig.presetWeights, slip: Double = 0, horizon: Int = 20, discount: Double = 0.95) {
        self.layout = layout
        self.transferLayout = transferLayout
        self.weights = weights
        self.slip = slip
        self.horizon = horizon
        self.discount = discount
    }

    /// The preset layout's rows.
    public static let presetLines = [
        "S..,,,..",
        "...~~,..",
        ",..~~...",
        ",,.~~.,,",
        "...,...G",
        "..,,,...",
    ]
    /// The preset layout.
    public static let presetLayout = try! GridLayout(lines: presetLines)
    /// The preset's true weights: floor −0.5, grass −2, water −3, goal +5 (large enough that the soft expert heads for the goal).
    public static let presetWeights = [-0.5, -2.0, -3.0, 5.0]

    /// The true reward of every cell of `layout` (walls 0).
    public func reward(on layout: GridLayout) -> [Double] {
        GridworldFeatures(layout: layout).reward(weights: weights)
    }
}

/// The per-cell features the reward is linear in: one indicator per terrain type, then the goal
/// indicator. Walls have no features (all zero).
public struct GridworldFeatures: Sendable, Hashable {
    /// Feature names, in vector order: the terrains, then "goal".
    public static let names = Terrain.allCases.map(\.rawValue) + ["goal"]
    /// Number of features.
    public static var count: Int { names.count }

    /// Row-major per cell: the cell's feature vector.
    public let vectors: [[Double]]

    /// The features of every cell of `layout`.
    public init(layout: GridLayout) {
        vectors = (0..<layout.cellCount).map { i in
            var phi = [Double](repeating: 0, count: GridworldFeatures.count)
            if let t = layout.terrain[i] { phi[Terrain.allCases.firstIndex(of: t)!] = 1 }
            if i == layout.goal { phi[GridworldFeatures.count - 1] = 1 }
            return phi
        }
    }

    /// r(s) = w · φ(s) for every cell, summed in feature order.
    public func reward(weights: [Double]) -> [Double] {
        vectors.map { phi in
            var r = 0.0
            for k in phi.indices { r += weights[k] * phi[k] }
            return r
        }
    }

    /// Σ_s d(s) φ(s) for a distribution (or visitation) `d` over cells, summed in cell order.
    public func expectation(_ d: [Double]) -> [Double] {
        var mu = [Double](repeating: 0, count: GridworldFeatures.count)
        for (s, phi) in vectors.enumerated() where d[s] != 0 {
            for k in phi.indices { mu[k] += d[s] * phi[k] }
        }
        return mu
    }
}
