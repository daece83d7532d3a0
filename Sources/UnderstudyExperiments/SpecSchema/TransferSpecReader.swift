import UnderstudyEnvironments
import UnderstudyTOML

extension ExperimentSpec {
    /// The keys a `[[transfer]]` change may set: the car, never the track.
    static let transferKeys = ["steering_offset", "steering_gain", "speed"]

    /// Reads `[[transfer]]` (named changes of the car) and `[reoptimise]` (seeds/README.md).
    /// Every problem is a `SpecError` at the offending key's line and column.
    static func readTransfer(_ root: SpecTable, environment: EnvironmentSpec, methods: [MethodSpec]) throws(SpecError) -> TransferSpec {
        var transfer = TransferSpec()
        let tables = try root.arrayOfTables("transfer", minimumCount: 0)
        if !tables.isEmpty && environment.id != DrivingLoop.id {
            throw tables[0].error(at: "name", "[[transfer]] changes the driving loop's car", expected: "env.id = \"driving-loop\"")
        }
        for table in tables {
            table.declareKeys(["name"] + transferKeys)
            let name = try table.string("name", matching: "a name of lowercase letters, digits and '-' (it names the changed car)") { s in
                !s.isEmpty && s.count <= 40 && s.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            }
            if transfer.changes.contains(where: { $0.name == name }) {
                throw table.error(at: "name", "duplicate transfer name \"\(name)\"", expected: "a name used by one [[transfer]] only")
            }
            var car = environment.drivingLoop
            var settings: [(key: String, value: Double)] = []
            // The same bounds as in [env]; the combination is checked by the config's own validate().
            if table.contains("steering_offset") {
                car.steeringOffset = try table.double("steering_offset", min: -car.maxSteering, max: car.maxSteering)
                settings.append(("steering_offset", car.steeringOffset))
            }
            if table.contains("steering_gain") {
                car.steeringGain = try table.double("steering_gain", min: 0, max: 4, minExclusive: true)
                settings.append(("steering_gain", car.steeringGain))
            }
            if table.contains("speed") {
                car.speed = try table.double("speed", min: 0, max: maxTrackSize, minExclusive: true)
                settings.append(("speed", car.speed))
                // The horizon stays `laps` laps (or two) at the new speed.
                if let laps = environment.laps {
                    let steps = laps * car.lapLength / (car.speed * car.dt)
                    guard steps <= Double(maxEpisodeSteps) else {
                        throw table.error(at: "speed", "an episode of \(TOMLWriter.float(laps)) laps needs \(TOMLWriter.float(steps.rounded(.up))) steps",
                                          expected: "at most \(maxEpisodeSteps) steps per episode")
                    }
                    car.horizon = Int(steps.rounded(.up))
                } else if !(2 * car.lapLength / (car.speed * car.dt) <= Double(maxEpisodeSteps)) {
                    throw table.error(at: "speed", "two laps need more than \(maxEpisodeSteps) steps", expected: "a faster car")
                }
            }
            try table.rejectUnknownKeys()   // a misspelt key is named as such, not as a change of nothing
            if settings.isEmpty {
                throw table.error(at: "name", "transfer \"\(name)\" changes nothing",
                                  expected: "one or more of \(transferKeys.map { "'\($0)'" }.joined(separator: ", "))")
            }
            do { try car.validate() } catch {
                if case .invalidDrivingLoop(let field, let message) = error {
                    throw table.error(at: table.contains(field) ? field : settings[0].key, message, expected: nil)
                }
                throw table.error(at: "name", "\(error)", expected: nil)
            }
            transfer.changes.append(TransferSpec.Change(name: name, drivingLoop: car, settings: settings))
        }

        guard root.contains("reoptimise") else { return transfer }
        let table = try root.subtable("reoptimise")
        table.declareKeys(["reward", "name", "iterations"])
        if tables.isEmpty {
            throw table.error(at: "reward", "[reoptimise] without [[transfer]]", expected: "one or more [[transfer]] changes to re-optimise in")
        }
        let gails = methods.filter { $0.algorithm == .gail }.map(\.name)
        let reward = try table.string("reward", matching: "the name of a [[method]] with algorithm \"gail\" (\(gails.isEmpty ? "there is none" : gails.map { "\"\($0)\"" }.joined(separator: ", ")))") {
            gails.contains($0)
        }
        guard case .gail(let gail)? = methods.first(where: { $0.name == reward })?.settings else {
            throw table.error(at: "reward", "\"\(reward)\" is not a GAIL method", expected: "a [[method]] with algorithm \"gail\"")
        }
        if gail.discriminatorInput != .state {
            throw table.error(at: "reward", "\"\(reward)\" has a \(gail.discriminatorInput.rawValue) discriminator",
                              expected: "a GAIL method with discriminator_input = \"state\" (a reward of the state alone transfers to another car)")
        }
        let name = try table.string("name", matching: "a non-empty name without '/' that no [[method]] uses", default: "\(reward) re-optimised") { s in
            !s.trimmingCharacters(in: .whitespaces).isEmpty && s.count <= 40 && !s.contains("/") && !s.contains("~") && s != "Expert"
                && !hasControlCharacters(s) && !methods.contains(where: { $0.name == s })
        }
        let iterations = try table.int("iterations", in: 1...1000, default: 30)
        transfer.reoptimise = TransferSpec.Reoptimise(reward: reward, name: name, iterations: iterations)
        return transfer
    }
}
