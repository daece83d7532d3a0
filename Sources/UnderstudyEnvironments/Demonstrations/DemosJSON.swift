import UnderstudyDeterminism

// MARK: - Reading

extension Demonstrations {
    /// Reads and validates a demonstrations file; every problem is a `EnvironmentError.demos` naming the
    /// file, line and column.
    public static func read(path: String) throws -> Demonstrations {
        let text: String
        do {
            text = try AtomicFile.readText(path)
        } catch {
            throw EnvironmentError.demos(file: path, message: "\(error)")
        }
        return try decode(text, file: path)
    }

    /// Parses and validates the text of a demonstrations file; `file` names it in errors.
    public static func decode(_ text: String, file: String) throws -> Demonstrations {
        let document: JSONDocument
        do {
            document = try JSONParser.parseDocument(text)
        } catch {
            guard case .jsonSyntax(let line, let column, let message)? = error as? DeterminismError else {
                throw EnvironmentError.demos(file: file, message: "\(error)")
            }
            throw EnvironmentError.demos(file: file, line: line, column: column, message: message)
        }
        return try DemosDecoder(document: document, file: file).demonstrations()
    }
}

/// Checks the schema of a parsed file, turning every mismatch into a positioned error.
private struct DemosDecoder {
    let document: JSONDocument
    let file: String

    func fail(_ node: LocatedJSON, _ message: String) -> EnvironmentError {
        let (line, column) = document.position(of: node)
        return EnvironmentError.demos(file: file, line: line, column: column, message: message)
    }

    func members(_ node: LocatedJSON, allowed: [String], required: [String], what: String) throws -> [String: LocatedJSON] {
        guard case .object(let list) = node.kind else { throw fail(node, "\(what) is \(node.typeName) (expected an object)") }
        var found: [String: LocatedJSON] = [:]
        for m in list {
            guard allowed.contains(m.key) else {
                let (line, column) = document.lineColumn(of: m.keyOffset)
                throw EnvironmentError.demos(file: file, line: line, column: column,
                                 message: "unknown key \"\(m.key)\" in \(what) (expected one of \(allowed.joined(separator: ", ")))")
            }
            found[m.key] = m.value
        }
        for key in required where found[key] == nil {
            throw fail(node, "\(what) has no \"\(key)\" (expected keys \(required.joined(separator: ", ")))")
        }
        return found
    }

    func string(_ node: LocatedJSON, _ what: String) throws -> String {
        guard case .string(let s) = node.kind else { throw fail(node, "\(what) is \(node.typeName) (expected a string)") }
        return s
    }

    func array(_ node: LocatedJSON, _ what: String) throws -> [LocatedJSON] {
        guard case .array(let items) = node.kind else { throw fail(node, "\(what) is \(node.typeName) (expected an array)") }
        return items
    }

    func number(_ node: LocatedJSON, _ what: String) throws -> Double {
        switch node.kind {
        case .number(let x): return x
        case .integer(let i): return Double(i)
        default: throw fail(node, "\(what) is \(node.typeName) (expected a number)")
        }
    }

    func vector(_ node: LocatedJSON, count: Int, _ what: String) throws -> [Double] {
        let items = try array(node, what)
        guard items.count == count else { throw fail(node, "\(what) has \(items.count) numbers (expected \(count))") }
        return try items.map { try number($0, what) }
    }

    func demonstrations() throws -> Demonstrations {
        let root = document.root
        let top = try members(root, allowed: ["format", "env", "source", "state_names", "env_config", "episodes"],
                              required: ["format", "env", "state_names", "episodes"], what: "the file")
        let format = try string(top["format"]!, "format")
        guard format == Demonstrations.format else {
            throw fail(top["format"]!, "format \"\(format)\" is not supported (expected \"\(Demonstrations.format)\")")
        }
        let envID = try string(top["env"]!, "env")
        var config: DrivingLoopConfig? = nil
        if let node = top["env_config"] {
            guard envID == DrivingLoop.id else { throw fail(node, "env_config is only for \(DrivingLoop.id)") }
            config = try drivingLoopConfig(node)
        }
        let environment: any Environment
        do {
            environment = try EnvironmentRegistry.make(id: envID, drivingLoop: config ?? DrivingLoopConfig())
        } catch {
            throw fail(top["env"]!, "\(error)")
        }
        let source = try top["source"].map { try string($0, "source") } ?? ""
        let names = try array(top["state_names"]!, "state_names").map { try string($0, "a state name") }
        guard names == environment.stateNames else {
            throw fail(top["state_names"]!, "state_names \(names) do not match \(envID) (expected \(environment.stateNames))")
        }
        let episodes = try array(top["episodes"]!, "episodes").enumerated().map { (k, node) in
            try episode(node, index: k, environment: environment)
        }
        return Demonstrations(env: envID, source: source, stateNames: names, drivingLoop: config, episodes: episodes)
    }

