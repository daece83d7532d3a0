/// Behavioural cloning: the imitation loop with the expert collecting (π_D = π_E).
///
/// Pomerleau, "ALVINN" (1989); the lecture's first method. One round fits the
/// demonstrations; each further round records `episodesPerIteration` more expert episodes,
/// so BC can be compared with DAgger at equal numbers of expert labels.
extension SupervisedSettings {
    /// BC: `iterations` rounds with the expert collecting; `aggregate` keeps every round's data.
    public static func behaviouralCloning(iterations: Int = 1, episodesPerIteration: Int = 1, aggregate: Bool = true) -> Self {
        Self(iterations: iterations, episodesPerIteration: episodesPerIteration, collector: .expert, aggregate: aggregate)
    }
}
