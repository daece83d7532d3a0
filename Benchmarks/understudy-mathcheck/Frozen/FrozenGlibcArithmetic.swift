// Exact-arithmetic helpers shared by the glibc-compatible kernels (GlibcPow, GlibcPowf,
// GlibcSinCos): where glibc's FMA build fuses a·b + c we do too, and where its fused result
// can be had exactly without fma, Dekker's product error gives it.

/// a·b + c with a single rounding (IEEE fma; the same bits on every CPU).
@inline(__always)
func mulAdd(_ a: Double, _ b: Double, _ c: Double) -> Double {
    c.addingProduct(a, b)
}

/// Veltkamp's split: hi + lo = a, each with at most 26 significant bits (|a| < 2^995).
@inline(__always)
func split(_ a: Double) -> (hi: Double, lo: Double) {
    let c = 134_217_729.0 * a
    let hi = c - (c - a)
    return (hi, a - hi)
}

/// a·b − p for p = a·b rounded, exactly (Dekker) — what fma(a, b, −p) gives — provided the
/// partial products do not underflow (|a·b| > 2^-960 suffices).
@inline(__always)
func productError(_ a: Double, _ b: Double, _ p: Double) -> Double {
    let (ah, al) = split(a), (bh, bl) = split(b)
    return ((ah * bh - p) + ah * bl + al * bh) + al * bl
}