    func episode(_ node: LocatedJSON, index k: Int, environment: any Environment) throws -> DemoEpisode {
        let what = "episode \(k)"
        let m = try members(node, allowed: ["initial_state", "actions", "states", "observations", "rewards", "terminated"],
                            required: ["initial_state", "actions", "states", "rewards", "terminated"], what: what)
        let d = environment.stateNames.count
        var e = DemoEpisode(initialState: try vector(m["initial_state"]!, count: d, "\(what) initial_state"))
        let actionNodes = try array(m["actions"]!, "\(what) actions")
        let n = actionNodes.count
        func perStep(_ key: String) throws -> [LocatedJSON] {
            let items = try array(m[key]!, "\(what) \(key)")
            guard items.count == n else {
                throw fail(m[key]!, "\(what) has \(items.count) \(key) for \(n) actions (expected one per action)")
            }
            return items
        }
        e.actions = try actionNodes.map { try action($0, space: environment.actionSpace, what: "\(what) action") }
        e.states = try perStep("states").map { try vector($0, count: d, "\(what) state") }
        if m["observations"] != nil {
            e.observations = try perStep("observations").map { try vector($0, count: environment.observationSize, "\(what) observation") }
        }
        e.rewards = try perStep("rewards").map { try number($0, "\(what) reward") }
        e.terminated = try perStep("terminated").map { node in
            guard case .bool(let b) = node.kind else { throw fail(node, "\(what) terminated flag is \(node.typeName) (expected true or false)") }
            return b
        }
        return e
    }

    func action(_ node: LocatedJSON, space: ActionSpace, what: String) throws -> Action {
        let items = try array(node, what)
        switch space {
        case .discrete(let count):
            guard items.count == 1, case .integer(let i) = items[0].kind, i >= 0, i < count else {
                throw fail(node, "\(what) is not a valid discrete action (expected [i] with 0 ≤ i < \(count))")
            }
            return .discrete(i)
        case .box(let low, _):
            guard items.count == low.count else {
                throw fail(node, "\(what) has \(items.count) components (expected \(low.count))")
            }
            return .continuous(try items.map { try number($0, what) })
        }
    }

    func drivingLoopConfig(_ node: LocatedJSON) throws -> DrivingLoopConfig {
        let keys = DrivingLoopConfig.jsonKeys
        let m = try members(node, allowed: keys, required: [], what: "env_config")
        var c = DrivingLoopConfig()
        func double(_ key: String, _ set: (Double) -> Void) throws {
            if let v = m[key] { set(try number(v, "env_config.\(key)")) }
        }
        try double("straight_length") { c.straightLength = $0 }
        try double("radius") { c.radius = $0 }
        try double("half_width") { c.halfWidth = $0 }
        try double("speed") { c.speed = $0 }
        try double("dt") { c.dt = $0 }
        try double("max_steering") { c.maxSteering = $0 }
        try double("track_scale") { c.trackScale = $0 }
        try double("start_offset_noise") { c.startOffsetNoise = $0 }
        try double("start_heading_noise") { c.startHeadingNoise = $0 }
        if let v = m["horizon"] {
            guard case .integer(let h) = v.kind else { throw fail(v, "env_config.horizon is \(v.typeName) (expected an integer)") }
            c.horizon = h
        }
        if let v = m["observation"] {
            let s = try string(v, "env_config.observation")
            guard let o = DrivingLoopConfig.Observation(rawValue: s) else {
                throw fail(v, "env_config.observation \"\(s)\" (expected \"pose\" or \"position\")")
            }
            c.observation = o
        }
        do { try c.validate() } catch { throw fail(node, "env_config: \(error)") }
        return c
    }
}

// MARK: - Writing

extension DrivingLoopConfig {
    static let jsonKeys = ["straight_length", "radius", "half_width", "speed", "dt", "max_steering", "horizon",
                           "observation", "track_scale", "start_offset_noise", "start_heading_noise"]

    /// The settings as a JSON object with snake_case keys (`horizon` and `track_scale`
    /// resolved, so the file is explicit).
    public var jsonValue: JSONValue {
        .object([
            "straight_length": .number(straightLength), "radius": .number(radius), "half_width": .number(halfWidth),
            "speed": .number(speed), "dt": .number(dt), "max_steering": .number(maxSteering),
            "horizon": .integer(resolvedHorizon), "observation": .string(observation.rawValue),
            "track_scale": .number(resolvedTrackScale), "start_offset_noise": .number(startOffsetNoise),
            "start_heading_noise": .number(startHeadingNoise),
        ])
    }
}

extension Demonstrations {
    /// The file's JSON value.
    public var jsonValue: JSONValue {
        var top: [String: JSONValue] = [
            "format": .string(Self.format), "env": .string(env), "source": .string(source),
            "state_names": .array(stateNames.map { .string($0) }),
            "episodes": .array(episodes.map(\.jsonValue)),
        ]
        if let drivingLoop { top["env_config"] = drivingLoop.jsonValue }
        return .object(top)
    }

    /// Canonical JSON text (sorted keys, shortest round-trip numbers).
    public func jsonText() throws -> String {
        try CanonicalJSON.string(jsonValue) + "\n"
    }

    /// Writes the canonical JSON atomically.
    public func write(to path: String) throws {
        try AtomicFile.write(try jsonText(), to: path)
    }
}

extension DemoEpisode {
    /// The episode as `understudy-demos/1` JSON.
    public var jsonValue: JSONValue {
        func vector(_ v: [Double]) -> JSONValue { .array(v.map { .number($0) }) }
        var o: [String: JSONValue] = [
            "initial_state": vector(initialState),
            "actions": .array(actions.map { a in
                switch a {
                case .discrete(let i): return .array([.integer(i)])
                case .continuous(let v): return vector(v)
                }
            }),
            "states": .array(states.map(vector)),
            "rewards": vector(rewards),
            "terminated": .array(terminated.map { .bool($0) }),
        ]
        if !observations.isEmpty { o["observations"] = .array(observations.map(vector)) }
        return .object(o)
    }
}
