import UnderstudyDeterminism

/// One function under check: its scalar form, the frozen scalar form it must equal bit for bit
/// (Frozen/README.md: commit 042c602's, and for the glibc-compatible functions the pure-Swift
/// kernels of commit 3e89a55), and its array form, which must equal the scalar form bit for bit.
struct CheckCase: Sendable {
    enum Kind: Sendable {
        case unary(scalar: @Sendable (Double) -> Double, frozen: (@Sendable (Double) -> Double)?,
                   array: @Sendable (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void,
                   mix: InputMix)
        case binary(scalar: @Sendable (Double, Double) -> Double, frozen: (@Sendable (Double, Double) -> Double)?,
                    array: @Sendable (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>,
                                      UnsafeMutableBufferPointer<Double>) -> Void,
                    first: InputMix, second: InputMix)
        case float(scalar: @Sendable (Float, Float) -> Float, frozen: @Sendable (Float, Float) -> Float,
                   array: @Sendable (UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>,
                                     UnsafeMutableBufferPointer<Float>) -> Void,
                   first: InputMix, second: InputMix)
        /// y = 2 and x from `count` bit patterns spread evenly over all 2^32 (every float when
        /// --count is 2^32): glibcPowf's x² fast path, which must agree with the kernel everywhere.
        case floatSquare(scalar: @Sendable (Float, Float) -> Float, frozen: @Sendable (Float, Float) -> Float,
                         array: @Sendable (UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>,
                                           UnsafeMutableBufferPointer<Float>) -> Void)
    }
    var name: String
    var kind: Kind
}

typealias PM = PortableMath

/// Every function with an array form.
let checkCases: [CheckCase] = [
    CheckCase(name: "exp", kind: .unary(scalar: PM.exp, frozen: FrozenMath.exp,
                                        array: { PM.exp($0, into: $1) }, mix: Mixes.exp)),
    CheckCase(name: "log", kind: .unary(scalar: PM.log, frozen: FrozenMath.log,
                                        array: { PM.log($0, into: $1) }, mix: Mixes.log)),
    CheckCase(name: "log1p", kind: .unary(scalar: PM.log1p, frozen: FrozenMath.log1p,
                                          array: { PM.log1p($0, into: $1) }, mix: Mixes.log1p)),
    CheckCase(name: "expm1", kind: .unary(scalar: PM.expm1, frozen: FrozenMath.expm1,
                                          array: { PM.expm1($0, into: $1) }, mix: Mixes.expm1)),
    CheckCase(name: "sin", kind: .unary(scalar: PM.sin, frozen: FrozenMath.sin,
                                        array: { PM.sin($0, into: $1) }, mix: Mixes.trig)),
    CheckCase(name: "cos", kind: .unary(scalar: PM.cos, frozen: FrozenMath.cos,
                                        array: { PM.cos($0, into: $1) }, mix: Mixes.trig)),
    CheckCase(name: "tanh", kind: .unary(scalar: PM.tanh, frozen: FrozenMath.tanh,
                                         array: { PM.tanh($0, into: $1) }, mix: Mixes.tanh)),
    CheckCase(name: "atan", kind: .unary(scalar: PM.atan, frozen: FrozenMath.atan,
                                         array: { PM.atan($0, into: $1) }, mix: Mixes.atan)),
    CheckCase(name: "sigmoid", kind: .unary(scalar: PM.sigmoid, frozen: FrozenMath.sigmoid,
                                            array: { PM.sigmoid($0, into: $1) }, mix: Mixes.logistic)),
    CheckCase(name: "softplus", kind: .unary(scalar: PM.softplus, frozen: FrozenMath.softplus,
                                             array: { PM.softplus($0, into: $1) }, mix: Mixes.logistic)),
    CheckCase(name: "logSigmoid", kind: .unary(scalar: PM.logSigmoid, frozen: FrozenMath.logSigmoid,
                                               array: { PM.logSigmoid($0, into: $1) }, mix: Mixes.logistic)),
    CheckCase(name: "atan2", kind: .binary(scalar: PM.atan2, frozen: FrozenMath.atan2,
                                           array: { PM.atan2($0, $1, into: $2) },
                                           first: Mixes.atan2X, second: Mixes.atan2X)),
    CheckCase(name: "pow", kind: .binary(scalar: PM.pow, frozen: FrozenMath.pow,
                                         array: { PM.pow($0, $1, into: $2) },
                                         first: Mixes.powX, second: Mixes.powY)),
    CheckCase(name: "glibcSin", kind: .unary(scalar: PM.glibcSin, frozen: FrozenMath.glibcSin,
                                             array: { PM.glibcSin($0, into: $1) }, mix: Mixes.trig)),
    CheckCase(name: "glibcCos", kind: .unary(scalar: PM.glibcCos, frozen: FrozenMath.glibcCos,
                                             array: { PM.glibcCos($0, into: $1) }, mix: Mixes.trig)),
    CheckCase(name: "glibcPow", kind: .binary(scalar: PM.glibcPow, frozen: FrozenMath.glibcPow,
                                              array: { PM.glibcPow($0, $1, into: $2) },
                                              first: Mixes.powX, second: Mixes.powY)),
    CheckCase(name: "glibcPowf", kind: .float(scalar: PM.glibcPowf, frozen: FrozenMath.glibcPowf,
                                              array: { PM.glibcPowf($0, $1, into: $2) },
                                              first: Mixes.powfX, second: Mixes.powfY)),
    CheckCase(name: "glibcPowfSquare", kind: .floatSquare(scalar: PM.glibcPowf, frozen: FrozenMath.glibcPowf,
                                                          array: { PM.glibcPowf($0, $1, into: $2) })),
]
