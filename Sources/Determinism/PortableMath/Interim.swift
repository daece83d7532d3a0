// INTERIM SCAFFOLDING — to be deleted by the portable-math work. glibc-backed stand-ins so the
// rest of the package compiles while the pure-Swift kernels are written. Not reproducible across
// CPUs; nothing may ship with this file present.
#if canImport(Glibc)
import Glibc
#endif

/// Pure-Swift elementary functions (DESIGN.md, determinism rule 2).
public enum PortableMath {}

extension PortableMath {
    public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    public static func log(_ x: Double) -> Double { Glibc.log(x) }
    public static func log1p(_ x: Double) -> Double { Glibc.log1p(x) }
    public static func expm1(_ x: Double) -> Double { Glibc.expm1(x) }
    public static func sin(_ x: Double) -> Double { Glibc.sin(x) }
    public static func cos(_ x: Double) -> Double { Glibc.cos(x) }
    public static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
    public static func atan(_ x: Double) -> Double { Glibc.atan(x) }
    public static func atan2(_ y: Double, _ x: Double) -> Double { Glibc.atan2(y, x) }
    public static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
    public static func sigmoid(_ x: Double) -> Double { x >= 0 ? 1 / (1 + Glibc.exp(-x)) : Glibc.exp(x) / (1 + Glibc.exp(x)) }
    public static func logSigmoid(_ x: Double) -> Double { x >= 0 ? -Glibc.log1p(Glibc.exp(-x)) : x - Glibc.log1p(Glibc.exp(x)) }
    public static func softplus(_ x: Double) -> Double { x >= 0 ? x + Glibc.log1p(Glibc.exp(-x)) : Glibc.log1p(Glibc.exp(x)) }
}
