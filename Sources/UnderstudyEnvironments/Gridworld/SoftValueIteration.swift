import UnderstudyDeterminism

/// The maximum-entropy (soft-optimal) policy of a finite-horizon, discounted gridworld task,
/// by soft value iteration (Ziebart et al. 2008; the causal form of Ziebart 2010):
///
///     V_T(s) = 0
///     Q_t(s, a) = r(s) + γ Σ_s′ P(s′ | s, a) V_{t+1}(s′)
///     V_t(s) = log Σ_a exp Q_t(s, a)
///     π_t(a | s) = exp(Q_t(s, a) − V_t(s))        for t = T−1, …, 0
///
/// The reward r(s) is earned in the state the step starts from, so an episode's return is
/// Σ_{t<T} r(s_t). The policy depends on the time step: the horizon is finite (an episode
/// always lasts T steps), and γ < 1 weights early steps more, as the spec's `discount` says.
/// Sums over actions and successors run in index order; exp and log are `PortableMath`'s.
public struct SoftPolicy: Sendable {
    /// T, the number of decisions.
    public let horizon: Int
    /// Number of cells.
    public let cellCount: Int
    /// Q_t(s, a) at `(t · cellCount + s) · actionCount + a`.
    public let q: [Double]
    /// V_t(s) at `t · cellCount + s`, for t = 0…T (V_T = 0).
    public let v: [Double]

    /// Solves the task for per-cell rewards `reward` under `dynamics`.
    public init(reward: [Double], dynamics: GridworldDynamics, horizon: Int, discount: Double) {
        let n = dynamics.cellCount, actions = GridworldDynamics.actionCount
        precondition(reward.count == n, "one reward per cell")
        self.horizon = horizon
        cellCount = n
        var q = [Double](repeating: 0, count: horizon * n * actions)
        var v = [Double](repeating: 0, count: (horizon + 1) * n)
        for t in stride(from: horizon - 1, through: 0, by: -1) {
            for s in 0..<n {
                var best = -Double.infinity
                for a in 0..<actions {
                    var future = 0.0
                    for (next, p) in dynamics.next(s, a) { future += p * v[(t + 1) * n + next] }
                    let value = reward[s] + discount * future
                    q[(t * n + s) * actions + a] = value
                    best = max(best, value)
                }
                // log Σ exp, shifted by the largest term so no exp overflows.
                var total = 0.0
                for a in 0..<actions { total += PortableMath.exp(q[(t * n + s) * actions + a] - best) }
                v[t * n + s] = best + PortableMath.log(total)
            }
        }
        self.q = q
        self.v = v
    }

    /// π_t(· | s): the five action probabilities.
    public func probabilities(step t: Int, cell s: Int) -> [Double] {
        let actions = GridworldDynamics.actionCount, base = (t * cellCount + s) * actions, value = v[t * cellCount + s]
        return (0..<actions).map { PortableMath.exp(q[base + $0] - value) }
    }

    /// log π_t(a | s) = Q_t(s, a) − V_t(s).
    public func logProbability(step t: Int, cell s: Int, action a: Int) -> Double {
        q[(t * cellCount + s) * GridworldDynamics.actionCount + a] - v[t * cellCount + s]
    }

    /// The most likely action at step t in cell s (the lowest index among equals): the soft
    /// policy's mode. It is not in general the optimal policy of the hard Bellman equation: soft
    /// values also count how many action sequences lead on from a cell (a corner, where three
    /// of five actions stay put, is worth more than its reward alone).
    public func greedyAction(step t: Int, cell s: Int) -> Int {
        let actions = GridworldDynamics.actionCount, base = (min(t, horizon - 1) * cellCount + s) * actions
        var best = 0
        for a in 1..<actions where q[base + a] > q[base + best] { best = a }
        return best
    }

    /// The distribution over cells at every step t = 0…T−1, propagated forward from `start`:
    /// d_0 = start, d_{t+1}(s′) = Σ_s Σ_a d_t(s) π_t(a | s) P(s′ | s, a).
    public func stateDistributions(from start: Int, dynamics: GridworldDynamics) -> [[Double]] {
        var d = [Double](repeating: 0, count: cellCount)
        d[start] = 1
        var out: [[Double]] = []
        out.reserveCapacity(horizon)
        for t in 0..<horizon {
            out.append(d)
            guard t + 1 < horizon else { break }
            var next = [Double](repeating: 0, count: cellCount)
            for s in 0..<cellCount where d[s] != 0 {
                let pi = probabilities(step: t, cell: s)
                for a in 0..<GridworldDynamics.actionCount {
                    let mass = d[s] * pi[a]
                    for (cell, p) in dynamics.next(s, a) { next[cell] += mass * p }
                }
            }
            d = next
        }
        return out
    }

    /// Expected state-visitation frequencies Σ_{t<T} w_t d_t(s) with weights w_t = γ^t
    /// (`discount`; 1 gives plain visit counts, which sum to T).
    public static func visitation(_ distributions: [[Double]], discount: Double) -> [Double] {
        guard let first = distributions.first else { return [] }
        var total = [Double](repeating: 0, count: first.count)
        var weight = 1.0
        for d in distributions {
            for s in d.indices { total[s] += weight * d[s] }
            weight *= discount
        }
        return total
    }
}
