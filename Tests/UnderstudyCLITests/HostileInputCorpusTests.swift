import Foundation
import UnderstudyDeterminism
import XCTest

/// The bad-input corpus of issue 18: inputs a hostile user would try — deep TOML, geometry
/// that overflows, unbounded budgets, tampered shards, outputs onto inputs, symlinks, control
/// characters — each run through the binary and held to the same three promises: exit status
/// 2, one `error:` line (an optional `hint:` after it) that names the key, flag or file, and
/// not a byte written, changed or deleted in the working directory.
final class HostileInputCorpusTests: XCTestCase {
    /// One input: files written into a fresh directory (and fixture runs copied there), an
    /// optional edit, the arguments, and a fragment the message must contain.
    struct Case {
        var name: String
        var files: [String: [UInt8]] = [:]
        var fixtures: [String] = []
        var edit: ((URL) throws -> Void)? = nil
        var args: [String]
        var fragment: String
    }

    static let tiny = """
    name  = "tiny"
    title = "Tiny driving loop"
    seed  = 11
    seeds = 1

    [env]
    id = "driving-loop"
    laps = 0.5

    [demonstrations]
    laps = 0.5

    [labels]
    bias = [0.01]
    spread = [0.01]

    [[method]]
    name = "BC"
    algorithm = "bc"

    """

    /// Finished runs the run-directory cases copy: a run `A`, shards `S1`, `S2` of it, and
    /// shard 1 of the same spec with another master seed, `T1`.
    nonisolated(unsafe) static var fixtures: URL?

