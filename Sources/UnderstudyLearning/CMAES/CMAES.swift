import UnderstudyDeterminism

/// The covariance matrix adaptation evolution strategy, (μ/μ_w, λ)-CMA-ES with active
/// covariance update, following Hansen's tutorial (arXiv:1604.00772) with pycma 4.x's
/// defaults (cma/evolution_strategy.py, cma/options_parameters.py, cma/sigma_adaptation.py,
/// cma/recombination_weights.py, cma/sampler.py):
///
/// - λ = 4 + ⌊3 ln n⌋; raw weights ln((λ+1)/2) − ln i, positive ones normalised to sum 1
///   (μ of them), negative ones scaled as pycma's `finalize_negative_weights`;
/// - c_σ = min(1/2, (μ_eff + 2)/(n + μ_eff + 3)), d_σ = 1 + 2 max(0, a√((μ_eff − 1)/(n + 1)) − 1) + c_σ
///   with a = max(1, 3(1 − 2^(−n/9))),
///   c_c = (4 + μ_eff/n)/(n + 4 + 2μ_eff/n), c₁ = min(1, λ/6)·2/((n + 1.3)² + μ_eff),
///   c_μ = min(1 − c₁, 2(μ_eff − 1.75 + 1/μ_eff)/((n + 2)² + μ_eff));
/// - cumulative step-size adaptation (the σ change clipped to a factor e^±1 as pycma does),
///   h_σ stalling of the rank-one update, rank-one and rank-μ updates of C, negative-weight
///   vectors rescaled to Mahalanobis length √n;
/// - the eigendecomposition of C (our `SymmetricEigen`) renewed lazily, every
///   1/(10 n (c₁ + c_μ)) generations, at the next `ask`;
/// - pycma's termination criteria (`StopReason`), and its `BoundTransform` for box bounds.
///
/// Not carried over from pycma: mirrored sampling for λ < 6, the diagonal-decoding and
/// elitist variants, `tolxstagnation`, and the tiny initial perturbation of C's diagonal.
///
/// All randomness comes from the `RandomStream` given at construction: each `ask` draws λ·n
/// standard normals from it, population member by member, coordinate by coordinate.
public struct CMAES: Sendable {
    // MARK: - Strategy parameters
    public let dimension: Int
    public let populationSize: Int
    /// Number of positive recombination weights.
    public let mu: Int
    /// All λ weights, positive then (for active CMA) negative.
    public let weights: [Double]
    public let muEff: Double
    public let cSigma: Double
    public let dSigma: Double
    public let cc: Double
    public let c1: Double
    public let cMu: Double
    public let chiN: Double
    public let options: CMAESOptions
    public let eigenGap: Double
    public let maxIterations: Int
    public let tolStagnation: Int
    let bounds: BoxTransform?
    let weightSum: Double

    // MARK: - State
    /// The distribution mean (in the unbounded search space).
    public private(set) var mean: [Double]
    /// The overall step size σ.
    public private(set) var sigma: Double
    public let sigma0: Double
    /// Row-major covariance matrix C (symmetric).
    public private(set) var covariance: [Double]
    var pc: [Double]
    var ps: [Double]
    /// Eigenvectors of C: `eigenvectors[j * n + i]` is component i of the j-th, ascending order.
    public private(set) var eigenvectors: [Double]
    /// √(eigenvalues of C), ascending.
    public private(set) var axisLengths: [Double]
    var scratch: [Double]
    var tellCount = 0
    var lastEigenUpdate = 0
    public private(set) var eigenDecompositions = 0
    var stream: RandomStream

    /// The pending population: standard normals z, steps y = B·D·z, search points x = m + σy.
    var zs: [Double]
    var ys: [Double]
    var xs: [Double]
    var asked = false

    public private(set) var iterations = 0
    public private(set) var evaluations = 0
    /// Best f seen, where, and at which evaluation count.
    public private(set) var bestFitness = Double.infinity
    public private(set) var bestSolution: [Double]
    var bestEvaluations = 0
    /// Best f per generation, oldest first (pycma's `fit.hist`, kept to 10 + 30n/λ entries).
    var fitnessHistory: [Double] = []
    /// Every 5th generation's best and median, oldest first (pycma's `histbest`, `histmedian`).
    var bestHistory: [Double] = []
    var medianHistory: [Double] = []
    var flatFitnessIterations = 0
    var psDecayPower = 1.0
    /// Reasons to stop, set by `tell`; empty while the run should go on.
    public private(set) var stopReasons: [StopReason] = []

