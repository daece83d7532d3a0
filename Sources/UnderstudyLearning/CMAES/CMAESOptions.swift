/// Options of `CMAES`, named and defaulted as pycma 4.x's `CMAOptions`
/// (cma/options_parameters.py, `cma_default_options_`). `nil` means "pycma's default for
/// this dimension and population size".
public struct CMAESOptions: Sendable, Hashable {
    /// λ; default 4 + ⌊3 ln n⌋ (`popsize`).
    public var populationSize: Int?
    /// Stop once the best f ≤ ftarget (`ftarget`, default −∞).
    public var ftarget: Double = -.infinity
    /// Stop once this many evaluations are used (`maxfevals`, default unlimited).
    public var maxEvaluations: Int = .max
    /// Default 100 + ⌊150 (n+3)² / √λ⌋ (`maxiter`).
    public var maxIterations: Int?
    /// Stop when the f-range of this generation and of the recent best values is below (`tolfun`).
    public var tolFun: Double = 1e-11
    /// Stop when the range of the last ≥ 10 best values is below (`tolfunhist`).
    public var tolFunHist: Double = 1e-12
    /// Stop when every σ·√Cᵢᵢ and σ·|pcᵢ| is below (`tolx`).
    public var tolX: Double = 1e-11
    /// Generations tolerated with the best f equal to the 75th-percentile f (`tolflatfitness`).
    public var tolFlatFitness: Int = 1
    /// Stop when the condition number of C exceeds this (`tolconditioncov`).
    public var tolConditionCov: Double = 1e14
    /// Stagnation window; default ⌊100 + 100 n^1.5 / λ⌋ (`tolstagnation`); 0 turns it off.
    public var tolStagnation: Int?
    /// Stop when some σ·√Cᵢᵢ grows beyond σ₀ times this (`tolfacupx`).
    public var tolFacUpX: Double = 1e3
    /// Stop when σ / max √eig(C) grows beyond σ₀ times this (`tolupsigma`).
    public var tolUpSigma: Double = 1e20
    /// Box bounds, each nil or one entry per coordinate (±∞ for an open side); handled by
    /// pycma's `BoundTransform` (see `BoxTransform`).
    public var lowerBounds: [Double]?
    public var upperBounds: [Double]?
    /// Active CMA: negative recombination weights in the rank-μ update (`CMA_active`, default on).
    public var activeCovarianceUpdate: Bool = true
    /// Generations between eigendecompositions; default 1 / (10 n (c₁ + c_μ)), pycma's
    /// `lazy_update_gap` (updates every generation for small n).
    public var eigenUpdateGap: Double?
    /// The share of the recombined step the mean moves, in (0, 1] (`CMA_cmean`, default 1).
    /// The evolution paths and the covariance still see the whole step, as in pycma. Below 1 it
    /// damps the random walk a noisy fitness drives once σ is small.
    public var meanLearningRate: Double = 1

    public init(populationSize: Int? = nil, ftarget: Double = -.infinity, maxEvaluations: Int = .max,
                lowerBounds: [Double]? = nil, upperBounds: [Double]? = nil) {
        self.populationSize = populationSize
        self.ftarget = ftarget
        self.maxEvaluations = maxEvaluations
        self.lowerBounds = lowerBounds
        self.upperBounds = upperBounds
    }
}

/// Why a `CMAES` run stopped; raw values are pycma's termination keys.
public enum StopReason: String, Sendable, Hashable, CaseIterable {
    case ftarget, maxfevals, maxiter, tolfun, tolfunhist, tolx, tolflatfitness, tolconditioncov
    case tolstagnation, tolfacupx, tolupsigma, noeffectaxis, noeffectcoord
}
