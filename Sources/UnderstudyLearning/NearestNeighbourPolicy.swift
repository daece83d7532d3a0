import UnderstudyDeterminism

/// The 1-nearest-neighbour student: `predict(x)` returns the target of the training input
/// closest to x. It fits its training set with exactly zero error (every training input is
/// its own nearest neighbour at distance 0), which is the lecture's point: zero training
/// error and still off the road.
///
/// Distance: Euclidean on standardized inputs, computed as Σₖ wₖ (xₖ − pₖ)² with wₖ = 1/σₖ²
/// (wₖ = 1 without standardization), in feature order, on the raw inputs — so a query equal to
/// a training input is at distance exactly 0 and distinct inputs are never at distance 0
/// (barring underflow). Ties go to the lowest training index; a duplicated input therefore
/// answers with its first target, and only then is the training error not zero.
///
/// Queries use a k-d tree (median splits on the widest weighted spread, leaves of ≤ 8 points).
/// Its pruning is exact: a subtree is skipped only when a single-coordinate lower bound,
/// computed with the same floating-point expression as the distance, strictly exceeds the
/// best distance, so the answer is always that of a brute-force scan.
public struct NearestNeighbourPolicy: Learner {
    public var standardizeInputs: Bool
    /// Training inputs, flat, in training order.
    public private(set) var inputs: [Double] = []
    public private(set) var targets: [[Double]] = []
    public private(set) var width = 0
    /// Per-feature distance weights 1/σ² (or 1).
    public private(set) var weights: [Double] = []
    private var tree = KDTree()

    public init(standardizeInputs: Bool = true) {
        self.standardizeInputs = standardizeInputs
    }

    public var count: Int { targets.count }

    // MARK: - Learner

    /// Replaces the stored data with these pairs (`stream` is not used: 1-NN has no randomness).
    public mutating func fit(inputs: [[Double]], targets: [[Double]], stream: inout RandomStream) {
        precondition(!inputs.isEmpty && inputs.count == targets.count,
                     "fit needs as many targets as inputs, at least one (got \(inputs.count) and \(targets.count))")
        width = inputs[0].count
        self.inputs = MLP.flatten(inputs, width: width, what: "input")
        self.targets = targets
        if standardizeInputs {
            let s = try! Standardizer(fitting: inputs)
            weights = s.std.map { 1 / ($0 * $0) }
        } else {
            weights = [Double](repeating: 1, count: width)
        }
        tree = KDTree(points: self.inputs, width: width, weights: weights)
    }

    /// The target of the nearest training input.
    public func predict(_ input: [Double]) -> [Double] {
        targets[nearestIndex(input)]
    }

    // MARK: - Queries

    /// Index (in training order) of the nearest training input; lowest index on ties.
    public func nearestIndex(_ query: [Double]) -> Int {
        precondition(!targets.isEmpty, "NearestNeighbourPolicy.predict called before fit")
        precondition(query.count == width, "query must have \(width) entries, got \(query.count)")
        return query.withUnsafeBufferPointer { q in
            weights.withUnsafeBufferPointer { w in tree.nearest(q.baseAddress!, weights: w.baseAddress!) }
        }
    }

    /// The same answer by scanning every point in order; the reference the tree is tested against.
    func nearestIndexByScan(_ query: [Double]) -> Int {
        var best = 0
        var bestDistance = Double.infinity
        for i in 0..<count {
            var d = 0.0
            for k in 0..<width {
                let diff = query[k] - inputs[i * width + k]
                d += weights[k] * (diff * diff)
            }
            if d < bestDistance { best = i; bestDistance = d }
        }
        return best
    }
}

/// A k-d tree over flat points with per-coordinate distance weights; see
/// `NearestNeighbourPolicy` for why its answers equal a brute-force scan.
struct KDTree: Sendable {
    static let leafSize = 8
    /// Points reordered so that each leaf's points are contiguous.
    private var points: [Double] = []
    /// Original index of each reordered point.
    private var indices: [Int] = []
    private var width = 0
    /// Node arrays; a leaf has `dimension == -1` and covers `lo..<hi` of the reordered points.
    private var dimension: [Int] = []
    private var split: [Double] = []
    private var left: [Int] = []
    private var right: [Int] = []
    private var lo: [Int] = []
    private var hi: [Int] = []

    init() {}

    init(points flat: [Double], width: Int, weights: [Double]) {
        self.width = width
        var order = Array(0..<(flat.count / width))
        _ = build(&order, 0, order.count, flat, weights)
        indices = order
        points = []
        points.reserveCapacity(flat.count)
        for i in order { points.append(contentsOf: flat[(i * width)..<((i + 1) * width)]) }
    }

    /// Builds the subtree over `order[from..<to]` and returns its node index.
    private mutating func build(_ order: inout [Int], _ from: Int, _ to: Int, _ flat: [Double], _ weights: [Double]) -> Int {
        let node = dimension.count
        dimension.append(-1); split.append(0); left.append(-1); right.append(-1); lo.append(from); hi.append(to)
        if to - from <= KDTree.leafSize { return node }
        // Split on the coordinate with the widest weighted spread (first such on ties).
        var bestDim = 0, bestSpread = -1.0
        for k in 0..<width {
            var mn = Double.infinity, mx = -Double.infinity
            for i in from..<to {
                let v = flat[order[i] * width + k]
                mn = min(mn, v); mx = max(mx, v)
            }
            let spread = (mx - mn) * (mx - mn) * weights[k]
            if spread > bestSpread { bestSpread = spread; bestDim = k }
        }
        if bestSpread == 0 { return node }   // all points equal: keep them in one leaf
        let w = width
        // Sort by (coordinate, index): a total order, so the tree does not depend on the sort.
        order[from..<to].sort { a, b in
            let va = flat[a * w + bestDim], vb = flat[b * w + bestDim]
            return va < vb || (va == vb && a < b)
        }
        let mid = (from + to) / 2
        dimension[node] = bestDim
        split[node] = flat[order[mid] * w + bestDim]
        let l = build(&order, from, mid, flat, weights)
        let r = build(&order, mid, to, flat, weights)
        left[node] = l
        right[node] = r
        return node
    }

    func nearest(_ q: UnsafePointer<Double>, weights w: UnsafePointer<Double>) -> Int {
        var best = Int.max, bestDistance = Double.infinity
        points.withUnsafeBufferPointer { p in
            search(0, q, w, p.baseAddress!, &best, &bestDistance)
        }
        return best
    }

    private func search(_ node: Int, _ q: UnsafePointer<Double>, _ w: UnsafePointer<Double>, _ p: UnsafePointer<Double>,
                        _ best: inout Int, _ bestDistance: inout Double) {
        let k = dimension[node]
        if k < 0 {
            for i in lo[node]..<hi[node] {
                let point = p + i * width
                var d = 0.0
                var c = 0
                while c < width {
                    let diff = q[c] - point[c]
                    d += w[c] * (diff * diff)
                    if d > bestDistance { break }   // partial sums only grow
                    c += 1
                }
                if d < bestDistance || (d == bestDistance && indices[i] < best) {
                    best = indices[i]
                    bestDistance = d
                }
            }
            return
        }
        let diff = q[k] - split[node]
        let bound = w[k] * (diff * diff)
        let (near, far) = diff < 0 ? (left[node], right[node]) : (right[node], left[node])
        search(near, q, w, p, &best, &bestDistance)
        if !(bound > bestDistance) { search(far, q, w, p, &best, &bestDistance) }
    }
}
