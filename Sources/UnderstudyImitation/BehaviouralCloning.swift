/// Behavioural cloning: the imitation loop with the expert collecting (π_D = π_E).
///
/// Pomerleau, "ALVINN" (1989); the lecture's first method. One iteration fits the
/// demonstrations; each further iteration records `episodesPerIteration` more expert episodes,
/// so BC can be compared with DAgger at equal numbers of expert labels.
extension ImitationSettings {
    public static func behaviouralCloning(iterations: Int = 1, demonstrationEpisodes: Int = 1,
                                          episodesPerIteration: Int = 1, collectionSteps: Int? = nil,
                                          aggregate: Bool = true, evaluationEpisodes: Int = 1) -> ImitationSettings {
        ImitationSettings(iterations: iterations, demonstrationEpisodes: demonstrationEpisodes,
                          episodesPerIteration: episodesPerIteration, collectionSteps: collectionSteps,
                          collector: .expert, aggregate: aggregate, evaluationEpisodes: evaluationEpisodes)
    }
}
