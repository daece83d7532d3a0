import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyImitation

/// Wall time of GAIL on the default driving loop (stadium, 2-lap horizon of 829 steps, one
/// demonstration lap): one iteration is 50 discriminator steps plus 10 CMA-ES generations of
/// 16 candidates, about 133k environment steps with a policy and a discriminator forward each.
/// `gail/driving-loop/iteration-2-threads` is the same with the search's candidates split over
/// two threads (`ImitationContext.threads`, as a run with fewer units than cores does).
let gailBenchmarks: [Benchmark] = [
    Benchmark(name: "gail/driving-loop/iteration") { [gailIteration(threads: 1)] },
    Benchmark(name: "gail/driving-loop/iteration-2-threads") { [gailIteration(threads: 2)] },
]

/// Milliseconds per iteration: the median over 5 runs of 3 iterations from a fresh start
/// (demonstration and setup included, a small share of the total).
private func gailIteration(threads: Int) -> Measurement {
    let iterations = 3
    let loop = try! DrivingLoop()
    var settings = GAILSettings()
    settings.iterations = iterations
    let seed = RandomStream(seed: 20261124, path: "bench/gail/seed=0")
    var context = ImitationContext(environment: loop, expert: DrivingLoopExpert(environment: loop), seedStream: seed,
                                   methodStream: seed.child("GAIL"),
                                   collectionSteps: Int((loop.config.lapLength / loop.stepLength).rounded(.up)))
    context.threads = threads
    let seconds = secondsPerCall(iterations: 1, repeats: 5) {
        var gail = ImitationLoop(context: context, method: try! GAIL(settings: settings, in: context))
        blackHole(try! gail.run())
    }
    return Measurement(name: "gail/driving-loop/iteration" + (threads > 1 ? "-\(threads)-threads" : ""), value: seconds / Double(iterations) * 1e3, unit: "ms",
                       extra: ["env_steps_per_iteration": Double(settings.search.generationsPerUpdate * settings.search.population * loop.maxEpisodeSteps)])
}
