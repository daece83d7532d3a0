import UnderstudyDeterminism

/// The nonlinearity applied after every hidden layer of an `MLP` (the output layer is linear).
public enum Activation: String, Sendable, Hashable, CaseIterable {
    case tanh
    case relu

    /// φ(z).
    @inlinable
    public func apply(_ z: Double) -> Double {
        switch self {
        case .tanh: PortableMath.tanh(z)
        case .relu: z > 0 ? z : 0
        }
    }

    /// φ′(z) written in terms of the activation a = φ(z), which the forward pass keeps:
    /// tanh′ = 1 − a², relu′ = [a > 0] (0 at z = 0, as PyTorch does).
    @inlinable
    public func derivative(activation a: Double) -> Double {
        switch self {
        case .tanh: 1 - a * a
        case .relu: a > 0 ? 1 : 0
        }
    }
}

extension Activation {
    /// φ applied in place to every value: tanh through `PortableMath`'s array form (each
    /// element the scalar function's bits, several elements per instruction), relu one by one.
    @inlinable
    public func apply(_ values: UnsafeMutableBufferPointer<Double>) {
        switch self {
        case .tanh: PortableMath.tanh(UnsafeBufferPointer(values), into: values)
        case .relu: for i in values.indices { values[i] = apply(values[i]) }
        }
    }
}
