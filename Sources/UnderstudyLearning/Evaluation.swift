/// Mean squared error of `learner` on a data set: the mean over samples and output entries of
/// (prediction − target)², summed in sample order. The lecture's "training error" when run on
/// the training set.
public func meanSquaredError(of learner: some Learner, inputs: [[Double]], targets: [[Double]]) -> Double {
    precondition(!inputs.isEmpty && inputs.count == targets.count, "need as many targets as inputs, at least one")
    var total = 0.0
    var count = 0
    for (x, t) in zip(inputs, targets) {
        let y = learner.predict(x)
        precondition(y.count == t.count, "prediction width \(y.count) differs from target width \(t.count)")
        for j in 0..<y.count {
            let d = y[j] - t[j]
            total += d * d
        }
        count += y.count
    }
    return total / Double(count)
}

/// The fraction of samples whose predicted class (argmax of the scores, lowest index on ties)
/// differs from the target class (argmax of a one-hot target, or a single class index).
public func classificationErrorRate(of learner: some Learner, inputs: [[Double]], targets: [[Double]]) -> Double {
    precondition(!inputs.isEmpty && inputs.count == targets.count, "need as many targets as inputs, at least one")
    var wrong = 0
    for (x, t) in zip(inputs, targets) {
        let scores = learner.predict(x)
        let truth = t.count == 1 && scores.count > 1 ? Int(t[0]) : argmax(t)
        if argmax(scores) != truth { wrong += 1 }
    }
    return Double(wrong) / Double(inputs.count)
}

/// Index of the largest entry; the lowest index wins ties.
public func argmax(_ values: [Double]) -> Int {
    precondition(!values.isEmpty, "argmax of an empty vector")
    var best = 0
    for i in 1..<values.count where values[i] > values[best] { best = i }
    return best
}
