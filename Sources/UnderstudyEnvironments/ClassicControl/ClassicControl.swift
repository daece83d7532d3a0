import UnderstudyDeterminism

/// Rounds to the nearest float32 (ties to even), as NumPy does when it stores a float64 in a
/// float32 array; returned as a Double, which holds every float32 exactly.
@inline(__always)
func float32(_ x: Double) -> Double { Double(Float(x)) }

/// An observation of `count` doubles written by `write`: the scalar `observation` and the
/// batch's `writeObservation(into:)` share one formula. Written to the stack, then returned as
/// an array literal for the sizes the environments have: on Linux an array made with
/// `unsafeUninitializedCapacity` looks up its generic metadata on every call (≈ 100 ns, half
/// a classic-control step), a literal does not.
@inline(__always)
func observationArray(count: Int, _ write: (UnsafeMutablePointer<Double>) -> Void) -> [Double] {
    withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { buffer in
        let b = buffer.baseAddress!
        write(b)
        switch count {
        case 2: return [b[0], b[1]]
        case 3: return [b[0], b[1], b[2]]
        case 4: return [b[0], b[1], b[2], b[3]]
        case 6: return [b[0], b[1], b[2], b[3], b[4], b[5]]
        default: return Array(buffer)
        }
    }
}

/// The metrics every classic-control episode reports: its return and its length in steps.
func classicControlMetrics(rewards: [Double]) -> [String: Double] {
    var total = 0.0
    for r in rewards { total += r }
    return ["return": total, "episode_length": Double(rewards.count)]
}

extension Action {
    /// The index of a discrete action. A continuous action is a programming error here:
    /// demonstrations are validated against the action space before they are replayed.
    @inline(__always)
    var discreteIndex: Int {
        switch self {
        case .discrete(let i): return i
        case .continuous: preconditionFailure("a discrete environment was given a continuous action")
        }
    }

    /// Component 0 of a one-dimensional continuous action.
    @inline(__always)
    var firstComponent: Double {
        switch self {
        case .continuous(let v):
            precondition(v.count == 1, "a one-dimensional box environment was given \(v.count) components")
            return v[0]
        case .discrete: preconditionFailure("a box environment was given a discrete action")
        }
    }
}

/// `x**2` as Python and NumPy evaluate it for a float64: libm's `pow(x, 2)`, which glibc
/// does not round correctly in every case (e.g. x = −0.6759087954887661 gives an answer
/// 0.50027 ulp from x², one ulp above `x * x`). Gymnasium's Pendulum cost and Acrobot
/// dynamics use `**2`, so matching them bit for bit needs this pow, not `x * x`
/// (`np.square`, as in CartPole, is `x * x`).
@inline(__always)
func pythonSquare(_ x: Double) -> Double { PortableMath.glibcPow(x, 2) }
