import UnderstudyDeterminism
import UnderstudyEnvironments

/// Single-core stepping throughput of every environment (steps/s), scalar and batched, on the
/// same 4096 random actions (uniform over the action space, from the named stream
/// `bench/env/<id>/actions`), so the two cases differ only in how they step. Episodes are
/// reset from a named stream whenever they end.
///
/// - `env/<id>/step`: the protocol's `step(_:)`, which builds a new observation array each step.
/// - `env/<id>/step-into`: `step(_:observation:)`, the same steps writing into one reused
///   buffer (Gymnasium's `step()` is the comparison for both).
/// - `env/<id>/batch/steps-per-second`: `batch(lanes: 256)`, each batch step writing every
///   lane's observation into one reused buffer (lane-steps per second).
let environmentBenchmarks: [Benchmark] = EnvironmentRegistry.ids.flatMap { id in
    [
        Benchmark(name: "env/\(id)/step") {
            [Measurement(name: "env/\(id)/step", value: stepsPerSecond(id: id), unit: "steps/s")]
        },
        Benchmark(name: "env/\(id)/step-into") {
            [Measurement(name: "env/\(id)/step-into", value: stepsPerSecond(id: id, intoBuffer: true), unit: "steps/s")]
        },
        Benchmark(name: "env/\(id)/batch/steps-per-second") {
            [Measurement(name: "env/\(id)/batch/steps-per-second", value: batchStepsPerSecond(id: id, lanes: benchLanes),
                         unit: "steps/s", extra: ["lanes": Double(benchLanes)])]
        },
    ]
}

/// Lanes of the batched case.
let benchLanes = 256

/// The 4096 random actions both cases cycle through, as doubles (a discrete action is its index).
func randomActions(_ space: ActionSpace, id: String) -> [[Double]] {
    var stream = RandomStream(seed: 1, path: "bench/env/\(id)/actions")
    return (0..<4096).map { _ in
        switch space {
        case .discrete(let n): return [Double(stream.nextInt(below: n))]
        case .box(let low, let high): return low.indices.map { stream.uniform(low[$0], high[$0]) }
        }
    }
}

/// Steps per second of `id`'s generic `step(_:)`, or of `step(_:observation:)` with
/// `intoBuffer`, median of 7 batches.
func stepsPerSecond(id: String, intoBuffer: Bool = false) -> Double {
    let environment = try! EnvironmentRegistry.make(id: id)
    return stepsPerSecond(environment, intoBuffer: intoBuffer)
}

func stepsPerSecond<E: Environment>(_ prototype: E, intoBuffer: Bool) -> Double {
    let actions: [Action] = randomActions(prototype.actionSpace, id: prototype.id).map { values in
        if case .discrete = prototype.actionSpace { return .discrete(Int(values[0])) }
        return .continuous(values)
    }
    var stream = RandomStream(seed: 1, path: "bench/env/\(prototype.id)")
    var steps = prototype
    steps.reset(using: &stream)
    let n = 200_000
    var observation = [Double](repeating: 0, count: prototype.observationSize)
    let seconds = secondsPerCall(iterations: 1) {
        var acc = 0.0
        if intoBuffer {
            for i in 0..<n {
                let t = steps.step(actions[i & 4095], observation: &observation)
                acc += t.reward + observation[0]
                if t.terminated || t.truncated { steps.reset(using: &stream) }
            }
        } else {
            for i in 0..<n {
                let t = steps.step(actions[i & 4095])
                acc += t.reward + t.observation[0]
                if t.terminated || t.truncated { steps.reset(using: &stream) }
            }
        }
        blackHole(acc)
    }
    return Double(n) / seconds
}

/// Lane-steps per second of `id`'s batch of `lanes` lanes, median of 7 batches.
func batchStepsPerSecond(id: String, lanes: Int) -> Double {
    let environment = try! EnvironmentRegistry.make(id: id)
    return batchStepsPerSecond(environment, lanes: lanes)
}

func batchStepsPerSecond<E: Environment>(_ prototype: E, lanes: Int) -> Double {
    let table = randomActions(prototype.actionSpace, id: prototype.id)
    let width = prototype.actionSpace.batchWidth
    // The table laid out as consecutive batch steps: step t, lane i takes action (t·lanes + i) mod 4096.
    let cycle = 4096 / lanes
    let buffers: [[Double]] = (0..<cycle).map { t in (0..<lanes).flatMap { table[(t * lanes + $0) & 4095] } }
    var stream = RandomStream(seed: 1, path: "bench/env/\(prototype.id)")
    var batch = prototype.batch(lanes: lanes)
    for i in 0..<lanes { batch.reset(lane: i, using: &stream) }
    let active = [Bool](repeating: true, count: lanes)
    var rewards = [Double](repeating: 0, count: lanes)
    var terminated = [Bool](repeating: false, count: lanes), truncated = terminated
    var observations = [Double](repeating: 0, count: lanes * prototype.observationSize)
    precondition(buffers[0].count == lanes * width)
    let batchSteps = max(1, 1_000_000 / lanes)
    let seconds = secondsPerCall(iterations: 1) {
        var acc = 0.0
        for t in 0..<batchSteps {
            batch.step(actions: buffers[t % cycle], active: active, rewards: &rewards, terminated: &terminated, truncated: &truncated)
            batch.writeObservations(into: &observations, active: active)
            acc += rewards[0] + observations[0]
            for i in 0..<lanes where terminated[i] || truncated[i] { batch.reset(lane: i, using: &stream) }
        }
        blackHole(acc)
    }
    return Double(batchSteps * lanes) / seconds
}
