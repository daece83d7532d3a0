import UnderstudyExperiments
import UnderstudyTOML

// libFuzzer target: the spec schema (UnderstudyExperiments), from TOML bytes to a `Study` under
// the standard resource limits, as `understudy check` reads a spec. Any input must give a study
// or a `SpecError` (a TOML error becomes one) — never a trap. An accepted spec's canonical
// text (what `spec.toml` records) must read back as the same study: a spec that `run` accepts
// but `verify` or `merge` could not re-read would be a run that cannot be checked.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSpecSchema(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let document = try? TOMLDocument(parsing: bytes, file: "fuzz.toml") else { return 0 }
    let study: Study
    do { study = try Study(document: document, limits: .standard) } catch { return 0 }  // typed: SpecError only
    guard let again = try? TOMLDocument(parsing: study.canonicalText, file: "spec.toml") else {
        fatalError("the canonical text of an accepted spec is not TOML:\n\(study.canonicalText)")
    }
    do {
        let reread = try Study(document: again, limits: .standard)
        if reread.canonicalText != study.canonicalText || reread.cells.count != study.cells.count {
            fatalError("the canonical text of an accepted spec reads back as another study:\n\(study.canonicalText)")
        }
    } catch {
        fatalError("the canonical text of an accepted spec is refused (\(error)):\n\(study.canonicalText)")
    }
    return 0
}
