import XCTest
@testable import UnderstudyDeterminism

/// Every report's bytes depend on PortableMath's exact outputs, so a kernel change may make a
/// function faster but must not move a single output bit (the within-one-ulp logistic functions
/// included). These digests of the outputs over fixed inputs were recorded from the kernels of
/// commit 042c602; `understudy-mathcheck` makes the same comparison on 10^8 inputs a function
/// against a frozen copy of that code. A digest that moves means some outputs changed: find out
/// which with understudy-mathcheck before anything else.
final class PortableMathOutputDigestTests: XCTestCase {
    typealias PM = PortableMath

    /// FNV-1a over the 64-bit patterns, each folded in as one word: any changed bit changes it.
    static func digest(_ values: [Double]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for v in values {
            h = (h ^ v.bitPattern) &* 0x0000_0100_0000_01b3
            h ^= h >> 29
        }
        return String(h, radix: 16)
    }

    static let n = 20_000
    static let recorded: [String: String] = [
        "atan": "d7eedb515c32546f",
        "atan2": "3a536f7526b69966",
        "cos": "731aeb03adc6405b",
        "exp": "e2943d7847926ada",
        "expm1": "d4bfe7afabdcce20",
        "log": "32acd28a2983778e",
        "log1p": "454ffa4168789cf9",
        "logSigmoid": "cc24cf0d8fb69fab",
        "pow": "de992df85b62296c",
        "sigmoid": "8d999b965d2fb54d",
        "sin": "8ebc04211b5ed362",
        "softplus": "4559f7179046abdd",
        "tanh": "8f278c0bab7dbef4",
    ]

    func test_scalarFunctions_returnTheRecordedBits() {
        let A = PortableMathArrayTests.self
        let n = Self.n
        let exp = A.inputs("digest/exp", n, uniform: -746...710, exponents: -60...10)
        let log = A.inputs("digest/log", n, uniform: 0...1e6, exponents: -1074...1023)
        let log1p = A.inputs("digest/log1p", n, uniform: -1...100, exponents: -80...60)
        let trig = A.inputs("digest/trig", n, uniform: -20...20, exponents: -30...1023)
        let tanh = A.inputs("digest/tanh", n, uniform: -25...25, exponents: -40...6)
        let atan = A.inputs("digest/atan", n, uniform: -20...20, exponents: -40...70)
        let logistic = A.inputs("digest/logistic", n, uniform: -45...45, exponents: -60...10)
        let xs = A.inputs("digest/x", n, uniform: -10...10, exponents: -1074...1023)
        let bases = A.inputs("digest/pow-x", n, uniform: 0...100, exponents: -1074...1023)
        let exponents = A.inputs("digest/pow-y", n, uniform: -20...20, exponents: -60...64)
        let got: [String: String] = [
            "exp": Self.digest(exp.map(PM.exp)),
            "expm1": Self.digest(exp.map(PM.expm1)),
            "log": Self.digest(log.map(PM.log)),
            "log1p": Self.digest(log1p.map(PM.log1p)),
            "sin": Self.digest(trig.map(PM.sin)),
            "cos": Self.digest(trig.map(PM.cos)),
            "tanh": Self.digest(tanh.map(PM.tanh)),
            "atan": Self.digest(atan.map(PM.atan)),
            "sigmoid": Self.digest(logistic.map(PM.sigmoid)),
            "softplus": Self.digest(logistic.map(PM.softplus)),
            "logSigmoid": Self.digest(logistic.map(PM.logSigmoid)),
            "atan2": Self.digest(xs.indices.map { PM.atan2(xs[$0], bases[$0] - 50) }),
            "pow": Self.digest(bases.indices.map { PM.pow(bases[$0], exponents[$0]) }),
        ]
        for (name, value) in got.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(value, Self.recorded[name], "\(name): its outputs changed (digest \(value))")
        }
    }
}
