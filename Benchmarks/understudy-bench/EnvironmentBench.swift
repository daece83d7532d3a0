import UnderstudyDeterminism
import UnderstudyEnvironments

/// Single-core `step()` throughput of every environment (steps/s), through the protocol's
/// `step` (which builds the observation array, as a learner needs), with the environment's
/// expert choosing actions from a precomputed table so that policy cost is not measured.
/// Episodes are reset from a named stream whenever they end.
let environmentBenchmarks: [Benchmark] = EnvironmentRegistry.ids.map { id in
    Benchmark(name: "env/\(id)/step") {
        [Measurement(name: "env/\(id)/step", value: stepsPerSecond(id: id), unit: "steps/s")]
    }
}

/// Steps per second of `id`'s generic `step`, median of 7 batches.
func stepsPerSecond(id: String) -> Double {
    let environment = try! EnvironmentRegistry.make(id: id)
    return stepsPerSecond(environment)
}

func stepsPerSecond<E: Environment>(_ prototype: E) -> Double {
    // A fixed cycle of 1024 actions from the expert along a real rollout, so the states
    // visited are typical ones.
    var env = prototype
    var stream = RandomStream(seed: 1, path: "bench/env/\(prototype.id)")
    env.reset(using: &stream)
    let expert = makeExpert(for: env)!
    var actions: [Action] = []
    for _ in 0..<1024 {
        let a = expert.action(for: env.state)
        actions.append(a)
        let t = env.step(a)
        if t.terminated || t.truncated { env.reset(using: &stream) }
    }
    let n = 200_000
    var steps = env
    let seconds = secondsPerCall(iterations: 1) {
        var acc = 0.0
        for i in 0..<n {
            let t = steps.step(actions[i & 1023])
            acc += t.reward
            if t.terminated || t.truncated { steps.reset(using: &stream) }
        }
        blackHole(acc)
    }
    return Double(n) / seconds
}
