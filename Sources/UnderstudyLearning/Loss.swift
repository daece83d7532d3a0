import UnderstudyDeterminism

/// A per-sample loss on the network's (linear) outputs; a batch's loss is the mean over its
/// samples, so gradients do not scale with the batch size.
///
/// Targets: `meanSquaredError` and `binaryCrossEntropyWithLogits` take one target per output;
/// `softmaxCrossEntropy` takes a probability vector (usually one-hot) of the output's width,
/// or a single class index `[Double(c)]` when the network has more than one output.
public enum Loss: String, Sendable, Hashable, CaseIterable {
    /// (1/m) Σⱼ (yⱼ − tⱼ)² over the m outputs (PyTorch's `MSELoss`, mean reduction).
    case meanSquaredError
    /// −Σⱼ tⱼ log softmax(y)ⱼ, via log-sum-exp shifted by the largest logit.
    case softmaxCrossEntropy
    /// (1/m) Σⱼ [softplus(yⱼ) − tⱼ yⱼ] = −(1/m) Σⱼ [tⱼ log σ(yⱼ) + (1 − tⱼ) log σ(−yⱼ)],
    /// stable for any logit because it uses `PortableMath.softplus`.
    case binaryCrossEntropyWithLogits

    /// The loss of one sample.
    public func value(output: [Double], target: [Double]) -> Double {
        output.withUnsafeBufferPointer { y in
            target.withUnsafeBufferPointer { t in evaluate(output: y, target: t, gradient: nil) }
        }
    }

    /// The loss of one sample and its gradient with respect to the outputs.
    public func valueAndGradient(output: [Double], target: [Double]) -> (value: Double, gradient: [Double]) {
        var gradient = [Double](repeating: 0, count: output.count)
        let value = output.withUnsafeBufferPointer { y in
            target.withUnsafeBufferPointer { t in
                gradient.withUnsafeMutableBufferPointer { g in evaluate(output: y, target: t, gradient: g) }
            }
        }
        return (value, gradient)
    }

    /// Whether `target` has a width this loss accepts for `outputs` outputs.
    public func accepts(targetWidth: Int, outputs: Int) -> Bool {
        targetWidth == outputs || (self == .softmaxCrossEntropy && targetWidth == 1 && outputs > 1)
    }

    /// The sample loss; writes ∂loss/∂output into `gradient` when it is given (same width as
    /// `output`). Sums run over outputs in index order.
    @usableFromInline
    func evaluate(output y: UnsafeBufferPointer<Double>, target t: UnsafeBufferPointer<Double>,
                  gradient g: UnsafeMutableBufferPointer<Double>?) -> Double {
        let m = y.count
        switch self {
        case .meanSquaredError:
            precondition(t.count == m, "meanSquaredError needs one target per output")
            let scale = 1 / Double(m)
            var sum = 0.0
            for j in 0..<m {
                let d = y[j] - t[j]
                sum += d * d
                g?[j] = 2 * scale * d
            }
            return sum * scale
        case .binaryCrossEntropyWithLogits:
            precondition(t.count == m, "binaryCrossEntropyWithLogits needs one target per output")
            let scale = 1 / Double(m)
            var sum = 0.0
            for j in 0..<m {
                sum += PortableMath.softplus(y[j]) - t[j] * y[j]
                g?[j] = scale * (PortableMath.sigmoid(y[j]) - t[j])
            }
            return sum * scale
        case .softmaxCrossEntropy:
            var maxLogit = -Double.infinity
            for j in 0..<m where y[j] > maxLogit { maxLogit = y[j] }
            var expSum = 0.0
            for j in 0..<m { expSum += PortableMath.exp(y[j] - maxLogit) }
            let logSumExp = maxLogit + PortableMath.log(expSum)
            if t.count == 1 && m > 1 {
                let c = Int(t[0])
                precondition(Double(c) == t[0] && c >= 0 && c < m, "class index \(t[0]) is not in 0..<\(m)")
                if let g {
                    for j in 0..<m { g[j] = PortableMath.exp(y[j] - maxLogit) / expSum - (j == c ? 1 : 0) }
                }
                return logSumExp - y[c]
            }
            precondition(t.count == m, "softmaxCrossEntropy needs a target per output or one class index")
            var loss = 0.0
            var targetMass = 0.0
            for j in 0..<m {
                loss += t[j] * (logSumExp - y[j])
                targetMass += t[j]
            }
            if let g {
                for j in 0..<m { g[j] = PortableMath.exp(y[j] - maxLogit) / expSum * targetMass - t[j] }
            }
            return loss
        }
    }
}
