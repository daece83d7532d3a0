import UnderstudyDeterminism
import UnderstudyTOML
import Foundation

/// Loading a spec and running it into a run directory: the library side of `understudy run`.
public enum Experiment {
    /// A spec read from disk: the validated model and the canonical text recorded as `spec.toml`.
    public struct Loaded: Sendable {
        /// The spec and its sweep grid (one cell without a sweep).
        public var study: Study
        public var canonicalText: String
        /// The spec without its sweep: name, methods, seeds, environment.
        public var spec: ExperimentSpec { study.base }
    }

    /// Reads and validates `path`, applying `--seed`/`--seeds` overrides.
    public static func load(_ path: String, seed: UInt64? = nil, seeds: Int? = nil) throws -> Loaded {
        let bytes: [UInt8]
        do { bytes = try AtomicFile.read(path) } catch {
            throw RunError.invalid("\(path): cannot read the spec (expected a TOML file; try `ls seeds/`)")
        }
        let document: TOMLDocument
        do { document = try TOMLDocument(parsing: bytes, file: path) } catch { throw SpecError(error) }
        let applied = ExperimentSpec.applying(document, seed: seed, seeds: seeds)
        return Loaded(study: try Study(document: applied), canonicalText: ExperimentSpec.canonicalText(applied))
    }

    /// The data files of a run: `spec.toml`, `results.json`, `results.csv`, `trajectories.json`.
    public static func writeData(_ results: RunResults, specText: String, to directory: String) throws {
        try AtomicFile.write(specText, to: directory + "/spec.toml")
        try AtomicFile.write(CanonicalJSON.string(results.json(), pretty: true), to: directory + "/results.json")
        try AtomicFile.write(results.csv().text(), to: directory + "/results.csv")
        try AtomicFile.write(CanonicalJSON.string(results.trajectoriesJSON()), to: directory + "/trajectories.json")
    }

    /// Checks that `directory` is free for this spec: absent, empty, or holding a run (finished
    /// or interrupted) of exactly the same spec text.
    public static func checkDirectory(_ directory: String, specText: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw RunError.invalid("\(directory) is a file (expected a run directory)") }
        let specPath = directory + "/spec.toml"
        if FileManager.default.fileExists(atPath: specPath) {
            guard (try? AtomicFile.readText(specPath)) == specText else { throw RunError.differentSpec(path: directory) }
            return
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        if entries.contains(where: { !$0.hasPrefix(".") }) {
            throw RunError.invalid("\(directory) is not empty and holds no spec.toml (expected an empty directory or a run of this spec; use --out)")
        }
    }

    /// `provenance.json`: how the run was made. Outside the manifest; no time or host name,
    /// so a rerun on the same platform writes the same bytes.
    public static func provenance(version: String, spec: ExperimentSpec, specText: String) -> JSONValue {
        #if arch(x86_64)
        let arch = "x86_64"
        #elseif arch(arm64)
        let arch = "arm64"
        #else
        let arch = "unknown"
        #endif
        #if os(Linux)
        let os = "linux"
        #elseif os(macOS)
        let os = "macos"
        #else
        let os = "unknown"
        #endif
        return .object([
            "tool": .string("understudy"),
            "version": .string(version),
            "platform": .string("\(os)-\(arch)"),
            "spec_sha256": .string(Digest.sha256Hex(specText)),
            "experiment": .string(spec.name),
        ])
    }
}
