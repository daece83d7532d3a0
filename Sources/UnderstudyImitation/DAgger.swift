/// DAgger: the imitation loop with the student collecting and the expert relabelling every
/// state it visited; datasets are aggregated.
///
/// Ross, Gordon & Bagnell, "A Reduction of Imitation Learning and Structured Prediction to
/// No-Regret Online Learning" (AISTATS 2011), Algorithm 3.1: π_i = β_i π* + (1 − β_i) π̂_i
/// with β_1 = 1 — here round 0 is the expert's demonstration — and β_i = p^i (decay p;
/// p = 0 is the "pure" DAgger the paper recommends in practice).
extension SupervisedSettings {
    /// DAgger: `iterations` rounds with the student collecting under β_i = `betaDecay`^i;
    /// `keptRelabels` relabelled states of the first student round are kept for the report.
    public static func dagger(iterations: Int = 10, betaDecay: Double = 0, episodesPerIteration: Int = 1,
                              aggregate: Bool = true, keptRelabels: Int = 400) -> Self {
        Self(iterations: iterations, episodesPerIteration: episodesPerIteration, collector: .student(betaDecay: betaDecay),
             aggregate: aggregate, keptRelabels: keptRelabels)
    }
}
