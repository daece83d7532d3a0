import Foundation

/// The second adversarial pass over the release binary (issue 18): inputs the first corpus did
/// not try — directories, FIFOs and devices where files are expected, outputs that are
/// symbolic links for every command that writes, budgets that only memory shows, flags at
/// the integer limits. Each case is held to the corpus's promises (exit 2, one `error:` line,
/// nothing written) by `test_everyBadInput_exits2_withOneLine_andWritesNothing`.
extension HostileInputCorpusTests {
    static var secondPassCases: [Case] {
        var c: [Case] = []
        let fifo: (String) -> (URL) throws -> Void = { name in { dir in
            guard mkfifo(dir.appendingPathComponent(name).path, 0o644) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } }
        let directory: (String) -> (URL) throws -> Void = { name in { dir in
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(name), withIntermediateDirectories: true)
        } }
        let link: (String, String) -> (URL) throws -> Void = { name, target in { dir in
            try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent(name).path, withDestinationPath: target)
        } }
        let outside: (URL) throws -> Void = { dir in
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("outside"), withIntermediateDirectories: true)
            try Data("keep".utf8).write(to: dir.appendingPathComponent("outside/keep"))
        }
        // Images that are no regular files: a directory trapped in Foundation's FileHandle, a
        // FIFO blocked the open for ever, /dev/zero was read until allocation failed.
        c.append(Case(name: "diff-image of directories", edit: { try directory("a.png")($0); try directory("b.png")($0) },
                      args: ["diff-image", "a.png", "b.png"], fragment: "a.png: cannot read (is a directory)"))
        c.append(Case(name: "diff-image of a FIFO", edit: fifo("p.png"), args: ["diff-image", "p.png", "p.png"], fragment: "p.png: cannot read (not a regular file)"))
        c.append(Case(name: "diff-image of /dev/zero", args: ["diff-image", "/dev/zero", "/dev/zero"], fragment: "/dev/zero: cannot read (not a regular file)"))
        // Folders that are files; arguments that hold no run directory.
        c.append(Case(name: "reproduce into a file", files: ["s.toml": text(tiny), "f": text("mine")], args: ["reproduce", "s.toml", "--reports", "f"],
                      fragment: "--reports f is a file (expected a directory)"))
        c.append(Case(name: "verify of a file alone", files: ["f": text("mine")], args: ["verify", "f"], fragment: "f: no such run directory"))
        // Outputs that are symbolic links, for every command that writes.
        c.append(Case(name: "run --out a link", files: ["s.toml": text(tiny)], edit: { try outside($0); try link("L", "outside")($0) },
                      args: ["run", "s.toml", "--out", "L", "--jobs", "1"], fragment: "--out L is a symbolic link"))
        c.append(Case(name: "run --out a dangling link", files: ["s.toml": text(tiny)], edit: link("L", "nowhere"),
                      args: ["run", "s.toml", "--out", "L"], fragment: "--out L is a symbolic link"))
        c.append(Case(name: "demos record --out a link to a file", files: ["victim.json": text("keep")], edit: link("L.json", "victim.json"),
                      args: ["demos", "record", "--env", "CartPole-v1", "--episodes", "1", "--seed", "1", "--out", "L.json"], fragment: "--out L.json is a symbolic link"))
        c.append(Case(name: "demos record --out a dangling link", edit: link("L.json", "nowhere.json"),
                      args: ["demos", "record", "--env", "CartPole-v1", "--episodes", "1", "--seed", "1", "--out", "L.json"], fragment: "--out L.json is a symbolic link"))
        c.append(Case(name: "demos record .npy --out a link", edit: { try outside($0); try link("L", "outside")($0) },
                      args: ["demos", "record", "--env", "CartPole-v1", "--episodes", "1", "--seed", "1", "--out", "L"], fragment: "--out L is a symbolic link"))
        c.append(Case(name: "diff-image --out a link", files: ["victim": text("keep")], edit: { dir in
            for name in ["a.png", "b.png"] {
                try Data(base64Encoded: Self.twoByTwoPNG[name]!)!.write(to: dir.appendingPathComponent(name))
            }
            try link("L.png", "victim")(dir)
        }, args: ["diff-image", "a.png", "b.png", "--out", "L.png"], fragment: "--out L.png is a symbolic link"))
        c.append(Case(name: "compare --out a link", fixtures: ["A"], edit: { dir in
            try FileManager.default.copyItem(at: dir.appendingPathComponent("A"), to: dir.appendingPathComponent("B"))
            try outside(dir); try link("L", "outside")(dir)
        }, args: ["compare", "A", "B", "--out", "L"], fragment: "--out L is a symbolic link"))
        c.append(Case(name: "merge --out a link", fixtures: ["S1", "S2"], edit: { try outside($0); try link("L", "outside")($0) },
                      args: ["merge", "S1", "S2", "--out", "L"], fragment: "--out L is a symbolic link"))
        c.append(Case(name: "reproduce --reports a link", files: ["s.toml": text(tiny)], edit: { try outside($0); try link("L", "outside")($0) },
                      args: ["reproduce", "s.toml", "--reports", "L"], fragment: "--reports L is a symbolic link"))
        c.append(Case(name: "submit --work a link", files: ["s.toml": text(tiny)], edit: { try outside($0); try link("L", "outside")($0) },
                      args: ["submit", "s.toml", "--slurm", "--work", "L"], fragment: "--work L is a symbolic link"))
        c.append(Case(name: "submit --out a link", files: ["s.toml": text(tiny)], edit: { try outside($0); try link("L", "outside")($0) },
                      args: ["submit", "s.toml", "--slurm", "--out", "L"], fragment: "--out L is a symbolic link"))
        // Budgets only memory shows: a policy search's covariance over every parameter, a
        // discriminator minibatch of a million rows through wide layers.
        let cartPole = "name = \"cp\"\ntitle = \"cp\"\nseed = 1\nseeds = 1\n[env]\nid = \"CartPole-v1\"\n[[method]]\nname = \"M\"\n"
        c.append(toml("RL policy of 4096 units", cartPole + "algorithm = \"rl\"\n[method.rl]\npolicy_hidden = [4096]\n", "method[0].rl.policy_hidden"))
        c.append(toml("RL policy of 4 × 4096 units", cartPole + "algorithm = \"rl\"\n[method.rl]\npolicy_hidden = [4096, 4096, 4096, 4096]\n", "memory_per_unit"))
        c.append(toml("GAIL policy of 2048 units", cartPole + "algorithm = \"gail\"\n[method.gail]\npolicy_hidden = [2048]\n", "method[0].gail.policy_hidden"))
        c.append(toml("GAIL discriminator batch of a million", cartPole + "algorithm = \"gail\"\niterations = 1\n[method.gail]\ndiscriminator_batch = 1000000\ndiscriminator_steps = 1\ndiscriminator_hidden = [1024]\n",
                      "method[0].gail.discriminator_batch"))
        c.append(Case(name: "run over the memory limit", files: ["s.toml": text(cartPole + "algorithm = \"rl\"\n[method.rl]\npolicy_hidden = [4096]\n")],
                      args: ["run", "s.toml", "--out", "o"], fragment: "memory_per_unit"))
        c.append(Case(name: "reproduce over the memory limit", files: ["s.toml": text(cartPole + "algorithm = \"rl\"\n[method.rl]\npolicy_hidden = [4096]\n")],
                      args: ["reproduce", "s.toml", "--reports", "r"], fragment: "--allow-large"))
        // Flags at the integer limits.
        c.append(Case(name: "submit --cpus 2^63 - 1", files: ["s.toml": text(tiny)], args: ["submit", "s.toml", "--slurm", "--cpus", "9223372036854775807"],
                      fragment: "--cpus must be in 1…1024"))
        c.append(Case(name: "random --count 2^63", args: ["random", "--seed", "1", "--stream", "a", "--count", "9223372036854775808"], fragment: "--count"))
        c.append(Case(name: "run --seed 2^64", files: ["s.toml": text(tiny)], args: ["run", "s.toml", "--seed", "18446744073709551616"], fragment: "--seed"))
        c.append(Case(name: "run --seeds 2^63 - 1", files: ["s.toml": text(tiny)], args: ["run", "s.toml", "--seeds", "9223372036854775807"], fragment: "--seeds"))
        c.append(Case(name: "demos --episodes 2^63 - 1", args: ["demos", "record", "--env", "CartPole-v1", "--episodes", "9223372036854775807", "--seed", "1", "--out", "d.json"],
                      fragment: "--episodes"))
        // NaN and infinity in numeric keys the first corpus did not try.
        for (key, value) in [("sigma", "nan"), ("sigma", "inf"), ("init_sigma", "inf"), ("population", "9223372036854775807")] {
            let extra = key == "init_sigma" ? "init = \"bc\"\n" : ""
            c.append(toml("RL \(key) = \(value)", cartPole + "algorithm = \"rl\"\n[method.rl]\n\(extra)\(key) = \(value)\n", "method[0].rl.\(key)"))
        }
        for (key, value) in [("discriminator_noise", "nan"), ("label_smoothing", "nan"), ("discriminator_learning_rate", "inf")] {
            c.append(toml("GAIL \(key) = \(value)", cartPole + "algorithm = \"gail\"\n[method.gail]\n\(key) = \(value)\n", "method[0].gail.\(key)"))
        }
        c.append(toml("flip = nan", cartPole + "algorithm = \"bc\"\n[labels]\nflip = nan\n", "labels.flip"))
        c.append(spec("evaluation episodes 2^63 - 1", "[labels]", "[evaluation]\nepisodes = 9223372036854775807\n\n[labels]", "evaluation.episodes"))
        c.append(spec("learning rate inf", "[labels]", "[policy]\nmodel = \"mlp\"\nlearning_rate = inf\n\n[labels]", "policy.learning_rate"))
        c.append(spec("batch size 2^63 - 1", "[labels]", "[policy]\nmodel = \"mlp\"\nbatch_size = 9223372036854775807\n\n[labels]", "policy.batch_size"))
        c.append(spec("a width of 2^63 - 1", "[labels]", "[policy]\nmodel = \"mlp\"\nhidden = [9223372036854775807]\n\n[labels]", "policy.hidden"))
        // Sizes that once took quadratic time: 20 000 swept keys (25 s before refusing).
        c.append(with("20 000 swept keys", "sweep", (0..<20_000).map { "\"labels.bias\($0)\" = [1]" }.joined(separator: "\n"), "at most 32 keys in [sweep]"))
        // Empty files where a run directory's files are expected.
        c.append(Case(name: "empty shard.json", fixtures: ["S1", "S2"], edit: { try Data().write(to: $0.appendingPathComponent("S1/shard.json")) },
                      args: ["merge", "S1", "S2", "--out", "M"], fragment: "S1/shard.json:1:1"))
        c.append(Case(name: "empty spec.toml of a run", fixtures: ["A"], edit: { try Data().write(to: $0.appendingPathComponent("A/spec.toml")) },
                      args: ["report", "A"], fragment: "A/spec.toml"))
        return c
    }

    /// Two 2 × 2 RGBA PNGs that differ in one pixel (zlib-compressed rows, filter 0).
    static let twoByTwoPNG: [String: String] = [
        "a.png": "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAEklEQVR4nGP4z8DwHwyBNBgAAEnICff5q7YNAAAAAElFTkSuQmCC",
        "b.png": "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAEklEQVR4nGP4z8DwHwyBNJgAAEDRBvrma+v4AAAAAElFTkSuQmCC",
    ]
}
