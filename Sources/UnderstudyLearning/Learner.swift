import UnderstudyDeterminism

/// A trainable function from input vectors to output vectors: the student π_θ of the
/// imitation loop, before the loop turns outputs into actions.
///
/// Regression targets are action vectors; classification targets are one-hot vectors and
/// `predict` returns class scores (argmax picks the class).
public protocol Learner: Sendable {
    /// Fits the learner to (input, target) pairs, drawing any randomness (initialisation
    /// already happened at construction; minibatch order here) from `stream`.
    mutating func fit(inputs: [[Double]], targets: [[Double]], stream: inout RandomStream)
    func predict(_ input: [Double]) -> [Double]
}
