import ArgumentParser
import UnderstudyExperiments
import UnderstudyHarness

/// `understudy check SPEC...`: validate specs without running them.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate experiment specs without running them.",
        discussion: """
        Prints `ok: FILE (N methods × K seeds)` for each valid spec; for the first problem in an \
        invalid one, `error: FILE:LINE:COL: what was found (expected what)` and a hint, exit 2.

        Example:
          understudy check seeds/*.toml
        """
    )

    @Argument(help: "Spec files.")
    var specs: [String]

    @Flag(help: "Lift the resource limits (sweep cells, work units, steps, training work and memory per unit).")
    var allowLarge = false

    func validate() throws {
        guard !specs.isEmpty else { throw ValidationError("give at least one spec file, e.g. seeds/*.toml") }
    }

    func run() throws {
        var failures: [HarnessError] = []
        for path in specs {
            do {
                let spec = try Harness.loadSpec(path, limits: .allowing(large: allowLarge)).spec
                print("ok: \(path) (\(spec.methods.count) method\(spec.methods.count == 1 ? "" : "s") × \(spec.seeds) seed\(spec.seeds == 1 ? "" : "s"), \(spec.environment.id))")
            } catch {
                failures.append(error)
            }
        }
        if !failures.isEmpty { throw CommandError.several(failures) }
    }
}
