import UnderstudyDeterminism
import UnderstudyTOML
import Foundation

/// Loading a spec: the validated study and the canonical text every run records as
/// `spec.toml`. Running it and writing a run directory is UnderstudyHarness's part.
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
}
