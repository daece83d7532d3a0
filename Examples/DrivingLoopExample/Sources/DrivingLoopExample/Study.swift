import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyGoldenImage
import UnderstudyImitation
import UnderstudyLearning

/// The lecture's driving-loop experiment from code: behavioural cloning and DAgger learn to
/// steer from an expert whose steering sensor is miscalibrated, ε ~ N(0.01, 0.01).
public enum DrivingStudy {
    /// What one method achieved: its last round's metrics and the student's evaluation path.
    public struct Outcome: Sendable {
        public var onRoadFraction: Double
        public var expertLabels: Int
        public var path: [(x: Double, y: Double)]
    }

    /// Runs `settings` (`.behaviouralCloning()` or `.dagger(iterations:)`) for seed 0 of
    /// master seed `seed`. Every random number comes from streams named under
    /// `driving-example/seed=0`, so the outcome is the same on every run and machine.
    public static func run(_ name: String, settings: SupervisedSettings, seed: UInt64 = 20261124) throws -> Outcome {
        let car = try DrivingLoop()
        let expert = DrivingLoopExpert(environment: car)
        let sensor = LabelNoise.miscalibratedSteering
        let root = RandomStream(seed: seed, path: "driving-example/seed=0")
        let context = ImitationContext(
            environment: car, expert: expert,
            // π_E as recorded: the expert's action through the noisy sensor, drawing from the stream it is handed.
            sensor: { state, stream in sensor.apply(to: expert.action(for: state), in: car.actionSpace, using: &stream) },
            seedStream: root, methodStream: root.child(name), collectionSteps: 415)
        var loop = ImitationLoop(context: context, method: SupervisedImitation(student: NearestNeighbourPolicy(), settings: settings))
        let result = try loop.run()
        let last = result.records.last!
        let states = result.evaluation.episodes[0].states
        return Outcome(onRoadFraction: last.metrics["on_road_fraction"] ?? 0, expertLabels: last.expertLabels,
                       path: states.map { (x: $0[0], y: $0[1]) })
    }

    /// The path drawn as black dots on white, `size`×`size` pixels, the track's bounding box
    /// scaled to fit: no cairo needed, and the same pixels wherever it runs.
    public static func picture(of path: [(x: Double, y: Double)], size: Int = 96) -> RGBAImage {
        var image = RGBAImage(width: size, height: size)
        let xs = path.map(\.x), ys = path.map(\.y)
        let minX = xs.min() ?? 0, maxX = xs.max() ?? 1, minY = ys.min() ?? 0, maxY = ys.max() ?? 1
        let scale = Double(size - 9) / max(maxX - minX, maxY - minY, 1e-9)
        for point in path {
            let px = 4 + Int(((point.x - minX) * scale).rounded()), py = 4 + Int(((point.y - minY) * scale).rounded())
            image[px, size - 1 - py] = RGBA(0, 0, 0, 255)
        }
        return image
    }
}