    override class func setUp() {
        super.setUp()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("understudy-hostile-fixtures-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try? tiny.write(to: root.appendingPathComponent("tiny.toml"), atomically: true, encoding: .utf8)
        for args in [["run", "tiny.toml", "--out", "A", "--jobs", "1"],
                     ["run", "tiny.toml", "--shard", "1/2", "--out", "S1", "--jobs", "1"],
                     ["run", "tiny.toml", "--shard", "2/2", "--out", "S2", "--jobs", "1"],
                     ["run", "tiny.toml", "--seed", "12", "--shard", "1/2", "--out", "T1", "--jobs", "1"]] {
            _ = try? CLI.run(args, directory: root)
        }
        fixtures = root
    }

    override class func tearDown() {
        if let fixtures { try? FileManager.default.removeItem(at: fixtures) }
        super.tearDown()
    }

    // MARK: - The corpus

    static func text(_ s: String) -> [UInt8] { Array(s.utf8) }

    /// `check` of the tiny spec with `old` replaced by `new`.
    static func spec(_ name: String, _ old: String, _ new: String, _ fragment: String, args: [String] = ["check", "s.toml"]) -> Case {
        let body = tiny.replacingOccurrences(of: old, with: new)
        precondition(body != tiny, "case \(name) does not change the spec")
        return Case(name: name, files: ["s.toml": text(body)], args: args, fragment: fragment)
    }

    /// The tiny spec with `lines` added under `[header]` (created at the end when absent).
    static func with(_ name: String, _ header: String, _ lines: String, _ fragment: String, args: [String] = ["check", "s.toml"]) -> Case {
        let body = tiny.contains("[\(header)]\n")
            ? tiny.replacingOccurrences(of: "[\(header)]\n", with: "[\(header)]\n\(lines)\n")
            : tiny + "\n[\(header)]\n\(lines)\n"
        return Case(name: name, files: ["s.toml": text(body)], args: args, fragment: fragment)
    }

    static func toml(_ name: String, _ body: String, _ fragment: String) -> Case {
        Case(name: name, files: ["s.toml": text(body)], args: ["check", "s.toml"], fragment: fragment)
    }

    /// A PNG signature and header declaring `width`×`height`, then junk.
    static func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8) + be(width) + be(height)
            + [8, 6, 0, 0, 0, 0, 0, 0, 0] + [UInt8](repeating: 0x55, count: 64)
    }

    /// Rewrites `key`'s value in `dir/shard.json`.
    static func shardJSON(_ dir: URL, _ shard: String, _ transform: (String) -> String) throws {
        let url = dir.appendingPathComponent("\(shard)/shard.json")
        try transform(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
    }

    static var cases: [Case] {
        var c: [Case] = []
        // TOML nesting and key depth: a stack overflow before the limits.
        c.append(toml("deep arrays", "x = " + String(repeating: "[", count: 10_000), "nested more than 32 deep"))
        c.append(toml("33 arrays", "x = " + String(repeating: "[", count: 33) + String(repeating: "]", count: 33), "nested more than 32 deep"))
        c.append(toml("deep inline tables", "x = " + String(repeating: "{a=", count: 50_000), "nested more than 32 deep"))
        c.append(toml("mixed nesting", "x = " + String(repeating: "[{a=", count: 1_000), "nested more than 32 deep"))
        c.append(toml("long dotted header", "[" + Array(repeating: "a", count: 20_000).joined(separator: ".") + "]", "more than 32 parts"))
        c.append(toml("long dotted key", Array(repeating: "a", count: 20_000).joined(separator: ".") + " = 1", "more than 32 parts"))
        c.append(toml("long array-of-tables header", "[[" + Array(repeating: "b", count: 100).joined(separator: ".") + "]]", "more than 32 parts"))
        c.append(toml("dotted keys in deep tables", "x = " + String(repeating: "{" + Array(repeating: "k", count: 30).joined(separator: ".") + "=", count: 40), "nested more than 32 deep"))
        // Geometry that overflows or traps before validation.
        c.append(with("dt denormal", "env", "dt = 1e-320", "env.laps"))
        c.append(with("speed tiny", "env", "speed = 1e-300", "steps per episode"))
        c.append(with("straight huge", "env", "straight_length = 1e308", "env.straight_length"))
        c.append(with("radius huge", "env", "radius = 1e300", "env.radius"))
        c.append(with("speed huge", "env", "speed = 1e300", "env.speed"))
        c.append(with("straight inf", "env", "straight_length = inf", "env.straight_length"))
        c.append(with("radius nan", "env", "radius = nan", "env.radius"))
        c.append(with("dt negative", "env", "dt = -0.1", "env.dt"))
        c.append(with("long straight many laps", "env", "straight_length = 1000000", "env.laps"))
        c.append(spec("100 laps of a long track", "laps = 0.5\n\n[demonstrations]", "laps = 100\nstraight_length = 5000\n\n[demonstrations]", "steps per episode"))
        c.append(spec("demonstration laps too long", "[demonstrations]\nlaps = 0.5", "[demonstrations]\nlaps = 100", "demonstrations.laps")
            .replacing("[env]\n", "[env]\nstraight_length = 100000\n"))
        c.append(with("start offset noise huge", "env", "start_offset_noise = 1e300", "env.start_offset_noise"))
        c.append(with("start offset noise past the radius", "env", "start_offset_noise = 11", "env.start_offset_noise"))
        c.append(with("start offset noise negative", "env", "start_offset_noise = -1", "env.start_offset_noise"))
        c.append(with("start heading noise huge", "env", "start_heading_noise = 1e300", "env.start_heading_noise"))
        c.append(with("start heading noise inf", "env", "start_heading_noise = inf", "env.start_heading_noise"))
        c.append(with("half width huge", "env", "half_width = 1e300", "env.half_width"))
        c.append(with("max steering huge", "env", "max_steering = 1e300", "env.max_steering"))
        // The steering actuator and the changed cars of reward transfer.
        c.append(with("steering offset nan", "env", "steering_offset = nan", "env.steering_offset"))
        c.append(with("steering gain inf", "env", "steering_gain = inf", "env.steering_gain"))
        c.append(Case(name: "transfer speed huge", files: ["s.toml": text(tiny + "\n[[transfer]]\nname = \"fast\"\nspeed = 1e300\n")],
                      args: ["run", "s.toml", "--out", "R", "--jobs", "1"], fragment: "transfer[0].speed"))
        c.append(Case(name: "transfer offset past the clamp", files: ["s.toml": text(tiny + "\n[[transfer]]\nname = \"o\"\nsteering_offset = 1\n")],
                      args: ["run", "s.toml", "--out", "R", "--jobs", "1"], fragment: "transfer[0].steering_offset"))
        c.append(Case(name: "reoptimise a method that is not GAIL", files: ["s.toml": text(tiny + "\n[[transfer]]\nname = \"o\"\nsteering_gain = 0.8\n\n[reoptimise]\nreward = \"BC\"\n")],
                      args: ["run", "s.toml", "--out", "R", "--jobs", "1"], fragment: "reoptimise.reward"))
        c.append(with("observation noise huge", "env", "observation_noise = 1e300", "env.observation_noise"))
        c.append(spec("demonstration steps huge", "[demonstrations]\nlaps = 0.5", "[demonstrations]\nsteps = 100000000000", "demonstrations.steps"))
        c.append(spec("demonstration steps zero", "[demonstrations]\nlaps = 0.5", "[demonstrations]\nsteps = 0", "demonstrations.steps"))
        c.append(spec("demonstration episodes huge", "[demonstrations]\n", "[demonstrations]\nepisodes = 100000000\n", "demonstrations.episodes"))
        // The expert's sensor, unbounded.
        c.append(spec("bias huge", "bias = [0.01]", "bias = [1e300]", "labels.bias"))
        c.append(spec("bias huge negative", "bias = [0.01]", "bias = -1e300", "labels.bias"))
        c.append(spec("bias 101", "bias = [0.01]", "bias = 101", "labels.bias"))
        c.append(spec("bias inf", "bias = [0.01]", "bias = [inf]", "labels.bias"))
        c.append(spec("spread huge", "spread = [0.01]", "spread = [1e300]", "labels.spread"))
        c.append(spec("spread negative", "spread = [0.01]", "spread = -1", "labels.spread"))
        c.append(spec("spread nan", "spread = [0.01]", "spread = nan", "labels.spread"))
        // Sweeps.
        c.append(with("sweep through a string", "sweep", "\"env.id.x\" = [\"a\", \"b\"]", "sweep.env.id.x"))
        c.append(with("sweep through an array", "sweep", "\"labels.bias.x\" = [1, 2]", "sweep.labels.bias.x"))
        c.append(with("sweep through a number", "sweep", "\"seeds.x\" = [1, 2]", "sweep.seeds.x"))
        c.append(with("sweep empty part", "sweep", "\"labels..bias\" = [0, 1]", "sweep.labels..bias"))
        c.append(with("sweep leading dot", "sweep", "\".labels.bias\" = [0, 1]", "sweep..labels.bias"))
        c.append(with("sweep trailing dot", "sweep", "\"labels.bias.\" = [0, 1]", "sweep.labels.bias."))
        c.append(with("sweep 0 and 0.0", "sweep", "\"labels.bias\" = [0, 0.0]", "appears twice"))
        c.append(with("sweep 1.0 and 1", "sweep", "\"labels.bias\" = [1.0, 2, 1]", "appears twice"))
        c.append(with("sweep repeated string", "sweep", "\"env.observation\" = [\"pose\", \"pose\"]", "appears twice"))
        c.append(with("sweep of the name", "sweep", "name = [\"a\", \"b\"]", "cannot sweep 'name'"))
        c.append(with("sweep of seeds", "sweep", "seeds = [1, 2]", "cannot sweep 'seeds'"))
        c.append(with("sweep empty axis", "sweep", "\"labels.bias\" = []", "sweep.labels.bias"))
        c.append(with("sweep not an array", "sweep", "\"labels.bias\" = 1", "sweep.labels.bias"))
        c.append(with("sweep of 101 values", "sweep", "\"labels.bias\" = [\((0...100).map(String.init).joined(separator: ", "))]", "sweep.labels.bias"))
        let hundred = "[\((0..<100).map { "\($0).5" }.joined(separator: ", "))]"
        c.append(with("sweep grid 3 × 100", "sweep", "\"labels.bias\" = \(hundred)\n\"labels.spread\" = \(hundred)\n\"env.start_offset_noise\" = \(hundred)", "sweep cells"))
        c.append(with("sweep grid 40 × 40", "sweep", "\"labels.bias\" = \(hundred)\n\"labels.spread\" = \(hundred)", "sweep cells"))
        c.append(with("sweep value out of range", "sweep", "\"labels.bias\" = [0, 1e300]", "labels.bias"))
        // Budgets over the resource limits.
        c.append(spec("units over the limit", "seeds = 1", "seeds = 1000", "work units",
                      args: ["check", "s.toml"]).adding("\n[sweep]\n\"labels.bias\" = [\((0..<100).map { "\($0).5" }.joined(separator: ", "))]\n"))
        c.append(spec("steps per unit over the limit", "algorithm = \"bc\"", "algorithm = \"dagger\"\niterations = 1000\nepisodes_per_iteration = 1000", "steps per unit")
            .replacing("[demonstrations]\nlaps = 0.5", "[demonstrations]\nlaps = 50"))
        c.append(spec("GAIL candidates over the limit", "algorithm = \"bc\"", "algorithm = \"gail\"\niterations = 1000\n[method.gail]\npopulation = 10000\ngenerations_per_update = 10000", "steps per unit"))
        c.append(spec("run over the limit", "algorithm = \"bc\"", "algorithm = \"dagger\"\niterations = 1000\nepisodes_per_iteration = 1000", "steps per unit", args: ["run", "s.toml", "--out", "out"])
            .replacing("[demonstrations]\nlaps = 0.5", "[demonstrations]\nlaps = 50"))
        c.append(spec("wide deep network", "[labels]", "[policy]\nmodel = \"mlp\"\nhidden = [4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096]\n\n[labels]", "training work"))
        c.append(spec("a hundred thousand epochs", "[labels]", "[policy]\nmodel = \"mlp\"\nepochs = 100000\n\n[labels]", "training work")
            .replacing("algorithm = \"bc\"", "algorithm = \"dagger\"\niterations = 1000"))
        c.append(spec("GAIL discriminator steps", "algorithm = \"bc\"", "algorithm = \"gail\"\niterations = 1000\n[method.gail]\ndiscriminator_steps = 100000\ndiscriminator_batch = 100000", "training work"))
        c.append(spec("total steps over the limit", "seeds = 1", "seeds = 1000", "total_steps")
            .replacing("algorithm = \"bc\"", "algorithm = \"dagger\"\niterations = 1000\nepisodes_per_iteration = 100\naggregate = false"))
        // Names that would reach a terminal raw.
        c.append(spec("escape in a method name", "name = \"BC\"", "name = \"B\\u001b]0;pwned\\u0007C\"", "method[0].name"))
        c.append(spec("newline in a method name", "name = \"BC\"", "name = \"B\\nerror: forged\"", "method[0].name"))
        c.append(spec("bell in the title", "title = \"Tiny driving loop\"", "title = \"Tiny\\u0007\"", "title"))
        c.append(spec("C1 control in a method name", "name = \"BC\"", "name = \"B\\u009bC\"", "method[0].name"))
        // Flags.
        c.append(Case(name: "random count huge", args: ["random", "--seed", "1", "--stream", "a", "--count", "1000000000000"], fragment: "--count"))
        c.append(Case(name: "random count negative", args: ["random", "--seed", "1", "--stream", "a", "--count", "-1"], fragment: "--count must be ≥ 0"))
        c.append(Case(name: "demos episodes huge", args: ["demos", "record", "--env", "CartPole-v1", "--episodes", "100000000", "--seed", "1", "--out", "d.json"], fragment: "--episodes"))
        c.append(Case(name: "demos episodes negative", args: ["demos", "record", "--env", "CartPole-v1", "--episodes", "-5", "--seed", "1", "--out", "d.json"], fragment: "--episodes must be ≥ 1"))
        c.append(Case(name: "demos out empty", args: ["demos", "record", "--env", "CartPole-v1", "--episodes", "1", "--seed", "1", "--out", ""], fragment: "--out"))
        c.append(Case(name: "run jobs negative", files: ["s.toml": text(tiny)], args: ["run", "s.toml", "--jobs", "-3"], fragment: "--jobs must be ≥ 1 (got -3)"))
        c.append(Case(name: "run jobs zero", files: ["s.toml": text(tiny)], args: ["run", "s.toml", "--jobs", "0"], fragment: "--jobs must be ≥ 1"))
        c.append(Case(name: "reproduce jobs negative", args: ["reproduce", "--jobs", "-1"], fragment: "--jobs must be ≥ 1"))
        c.append(Case(name: "verify jobs negative", args: ["verify", "x", "--jobs", "-2"], fragment: "--jobs must be ≥ 1"))
        c.append(Case(name: "run seeds zero", files: ["s.toml": text(tiny)], args: ["run", "s.toml", "--seeds", "0"], fragment: "--seeds"))
        c.append(Case(name: "run seeds negative", files: ["s.toml": text(tiny)], args: ["run", "s.toml", "--seeds", "-4"], fragment: "--seeds"))
        c.append(Case(name: "run out empty", files: ["s.toml": text(tiny)], args: ["run", "s.toml", "--out", ""], fragment: "an empty path"))
        c.append(Case(name: "run out long name", files: ["s.toml": text(tiny)], args: ["run", "s.toml", "--out", "d/" + String(repeating: "x", count: 300) + "/y"], fragment: "over the limit"))
        c.append(Case(name: "run out long path", files: ["s.toml": text(tiny)], args: ["run", "s.toml", "--out", Array(repeating: String(repeating: "y", count: 100), count: 50).joined(separator: "/")], fragment: "over the limit"))
        c.append(Case(name: "run out onto a file", files: ["s.toml": text(tiny), "f": text("mine")], args: ["run", "s.toml", "--out", "f"], fragment: "f is a file"))
        c.append(Case(name: "run shard 0/1", files: ["s.toml": text(tiny)], args: ["run", "s.toml", "--shard", "0/1"], fragment: "--shard"))
        c.append(Case(name: "run shard 3/2", files: ["s.toml": text(tiny)], args: ["run", "s.toml", "--shard", "3/2"], fragment: "--shard"))
        c.append(Case(name: "run shard 1/100000", files: ["s.toml": text(tiny)], args: ["run", "s.toml", "--shard", "1/100000"], fragment: "--shard"))
        c.append(Case(name: "slurm time abc", files: ["s.toml": text(tiny)], args: ["submit", "s.toml", "--slurm", "--time", "abc"], fragment: "--time 'abc'"))
        c.append(Case(name: "slurm time four fields", files: ["s.toml": text(tiny)], args: ["submit", "s.toml", "--slurm", "--time", "1:2:3:4"], fragment: "--time"))
        c.append(Case(name: "slurm time empty", files: ["s.toml": text(tiny)], args: ["submit", "s.toml", "--slurm", "--time", ""], fragment: "--time"))
        c.append(Case(name: "slurm time injection", files: ["s.toml": text(tiny)], args: ["submit", "s.toml", "--slurm", "--time", "1\n#SBATCH --x"], fragment: "--time"))
        c.append(Case(name: "slurm partition with spaces", files: ["s.toml": text(tiny)], args: ["submit", "s.toml", "--slurm", "--partition", "a b"], fragment: "--partition"))
        c.append(Case(name: "cpus negative", files: ["s.toml": text(tiny)], args: ["submit", "s.toml", "--slurm", "--cpus", "-1"], fragment: "--cpus must be in 1…1024 (got -1)"))
        c.append(Case(name: "diff-image threshold negative", args: ["diff-image", "a.png", "b.png", "--threshold", "-1"], fragment: "--threshold"))
        // Demonstrations.
        let demosHead = "{\"format\": \"understudy-demos/1\", \"env\": \"CartPole-v1\", \"state_names\": [\"x\", \"x_dot\", \"theta\", \"theta_dot\"], "
        c.append(Case(name: "demos without episodes", files: ["d.json": text(demosHead + "\"episodes\": []}")], args: ["demos", "verify", "d.json"], fragment: "episodes is empty"))
        c.append(Case(name: "demos with a 0-step episode", files: ["d.json": text(demosHead + "\"episodes\": [{\"initial_state\": [0, 0, 0, 0], \"actions\": [], \"states\": [], \"rewards\": [], \"terminated\": []}]}")],
                      args: ["demos", "verify", "d.json"], fragment: "d.json"))
        c.append(Case(name: "demos .npy", files: ["a.npy": [0x93] + text("NUMPY\u{1}\u{0}v\u{0}{'descr': '<f8'}")], args: ["demos", "verify", "a.npy"], fragment: "expected an understudy-demos/1 JSON file"))
        c.append(Case(name: "demos npy bytes under another name", files: ["a.bin": [0x93] + text("NUMPY\u{1}\u{0}")], args: ["demos", "verify", "a.bin"], fragment: "a .npy array"))
        c.append(Case(name: "demos truncated", files: ["d.json": text(demosHead + "\"episodes\": [{\"initial_state\": [0.1,")], args: ["demos", "verify", "d.json"], fragment: "d.json:1:"))
        c.append(Case(name: "demos deep JSON", files: ["d.json": text(String(repeating: "[", count: 100_000))], args: ["demos", "verify", "d.json"], fragment: "d.json"))
        c.append(Case(name: "demos not JSON", files: ["d.json": [0xFF, 0xFE, 0x00]], args: ["demos", "verify", "d.json"], fragment: "d.json"))
        c.append(Case(name: "demos missing", args: ["demos", "verify", "missing.json"], fragment: "missing.json"))
        // Images.
        c.append(Case(name: "PNG declaring 20000×20000", files: ["a.png": pngHeader(width: 20_000, height: 20_000), "b.png": pngHeader(width: 20_000, height: 20_000)],
                      args: ["diff-image", "a.png", "b.png"], fragment: "over the limit of 100000000 pixels"))
        c.append(Case(name: "PNG declaring 2^31 wide", files: ["a.png": pngHeader(width: 0x7FFF_FFFF, height: 0x7FFF_FFFF), "b.png": pngHeader(width: 1, height: 1)],
                      args: ["diff-image", "a.png", "b.png"], fragment: "a.png"))
        c.append(Case(name: "PNG not a PNG", files: ["a.png": text("no"), "b.png": text("no")], args: ["diff-image", "a.png", "b.png"], fragment: "a.png"))
        c.append(Case(name: "diff-image out onto an input", files: ["a.png": pngHeader(width: 1, height: 1), "b.png": pngHeader(width: 1, height: 1)],
                      args: ["diff-image", "a.png", "b.png", "--out", "a.png"], fragment: "--out a.png is an input"))
        // Run directories: outputs onto inputs, symlinks, a user's own figures.
        c.append(Case(name: "compare out onto A", fixtures: ["A"], edit: { try FileManager.default.copyItem(at: $0.appendingPathComponent("A"), to: $0.appendingPathComponent("B")) },
                      args: ["compare", "A", "B", "--out", "A"], fragment: "--out A is an input"))
        c.append(Case(name: "compare out onto B", fixtures: ["A"], edit: { try FileManager.default.copyItem(at: $0.appendingPathComponent("A"), to: $0.appendingPathComponent("B")) },
                      args: ["compare", "A", "B", "--out", "./B/"], fragment: "is an input"))
        c.append(Case(name: "compare out inside A", fixtures: ["A"], edit: { try FileManager.default.copyItem(at: $0.appendingPathComponent("A"), to: $0.appendingPathComponent("B")) },
                      args: ["compare", "A", "B", "--out", "A/figures/cmp"], fragment: "inside the input A"))
        c.append(Case(name: "compare out a long path", fixtures: ["A"], edit: { try FileManager.default.copyItem(at: $0.appendingPathComponent("A"), to: $0.appendingPathComponent("B")) },
                      args: ["compare", "A", "B", "--out", "c/" + String(repeating: "z", count: 300)], fragment: "over the limit"))
        c.append(Case(name: "demos record out a long path", args: ["demos", "record", "--env", "CartPole-v1", "--episodes", "1", "--seed", "1", "--out", "d/" + String(repeating: "z", count: 300) + "/npy"],
                      fragment: "over the limit"))
        c.append(Case(name: "compare with a huge figure", fixtures: ["A"], edit: { dir in
            try FileManager.default.copyItem(at: dir.appendingPathComponent("A"), to: dir.appendingPathComponent("B"))
            try Data(pngHeader(width: 20_000, height: 20_000)).write(to: dir.appendingPathComponent("B/figures/huge.png"))
        }, args: ["compare", "A", "B", "--out", "C"], fragment: "over the limit"))
        let linkFigures: (URL) throws -> Void = { dir in
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("target"), withIntermediateDirectories: true)
            try Data("keep".utf8).write(to: dir.appendingPathComponent("target/keep.png"))
            try FileManager.default.removeItem(at: dir.appendingPathComponent("A/figures"))
            try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("A/figures").path, withDestinationPath: "../target")
        }
        c.append(Case(name: "report through a symlinked figures/", fixtures: ["A"], edit: linkFigures, args: ["report", "A"], fragment: "A/figures is a symbolic link"))
        c.append(Case(name: "run through a symlinked figures/", fixtures: ["A"], edit: { dir in
            try linkFigures(dir)
            try FileManager.default.copyItem(at: dir.appendingPathComponent("A/spec.toml"), to: dir.appendingPathComponent("s.toml"))
        }, args: ["run", "s.toml", "--out", "A"], fragment: "A/figures is a symbolic link"))
        c.append(Case(name: "report over a user's figure", fixtures: ["A"], edit: { dir in
            try Data("mine".utf8).write(to: dir.appendingPathComponent("A/figures/mine.png"))
        }, args: ["report", "A"], fragment: "A/figures/mine.png is not listed"))
        c.append(Case(name: "run over a user's figure", fixtures: ["A"], edit: { dir in
            try Data("mine".utf8).write(to: dir.appendingPathComponent("A/figures/mine.svg"))
            try FileManager.default.copyItem(at: dir.appendingPathComponent("A/spec.toml"), to: dir.appendingPathComponent("s.toml"))
        }, args: ["run", "s.toml", "--out", "A"], fragment: "A/figures/mine.svg is not listed"))
        c.append(Case(name: "report of a run with trapping geometry", fixtures: ["A"], edit: { dir in
            let url = dir.appendingPathComponent("A/spec.toml")
            try (try String(contentsOf: url, encoding: .utf8)).replacingOccurrences(of: "laps = 0.5\n", with: "laps = 1\ndt = 1e-320\n", options: [], range: nil)
                .write(to: url, atomically: true, encoding: .utf8)
        }, args: ["report", "A"], fragment: "steps"))
        c.append(Case(name: "verify of a run with trapping geometry", fixtures: ["A"], edit: { dir in
            // The manifest is made to list the edited spec, so that verify gets as far as reading it
            // (an edited spec.toml the manifest does not list is a difference, exit 1).
            let url = dir.appendingPathComponent("A/spec.toml")
            let old = try Data(contentsOf: url)
            try (try String(contentsOf: url, encoding: .utf8)).replacingOccurrences(of: "laps = 0.5\n", with: "laps = 1\nradius = 1e300\n", options: [], range: nil)
                .write(to: url, atomically: true, encoding: .utf8)
            let manifest = dir.appendingPathComponent("A/MANIFEST.sha256")
            try (try String(contentsOf: manifest, encoding: .utf8))
                .replacingOccurrences(of: Digest.sha256Hex(Array(old)), with: Digest.sha256Hex(Array(try Data(contentsOf: url))))
                .write(to: manifest, atomically: true, encoding: .utf8)
        }, args: ["verify", "A"], fragment: "radius"))
        // Shards: counts, tampering, outputs.
        for (value, name) in [("0", "zero"), ("-1", "negative"), ("100000000", "huge"), ("10001", "over 10000")] {
            c.append(Case(name: "shard count \(name)", fixtures: ["S1", "S2"], edit: { try shardJSON($0, "S1") { $0.replacingOccurrences(of: "\"count\": 2", with: "\"count\": \(value)") } },
                          args: ["merge", "S1", "S2", "--out", "M"], fragment: "S1/shard.json: count"))
        }
        for (value, name) in [("0", "zero"), ("3", "past the count"), ("-7", "negative")] {
            c.append(Case(name: "shard index \(name)", fixtures: ["S1", "S2"], edit: { try shardJSON($0, "S1") { $0.replacingOccurrences(of: "\"index\": 1", with: "\"index\": \(value)") } },
                          args: ["merge", "S1", "S2", "--out", "M"], fragment: "S1/shard.json: index"))
        }
        c.append(Case(name: "shard format 1", fixtures: ["S1", "S2"], edit: { try shardJSON($0, "S1") { $0.replacingOccurrences(of: "shard/2", with: "shard/1") } },
                      args: ["merge", "S1", "S2", "--out", "M"], fragment: "S1/shard.json: format"))
        c.append(Case(name: "shard without digests", fixtures: ["S1", "S2"], edit: { try shardJSON($0, "S1") { $0.replacingOccurrences(of: "unit_sha256", with: "other") } },
                      args: ["merge", "S1", "S2", "--out", "M"], fragment: "unit_sha256"))
        c.append(Case(name: "shard with a wrong digest", fixtures: ["S1", "S2"], edit: { try shardJSON($0, "S1") { s in
            guard let r = s.range(of: "\"unit_sha256\": [\n    \"") else { return s }
            return s.replacingCharacters(in: r.upperBound..<s.index(r.upperBound, offsetBy: 1), with: s[r.upperBound] == "0" ? "1" : "0")
        } }, args: ["merge", "S1", "S2", "--out", "M"], fragment: "does not match the digest"))
        c.append(Case(name: "shard.json truncated", fixtures: ["S1", "S2"], edit: { try shardJSON($0, "S1") { String($0.prefix(30)) } },
                      args: ["merge", "S1", "S2", "--out", "M"], fragment: "S1/shard.json"))
        c.append(Case(name: "shard.json deep", fixtures: ["S1", "S2"], edit: { try shardJSON($0, "S1") { _ in String(repeating: "[", count: 100_000) } },
                      args: ["merge", "S1", "S2", "--out", "M"], fragment: "S1/shard.json"))
        c.append(Case(name: "hand-edited unit", fixtures: ["S1", "S2"], edit: { dir in
            let units = dir.appendingPathComponent("S1/units")
            for name in try FileManager.default.contentsOfDirectory(atPath: units.path) {
                let url = units.appendingPathComponent(name)
                let text = try String(contentsOf: url, encoding: .utf8)
                try text.replacingOccurrences(of: "\"laps_completed\":", with: "\"laps_completed\" :").write(to: url, atomically: true, encoding: .utf8)
            }
        }, args: ["merge", "S1", "S2", "--out", "M"], fragment: "does not match the digest"))
        c.append(Case(name: "unit from another master seed", fixtures: ["S1", "S2", "T1"], edit: { dir in
            let units = dir.appendingPathComponent("S1/units")
            for name in try FileManager.default.contentsOfDirectory(atPath: units.path) {
                try FileManager.default.removeItem(at: units.appendingPathComponent(name))
                try FileManager.default.copyItem(at: dir.appendingPathComponent("T1/units/\(name)"), to: units.appendingPathComponent(name))
            }
        }, args: ["merge", "S1", "S2", "--out", "M"], fragment: "does not match the digest"))
        c.append(Case(name: "merge out onto a shard", fixtures: ["S1", "S2"], args: ["merge", "S1", "S2", "--out", "S1"], fragment: "--out S1 is an input"))
        c.append(Case(name: "merge out inside a shard", fixtures: ["S1", "S2"], args: ["merge", "S1", "S2", "--out", "S2/units/x"], fragment: "inside the input S2"))
        c.append(Case(name: "merge of another seed's shard", fixtures: ["S2", "T1"], args: ["merge", "T1", "S2", "--out", "M"], fragment: "different spec"))
        c.append(Case(name: "merge a shard twice", fixtures: ["S1"], args: ["merge", "S1", "S1", "--out", "M"], fragment: "given twice"))
        // Messages: paths with control characters, a megabyte of key.
        c.append(Case(name: "control characters in a file name", args: ["check", "a\nerror: forged\u{1B}]0;t\u{07}.toml"], fragment: "a\\u{A}error: forged\\u{1B}]0;t\\u{7}.toml"))
        c.append(Case(name: "a megabyte of unknown key", files: ["s.toml": text(tiny + "\n" + String(repeating: "k", count: 1_000_000) + " = 1\n")], args: ["check", "s.toml"], fragment: "s.toml"))
        c.append(Case(name: "a long file name", args: ["check", String(repeating: "n", count: 200) + ".toml"], fragment: ".toml"))
        return c
    }

    // MARK: - The promises

    func test_everyBadInput_exits2_withOneLine_andWritesNothing() throws {
        let cases = Self.cases + Self.secondPassCases
        XCTAssertGreaterThanOrEqual(cases.count, 100)
        guard let fixtures = Self.fixtures else { return XCTFail("fixture runs were not made") }
        for bad in cases {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("understudy-hostile-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            for (name, bytes) in bad.files { try Data(bytes).write(to: dir.appendingPathComponent(name)) }
            for name in bad.fixtures { try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: dir.appendingPathComponent(name)) }
            try bad.edit?(dir)
            let before = try Self.snapshot(dir)
            let out = try CLI.run(bad.args, directory: dir)
            XCTAssertEqual(out.status, 2, "\(bad.name): \(out.stderr.prefix(300))")
            let lines = out.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
            XCTAssertTrue(lines.first?.hasPrefix("error: ") ?? false, "\(bad.name): \(out.stderr.prefix(300))")
            XCTAssertTrue(lines.dropFirst().allSatisfy { $0.hasPrefix("hint: ") } && lines.count <= 2, "\(bad.name): \(out.stderr.prefix(600))")
            XCTAssertTrue(out.stderr.contains(bad.fragment), "\(bad.name): expected '\(bad.fragment)' in \(out.stderr.prefix(600))")
            XCTAssertLessThan(out.stderr.utf8.count, 2_000, "\(bad.name): the message echoes too much")
            XCTAssertEqual(try Self.snapshot(dir), before, "\(bad.name): files were written, changed or deleted")
        }
    }

    /// A CRLF copy of an intact run's manifest still verifies.
    func test_aCRLFManifestOfAnIntactRun_verifies() throws {
        guard let fixtures = Self.fixtures else { return XCTFail("fixture runs were not made") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("understudy-crlf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("A"), to: dir)
        let manifest = dir.appendingPathComponent("MANIFEST.sha256")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: "\n", with: "\r\n").write(to: manifest, atomically: true, encoding: .utf8)
        let out = try CLI.run(["verify", dir.path, "--manifest-only"])
        XCTAssertEqual(out.status, 0, out.stderr)
    }

    /// The merged shards are still the unsharded run (the digests change nothing else).
    func test_intactShards_stillMerge() throws {
        guard let fixtures = Self.fixtures else { return XCTFail("fixture runs were not made") }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("understudy-merged-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let merged = try CLI.run(["merge", "S1", "S2", "--out", out.path], directory: fixtures)
        XCTAssertEqual(merged.status, 0, merged.stderr)
        XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("MANIFEST.sha256")),
                       try Data(contentsOf: fixtures.appendingPathComponent("A/MANIFEST.sha256")))
    }

    /// Every path under `dir` (symlinks not followed) with its bytes or link target.
    static func snapshot(_ dir: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        func walk(_ relative: String) throws {
            let path = relative.isEmpty ? dir.path : dir.path + "/" + relative
            for name in try FileManager.default.contentsOfDirectory(atPath: path) {
                let child = relative.isEmpty ? name : relative + "/" + name
                let full = dir.path + "/" + child
                if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: full) {
                    files[child] = Data(("-> " + target).utf8)
                    continue
                }
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
                let type = (try? FileManager.default.attributesOfItem(atPath: full)[.type]) as? FileAttributeType
                if isDirectory.boolValue {
                    files[child + "/"] = Data(); try walk(child)
                } else if type == .typeRegular {
                    files[child] = try Data(contentsOf: URL(fileURLWithPath: full))
                } else {
                    files[child] = Data("special file".utf8)  // a FIFO: reading it would block
                }
            }
        }
        try walk("")
        return files
    }
}

extension HostileInputCorpusTests.Case {
    /// The same case with `old` replaced by `new` in its spec.
    func replacing(_ old: String, _ new: String) -> Self {
        var c = self
        let text = String(decoding: c.files["s.toml"] ?? [], as: UTF8.self)
        precondition(text.contains(old), "\(name): no '\(old)' to replace")
        c.files["s.toml"] = Array(text.replacingOccurrences(of: old, with: new).utf8)
        return c
    }

    /// The same case with `text` appended to its spec.
    func adding(_ text: String) -> Self {
        var c = self
        c.files["s.toml"] = (c.files["s.toml"] ?? []) + Array(text.utf8)
        return c
    }
}