    public var shouldStop: Bool { !stopReasons.isEmpty }

    /// A CMA-ES started at `x0` with step size `sigma0`. Throws on an empty or non-finite x0,
    /// σ₀ ≤ 0, λ < 2, bad bounds, x0 outside the bounds, or negative tolerances.
    public init(x0: [Double], sigma0: Double, options: CMAESOptions = CMAESOptions(), stream: RandomStream) throws {
        guard !x0.isEmpty else {
            throw LearningError.invalidOption(name: "x0", value: "[]", expected: "at least one coordinate")
        }
        guard x0.allSatisfy(\.isFinite) else {
            throw LearningError.invalidOption(name: "x0", value: "\(x0)", expected: "finite coordinates")
        }
        guard sigma0 > 0 && sigma0.isFinite else {
            throw LearningError.invalidOption(name: "sigma0", value: "\(sigma0)", expected: "a finite number > 0")
        }
        let n = x0.count
        let lambda = options.populationSize ?? (4 + Int((3 * PortableMath.log(Double(n))).rounded(.down)))
        guard lambda >= 2 else {
            throw LearningError.invalidOption(name: "populationSize", value: "\(lambda)", expected: "≥ 2")
        }
        guard options.maxEvaluations >= 1, (options.maxIterations ?? 1) >= 1, (options.tolStagnation ?? 0) >= 0,
              options.tolFun >= 0, options.tolFunHist >= 0, options.tolX >= 0, options.tolFlatFitness >= 0,
              options.tolConditionCov > 1, options.tolFacUpX > 0, options.tolUpSigma > 0,
              (options.eigenUpdateGap ?? 0) >= 0 else {
            throw LearningError.invalidOption(name: "CMA-ES tolerance/budget", value: "out of range",
                                              expected: "budgets ≥ 1, tolerances ≥ 0, tolConditionCov > 1")
        }
        guard options.meanLearningRate > 0 && options.meanLearningRate <= 1 else {
            throw LearningError.invalidOption(name: "meanLearningRate", value: "\(options.meanLearningRate)", expected: "in (0, 1]")
        }
        if options.lowerBounds != nil || options.upperBounds != nil {
            let lower = options.lowerBounds ?? [Double](repeating: -.infinity, count: n)
            let upper = options.upperBounds ?? [Double](repeating: .infinity, count: n)
            guard lower.count == n && upper.count == n else {
                throw LearningError.invalidOption(name: "bounds", value: "\(lower.count) lower and \(upper.count) upper",
                                                  expected: "\(n) of each, one per coordinate of x0")
            }
            let box = try BoxTransform(lower: lower, upper: upper)
            guard box.contains(x0) else {
                throw LearningError.invalidOption(name: "x0", value: "\(x0)", expected: "a point inside the bounds")
            }
            bounds = box
            mean = box.inverse(x0)
        } else {
            bounds = nil
            mean = x0
        }

        // Recombination weights (recombination_weights.py, RecombinationWeights.__init__).
        var w = (1...lambda).map { PortableMath.log(Double(lambda + 1) / 2) - PortableMath.log(Double($0)) }
        let mu = w.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        var positiveSum = 0.0
        for i in 0..<mu { positiveSum += w[i] }
        for i in 0..<lambda { w[i] /= positiveSum }
        var squares = 0.0
        for i in 0..<mu { squares += w[i] * w[i] }
        let muEff = 1 / squares
        var negativeSum = 0.0
        for i in mu..<lambda { negativeSum += w[i] }
        if negativeSum != 0 { for i in mu..<lambda { w[i] /= -negativeSum } }

        let nd = Double(n)
        let c1 = min(1, Double(lambda) / 6) * 2 / ((nd + 1.3) * (nd + 1.3) + muEff)
        let cMu = min(1 - c1, 2 * (0.25 + muEff - 2 + 1 / muEff) / ((nd + 2) * (nd + 2) + muEff))
        // finalize_negative_weights: zero decay c₁ + c_μ Σw = 0, then positive definiteness,
        // then a limit from μ_eff⁻.
        if options.activeCovarianceUpdate && w[lambda - 1] < 0 {
            func negativeTotal() -> Double {
                var s = 0.0
                for i in mu..<lambda { s += w[i] }
                return s
            }
            func scaleNegatives(toAtMost value: Double, always: Bool) {
                let total = negativeTotal()
                if !always && total >= -value { return }
                let factor = abs(value / total)
                if always || factor < 1 { for i in mu..<lambda { w[i] *= factor } }
            }
            if cMu > 0 {
                scaleNegatives(toAtMost: 1 + c1 / cMu, always: true)
                scaleNegatives(toAtMost: (1 - c1 - cMu) / cMu / nd, always: false)
            }
            var negativeSquares = 0.0
            for i in mu..<lambda { negativeSquares += w[i] * w[i] }
            let total = negativeTotal()
            let muEffMinus = total * total / negativeSquares
            scaleNegatives(toAtMost: 1 + 2 * muEffMinus / (muEff + 2), always: false)
        } else {
            for i in mu..<lambda { w[i] = 0 }
        }
        var allSum = 0.0
        for x in w { allSum += x }

        dimension = n
        populationSize = lambda
        self.mu = mu
        weights = w
        weightSum = allSum
        self.muEff = muEff
        let cSigma = min(0.5, (muEff + 2) / (nd + muEff + 3))
        self.cSigma = cSigma
        // sigma_adaptation.py, compute_damps: the μ_eff term's inner factor is
        // max(1, 3 (1 − 0.5^(n/9))), which damps large-μ_eff populations in larger dimensions.
        let inner = max(1, 3 * (1 - PortableMath.pow(0.5, nd / 9)))
        dSigma = 1 + 2 * max(0, inner * ((muEff - 1) / (nd + 1)).squareRoot() - 1) + cSigma
        cc = (4 + muEff / nd) / (nd + 4 + 2 * muEff / nd)
        self.c1 = c1
        self.cMu = cMu
        chiN = CMAES.expectedNormOfStandardNormal(n)
        self.options = options
        eigenGap = options.eigenUpdateGap ?? 1 / (c1 + cMu + 1e-23) / nd / 10
        // pycma evaluates these two defaults with the unrounded default popsize 4 + 3 ln n.
        let lambdaForDefaults = options.populationSize.map(Double.init) ?? 4 + 3 * PortableMath.log(nd)
        let defaultMaxIterations = 100 + (150 * (nd + 3) * (nd + 3) / lambdaForDefaults.squareRoot()).rounded(.down)
        maxIterations = options.maxIterations ?? Int(min(defaultMaxIterations, Double(Int.max / 2)))
        tolStagnation = options.tolStagnation ?? Int(100 + 100 * nd * nd.squareRoot() / lambdaForDefaults)
        self.sigma = sigma0
        self.sigma0 = sigma0
        covariance = [Double](repeating: 0, count: n * n)
        eigenvectors = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            covariance[i * n + i] = 1
            eigenvectors[i * n + i] = 1
        }
        axisLengths = [Double](repeating: 1, count: n)
        pc = [Double](repeating: 0, count: n)
        ps = [Double](repeating: 0, count: n)
        scratch = [Double](repeating: 0, count: 2 * n)
        self.stream = stream
        zs = [Double](repeating: 0, count: lambda * n)
        ys = zs
        xs = zs
        bestSolution = x0
    }

    // MARK: - Ask and tell

    /// Draws a new population of λ candidates (inside the bounds, if any). Calling `ask`
    /// again before `tell` replaces the pending population.
    public mutating func ask() -> [[Double]] {
        updateEigensystemIfDue()
        let n = dimension
        var population: [[Double]] = []
        population.reserveCapacity(populationSize)
        for k in 0..<populationSize {
            let z = k * n
            for i in 0..<n { zs[z + i] = stream.nextNormal() }
            for i in 0..<n { ys[z + i] = 0 }
            // y = B (D ∘ z): accumulate the columns of B in order.
            eigenvectors.withUnsafeBufferPointer { b in
                ys.withUnsafeMutableBufferPointer { y in
                    for j in 0..<n {
                        let coefficient = axisLengths[j] * zs[z + j]
                        let column = b.baseAddress! + j * n
                        for i in 0..<n { y[z + i] += coefficient * column[i] }
                    }
                }
            }
            for i in 0..<n { xs[z + i] = mean[i] + sigma * ys[z + i] }
            let x = Array(xs[z..<(z + n)])
            population.append(bounds.map { $0.transform(x) } ?? x)
        }
        asked = true
        return population
    }

    /// Updates the distribution from the f-values of the population the last `ask` returned
    /// (same order; NaN counts as the median of the others, as in pycma), then checks the
    /// stopping rules (`stopReasons`).
    public mutating func tell(_ fitness: [Double]) {
        precondition(asked, "CMAES.tell called without a pending ask")
        precondition(fitness.count == populationSize, "tell needs \(populationSize) f-values, got \(fitness.count)")
        asked = false
        let n = dimension, lambda = populationSize
        var f = fitness
        if f.contains(where: \.isNaN) {
            let finite = f.filter { !$0.isNaN }.sorted()
            let median = finite.isEmpty ? Double.infinity
                : (finite.count % 2 == 1 ? finite[finite.count / 2] : (finite[finite.count / 2 - 1] + finite[finite.count / 2]) / 2)
            for i in 0..<lambda where f[i].isNaN { f[i] = median }
        }
        iterations += 1
        evaluations += lambda

        // Rank: by f, then by index (a total order, so ties cannot depend on the sort).
        var order = Array(0..<lambda)
        for i in 1..<lambda {
            let item = order[i]
            var j = i - 1
            while j >= 0 && (f[order[j]] > f[item] || (f[order[j]] == f[item] && order[j] > item)) {
                order[j + 1] = order[j]
                j -= 1
            }
            order[j + 1] = item
        }
        let sorted = order.map { f[$0] }
        if sorted[0] < bestFitness {
            bestFitness = sorted[0]
            let z = order[0] * n
            let x = Array(xs[z..<(z + n)])
            bestSolution = bounds.map { $0.transform(x) } ?? x
            bestEvaluations = evaluations
        }
        recordHistory(sorted)

        // Mean: weighted recombination of the μ best search points, of which the mean moves
        // `meanLearningRate`; the paths below take the whole recombined step.
        let oldMean = mean
        for i in 0..<n {
            var m = 0.0
            for r in 0..<mu { m += weights[r] * xs[order[r] * n + i] }
            mean[i] = m
        }
        let recombined = mean
        if options.meanLearningRate != 1 {
            for i in 0..<n { mean[i] = oldMean[i] + options.meanLearningRate * (recombined[i] - oldMean[i]) }
        }
        // Evolution path for σ: C^{-1/2}(m − m_old)/σ = B Σ wᵣ zᵣ under the B, D that sampled.
        for i in 0..<n {
            var s = 0.0
            for r in 0..<mu { s += weights[r] * zs[order[r] * n + i] }
            scratch[i] = s
        }
        let psScale = (cSigma * (2 - cSigma) * muEff).squareRoot()
        for i in 0..<n {
            var s = 0.0
            for j in 0..<n { s += eigenvectors[j * n + i] * scratch[j] }
            ps[i] = (1 - cSigma) * ps[i] + psScale * s
        }
        var psSquared = 0.0
        for i in 0..<n { psSquared += ps[i] * ps[i] }
        psDecayPower *= (1 - cSigma) * (1 - cSigma)
        let hsig: Double = psSquared / (1 - psDecayPower) / Double(n) - 1 < 1 + 4 / (Double(n) + 1) ? 1 : 0

        // Evolution path for C and the covariance update (sampler.py, GaussFullSampler.update).
        let c1a = c1 * (1 - (1 - hsig * hsig) * cc * (2 - cc))
        let pcScale = hsig * (cc * (2 - cc) * muEff).squareRoot() / sigma
        for i in 0..<n { pc[i] = (1 - cc) * pc[i] + pcScale * (recombined[i] - oldMean[i]) }
        if c1a + cMu > 0 {
            updateCovariance(order: order, oldMean: oldMean, c1a: c1a)
        }

        // Cumulative step-size adaptation (sigma_adaptation.py, CMAAdaptSigmaCSA.update2).
        let change = (psSquared.squareRoot() / chiN - 1) * cSigma / dSigma
        sigma *= PortableMath.exp(min(1, max(-1, change)))

        stopReasons = checkStop(sorted)
    }

    /// C ← (1 − c₁ₐ − c_μ Σw) C + c₁ pc pcᵀ + c_μ Σ wᵣ′ yᵣ yᵣᵀ, yᵣ = (xᵣ − m_old)/σ, with negative
    /// weights scaled by n / ‖C^{-1/2} yᵣ‖² (= n / ‖zᵣ‖²).
    private mutating func updateCovariance(order: [Int], oldMean: [Double], c1a: Double) {
        let n = dimension, lambda = populationSize
        let decay = 1 - c1a - cMu * weightSum
        var coefficients = [Double](repeating: 0, count: lambda)
        var steps = [Double](repeating: 0, count: lambda * n)
        for r in 0..<lambda {
            let k = order[r]
            var w = cMu * weights[r]
            if w < 0 {
                var zz = 0.0
                for i in 0..<n { zz += zs[k * n + i] * zs[k * n + i] }
                let norm = zz.squareRoot()
                w *= Double(n) / ((norm + 1e-9) * (norm + 1e-9))
            }
            coefficients[r] = w
            for i in 0..<n { steps[r * n + i] = (xs[k * n + i] - oldMean[i]) / sigma }
        }
        covariance.withUnsafeMutableBufferPointer { c in
            steps.withUnsafeBufferPointer { y in
                for i in 0..<n {
                    let row = c.baseAddress! + i * n
                    for j in i..<n { row[j] *= decay }
                    let a = c1 * pc[i]
                    for j in i..<n { row[j] += a * pc[j] }
                    for r in 0..<lambda where coefficients[r] != 0 {
                        let yr = y.baseAddress! + r * n
                        let a = coefficients[r] * yr[i]
                        for j in i..<n { row[j] += a * yr[j] }
                    }
                    for j in (i + 1)..<max(i + 1, n) { c[j * n + i] = row[j] }
                }
            }
        }
        tellCount += 1
    }

    /// Renews B and D when the lazy-update gap has passed (sampler.py, update_now); if C has
    /// lost positive definiteness, adds the old smallest eigenvalue to its diagonal and retries.
    private mutating func updateEigensystemIfDue() {
        if Double(tellCount) < Double(lastEigenUpdate) + eigenGap || (eigenGap == 0 && tellCount == lastEigenUpdate) {
            return
        }
        let n = dimension
        while true {
            let decomposition = SymmetricEigen.decompose(covariance, dimension: n)
            if decomposition.values[0] > 0 || !decomposition.values[0].isFinite {
                eigenvectors = decomposition.vectors
                axisLengths = decomposition.values.map { $0.squareRoot() }
                break
            }
            // pycma adds the old smallest eigenvalue; never less than what makes C positive.
            let shift = max(axisLengths[0] * axisLengths[0], -2 * decomposition.values[0], Double.leastNormalMagnitude)
            for i in 0..<n { covariance[i * n + i] += shift }
            axisLengths = axisLengths.map { ($0 * $0 + shift).squareRoot() }
        }
        eigenDecompositions += 1
        lastEigenUpdate = tellCount
    }

    // MARK: - Termination (evolution_strategy.py, _CMAStopDict._update)

    private mutating func recordHistory(_ sorted: [Double]) {
        let lambda = populationSize
        fitnessHistory.append(sorted[0])
        if Double(fitnessHistory.count) > 10 + 30 * Double(dimension) / Double(lambda) { fitnessHistory.removeFirst() }
        if iterations % 5 == 0 {
            let median = lambda % 2 == 1 ? sorted[lambda / 2] : (sorted[lambda / 2 - 1] + sorted[lambda / 2]) / 2
            bestHistory.append(sorted[0])
            medianHistory.append(median)
            if bestHistory.count > 20_000 {
                bestHistory.removeFirst()
                medianHistory.removeFirst()
            }
        }
        if sorted[0] < sorted[Int(0.75 * Double(lambda))] {
            flatFitnessIterations = 0
        } else {
            flatFitnessIterations += 1
        }
    }

    private func checkStop(_ sorted: [Double]) -> [StopReason] {
        let n = dimension
        var reasons: [StopReason] = []
        if bestFitness <= options.ftarget { reasons.append(.ftarget) }
        if evaluations >= options.maxEvaluations { reasons.append(.maxfevals) }
        if iterations >= maxIterations { reasons.append(.maxiter) }
        var maxStd = 0.0, allBelowTolX = true
        for i in 0..<n {
            let s = sigma * covariance[i * n + i].squareRoot()
            maxStd = max(maxStd, s)
            if !(s < options.tolX && sigma * abs(pc[i]) < options.tolX) { allBelowTolX = false }
        }
        if maxStd > sigma0 * options.tolFacUpX { reasons.append(.tolfacupx) }
        if allBelowTolX { reasons.append(.tolx) }
        let currentRange = sorted[sorted.count - 1] - sorted[0]
        let historyRange = fitnessHistory.max()! - fitnessHistory.min()!
        if currentRange < options.tolFun && historyRange < options.tolFun { reasons.append(.tolfun) }
        if fitnessHistory.count > 9 && historyRange < options.tolFunHist { reasons.append(.tolfunhist) }
        if tolStagnation > 0 && stagnated() { reasons.append(.tolstagnation) }
        if sigma / axisLengths[n - 1] > sigma0 * options.tolUpSigma { reasons.append(.tolupsigma) }
        for i in 0..<n where mean[i] == mean[i] + 0.2 * sigma * covariance[i * n + i].squareRoot() {
            reasons.append(.noeffectcoord)
            break
        }
        let axis = iterations % n
        var noEffect = true
        for i in 0..<n where mean[i] != mean[i] + 0.1 * sigma * axisLengths[axis] * eigenvectors[axis * n + i] {
            noEffect = false
            break
        }
        if noEffect { reasons.append(.noeffectaxis) }
        if axisLengths[n - 1] > options.tolConditionCov.squareRoot() * axisLengths[0] { reasons.append(.tolconditioncov) }
        if flatFitnessIterations > options.tolFlatFitness { reasons.append(.tolflatfitness) }
        return reasons
    }

    /// pycma's `tolstagnation`: no improvement of the median of recent best and median
    /// values over a window of the history.
    private func stagnated() -> Bool {
        let lambda = Double(populationSize), nd = Double(dimension)
        let window = max(Double(tolStagnation) / 5 / 2, Double(bestHistory.count) / 10)
        guard window <= Double(iterations) else { return false }
        let l = Int(window)
        guard Double(iterations) > nd * (5 + 100 / lambda),
              Double(evaluations - bestEvaluations) / lambda > Double(tolStagnation) / 2,
              bestHistory.count > 100, 2 * l < bestHistory.count else { return false }
        // Most recent first, as pycma's lists.
        let best = Array(bestHistory.reversed()), medians = Array(medianHistory.reversed())
        func median(_ values: ArraySlice<Double>) -> Double {
            let s = values.sorted()
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        return median(medians[0..<l]) >= median(medians[l..<(2 * l)]) && median(best[0..<l]) >= median(best[l..<(2 * l)])
    }

    /// E‖N(0, I_n)‖ = √2 Γ((n+1)/2) / Γ(n/2): exact (by E₁ = √(2/π), E_{n+1} = n / E_n) up to
    /// n = 100, as pycma's table, and √n (1 − 1/(4n) + 1/(32n²)) beyond, as pycma.
    public static func expectedNormOfStandardNormal(_ n: Int) -> Double {
        if n > 100 {
            let nd = Double(n)
            return nd.squareRoot() * (1 - 1 / (4 * nd) + 1 / (32 * nd * nd))
        }
        var e = (2 / Double.pi).squareRoot()
        var k = 1
        while k < n {
            e = Double(k) / e
            k += 1
        }
        return e
    }

    // MARK: - Running to the end

    /// The outcome of `minimize`.
    public struct Result: Sendable, Hashable {
        public var bestSolution: [Double]
        public var bestFitness: Double
        public var evaluations: Int
        public var iterations: Int
        public var stopReasons: [StopReason]
        /// The final mean, mapped into the bounds.
        public var mean: [Double]
        public var sigma: Double
    }

    /// Runs ask–evaluate–tell until a stopping rule fires. Each population is evaluated with
    /// `parallelMap` on up to `jobs` threads; results land in population order, so the run is
    /// identical for any `jobs`.
    public mutating func minimize(jobs: Int = 1, _ objective: @Sendable ([Double]) -> Double) -> Result {
        precondition(jobs >= 1, "jobs must be ≥ 1")
        while stopReasons.isEmpty {
            let population = ask()
            let fitness = parallelMap(population.count, jobs: jobs) { objective(population[$0]) }
            tell(fitness)
        }
        return result
    }

    /// The state so far as a `Result`.
    public var result: Result {
        Result(bestSolution: bestSolution, bestFitness: bestFitness, evaluations: evaluations, iterations: iterations,
               stopReasons: stopReasons, mean: bounds.map { $0.transform(mean) } ?? mean, sigma: sigma)
    }

    /// Minimises `objective` from `x0` with step size `sigma0`; see the instance method.
    public static func minimize(_ objective: @Sendable ([Double]) -> Double, x0: [Double], sigma0: Double,
                                options: CMAESOptions = CMAESOptions(), stream: RandomStream, jobs: Int = 1) throws -> Result {
        var es = try CMAES(x0: x0, sigma0: sigma0, options: options, stream: stream)
        return es.minimize(jobs: jobs, objective)
    }
}
