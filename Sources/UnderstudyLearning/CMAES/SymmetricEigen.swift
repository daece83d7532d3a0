/// Eigendecomposition of a real symmetric matrix: Householder reduction to tridiagonal form,
/// then the implicit QL method (EISPACK's tred2/tql2, as in JAMA and Hansen's reference C code).
///
/// Everything runs in a fixed order, so the result is bit-reproducible. The working matrix is
/// kept column by column, so the inner loops walk contiguous memory and each eigenvector ends
/// up contiguous.
public enum SymmetricEigen {
    /// Eigenvalues in ascending order and the matching unit eigenvectors.
    public struct Decomposition: Sendable, Hashable {
        /// Ascending.
        public var values: [Double]
        /// `vectors[j * n + i]` is component i of the eigenvector of `values[j]`.
        public var vectors: [Double]
    }

    /// Decomposes the symmetric n × n matrix `matrix` (row-major; only symmetry is assumed,
    /// the lower triangle is what is read).
    public static func decompose(_ matrix: [Double], dimension n: Int) -> Decomposition {
        precondition(n >= 1 && matrix.count == n * n, "decompose needs an n × n matrix")
        var work = matrix   // symmetric, so row-major equals column-major
        var values = [Double](repeating: 0, count: n)
        var offDiagonal = [Double](repeating: 0, count: n)
        work.withUnsafeMutableBufferPointer { v in
            values.withUnsafeMutableBufferPointer { d in
                offDiagonal.withUnsafeMutableBufferPointer { e in
                    decompose(n, v.baseAddress!, d.baseAddress!, e.baseAddress!)
                }
            }
        }
        return sorted(values: values, vectors: work, n)
    }

    /// Decomposes in place: on entry `v` holds the symmetric matrix (column-major = row-major),
    /// on exit `v[j * n + i]` holds component i of eigenvector j and `d[j]` its eigenvalue
    /// (unsorted); `e` is scratch of n entries.
    @usableFromInline
    static func decompose(_ n: Int, _ v: UnsafeMutablePointer<Double>, _ d: UnsafeMutablePointer<Double>,
                          _ e: UnsafeMutablePointer<Double>) {
        tridiagonalize(n, v, d, e)
        diagonalize(n, v, d, e)
    }

    /// Sorts eigenpairs by ascending eigenvalue (stable on ties: lower original index first).
    static func sorted(values: [Double], vectors: [Double], _ n: Int) -> Decomposition {
        let order = (0..<n).sorted { a, b in values[a] < values[b] || (values[a] == values[b] && a < b) }
        var sortedVectors = [Double](repeating: 0, count: n * n)
        for (j, source) in order.enumerated() {
            for i in 0..<n { sortedVectors[j * n + i] = vectors[source * n + i] }
        }
        return Decomposition(values: order.map { values[$0] }, vectors: sortedVectors)
    }

    /// √(a² + b²) without overflow or destructive underflow.
    @inline(__always)
    static func hypot(_ a: Double, _ b: Double) -> Double {
        let x = abs(a), y = abs(b)
        let big = max(x, y), small = min(x, y)
        if big == 0 { return 0 }
        let r = small / big
        return big * (1 + r * r).squareRoot()
    }

    /// Householder tridiagonalisation (tred2). `V(row, col)` is `v[col * n + row]`.
    private static func tridiagonalize(_ n: Int, _ v: UnsafeMutablePointer<Double>, _ d: UnsafeMutablePointer<Double>,
                                       _ e: UnsafeMutablePointer<Double>) {
        @inline(__always) func col(_ c: Int) -> UnsafeMutablePointer<Double> { v + c * n }
        for j in 0..<n { d[j] = col(j)[n - 1] }
        var i = n - 1
        while i > 0 {
            var scale = 0.0
            var h = 0.0
            for k in 0..<i { scale += abs(d[k]) }
            if scale == 0 {
                e[i] = d[i - 1]
                for j in 0..<i {
                    d[j] = col(j)[i - 1]
                    col(j)[i] = 0
                    col(i)[j] = 0
                }
            } else {
                for k in 0..<i {
                    d[k] /= scale
                    h += d[k] * d[k]
                }
                var f = d[i - 1]
                var g = h.squareRoot()
                if f > 0 { g = -g }
                e[i] = scale * g
                h -= f * g
                d[i - 1] = f - g
                for j in 0..<i { e[j] = 0 }
                // Two columns at a time, so that their two sums g run side by side; each e[k]
                // still takes column j's term before column j + 1's, as in tred2.
                var j = 0
                while j + 1 < i {
                    let f0 = d[j], f1 = d[j + 1]
                    col(i)[j] = f0
                    col(i)[j + 1] = f1
                    let c0 = col(j), c1 = col(j + 1)
                    var g0 = e[j] + c0[j] * f0
                    g0 += c0[j + 1] * d[j + 1]
                    e[j + 1] += c0[j + 1] * f0
                    var g1 = e[j + 1] + c1[j + 1] * f1
                    var k = j + 2
                    while k <= i - 1 {
                        g0 += c0[k] * d[k]
                        e[k] += c0[k] * f0
                        g1 += c1[k] * d[k]
                        e[k] += c1[k] * f1
                        k += 1
                    }
                    e[j] = g0
                    e[j + 1] = g1
                    j += 2
                }
                if j < i {                            // the last column, alone
                    f = d[j]
                    col(i)[j] = f
                    e[j] += col(j)[j] * f
                }
                f = 0
                for j in 0..<i {
                    e[j] /= h
                    f += e[j] * d[j]
                }
                let hh = f / (h + h)
                for j in 0..<i { e[j] -= hh * d[j] }
                for j in 0..<i {
                    f = d[j]
                    g = e[j]
                    let cj = col(j)
                    for k in j..<i { cj[k] -= f * e[k] + g * d[k] }
                    d[j] = cj[i - 1]
                    cj[i] = 0
                }
            }
            d[i] = h
            i -= 1
        }
        // Accumulate the transformations.
        for i in 0..<(n - 1) {
            col(i)[n - 1] = col(i)[i]
            col(i)[i] = 1
            let h = d[i + 1]
            let next = col(i + 1)
            if h != 0 {
                for k in 0...i { d[k] = next[k] / h }
                // Each column's g is its own sum: two at a time run side by side.
                var j = 0
                while j + 1 <= i {
                    let c0 = col(j), c1 = col(j + 1)
                    var g0 = 0.0, g1 = 0.0
                    for k in 0...i {
                        g0 += next[k] * c0[k]
                        g1 += next[k] * c1[k]
                    }
                    for k in 0...i {
                        c0[k] -= g0 * d[k]
                        c1[k] -= g1 * d[k]
                    }
                    j += 2
                }
                if j == i {
                    let cj = col(j)
                    var g = 0.0
                    for k in 0...i { g += next[k] * cj[k] }
                    for k in 0...i { cj[k] -= g * d[k] }
                }
            }
            for k in 0...i { next[k] = 0 }
        }
        for j in 0..<n {
            d[j] = col(j)[n - 1]
            col(j)[n - 1] = 0
        }
        col(n - 1)[n - 1] = 1
        e[0] = 0
    }

    /// Implicit QL iterations on the tridiagonal matrix (tql2), accumulating the rotations
    /// into the eigenvectors.
    private static func diagonalize(_ n: Int, _ v: UnsafeMutablePointer<Double>, _ d: UnsafeMutablePointer<Double>,
                                    _ e: UnsafeMutablePointer<Double>) {
        for i in 1..<max(n, 1) { e[i - 1] = e[i] }
        e[n - 1] = 0
        var f = 0.0
        var tst1 = 0.0
        let eps = 0x1p-52
        for l in 0..<n {
            tst1 = max(tst1, abs(d[l]) + abs(e[l]))
            var m = l
            while m < n - 1 {
                if abs(e[m]) <= eps * tst1 { break }
                m += 1
            }
            if m > l {
                var iterations = 0
                repeat {
                    iterations += 1
                    var g = d[l]
                    var p = (d[l + 1] - g) / (2 * e[l])
                    var r = hypot(p, 1)
                    if p < 0 { r = -r }
                    d[l] = e[l] / (p + r)
                    d[l + 1] = e[l] * (p + r)
                    let dl1 = d[l + 1]
                    var h = g - d[l]
                    var i2 = l + 2
                    while i2 < n { d[i2] -= h; i2 += 1 }
                    f += h
                    p = d[m]
                    var c = 1.0, c2 = 1.0, c3 = 1.0
                    let el1 = e[l + 1]
                    var s = 0.0, s2 = 0.0
                    var i = m - 1
                    while i >= l {
                        c3 = c2
                        c2 = c
                        s2 = s
                        g = c * e[i]
                        h = c * p
                        r = hypot(p, e[i])
                        e[i + 1] = s * r
                        s = e[i] / r
                        c = p / r
                        p = c * d[i] - s * g
                        d[i + 1] = h + s * (c * g + s * d[i])
                        let a = v + i * n, b = v + (i + 1) * n
                        for k in 0..<n {
                            let hk = b[k]
                            b[k] = s * a[k] + c * hk
                            a[k] = c * a[k] - s * hk
                        }
                        i -= 1
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1
                    e[l] = s * p
                    d[l] = c * p
                } while abs(e[l]) > eps * tst1 && iterations < 60
            }
            d[l] += f
            e[l] = 0
        }
    }
}
