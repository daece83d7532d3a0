import ArgumentParser
import Determinism
import Experiments
import Foundation

/// `understudy reproduce [SPEC...]`: regenerate reports/ from seeds/.
struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Run every spec in seeds/ (or those named) and rebuild reports/.",
        discussion: """
        Each spec runs into a fresh reports/<name>/ (an earlier report of that name is replaced
        only once the new one is complete), then reports/index.html links them all. This is
        what `make reproduce` calls; the committed reports/ is exactly what it writes.

        Examples:
          understudy reproduce
          understudy reproduce seeds/driving-loop.toml --jobs 2
        """
    )

    @Argument(help: "Specs to run (default: every seeds/*.toml).")
    var specs: [String] = []

    @Option(help: "Directory of specs used when none are named.")
    var seedsDirectory = "seeds"

    @Option(help: "Where reports go.")
    var reports = "reports"

    @Option(help: "Worker threads (never changes results).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be ≥ 1 (got \(jobs))") }
    }

    func run() throws {
        var paths = specs
        if paths.isEmpty {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: seedsDirectory)) ?? []
            paths = names.filter { $0.hasSuffix(".toml") }.sorted().map { seedsDirectory + "/" + $0 }
            guard !paths.isEmpty else { throw CommandFailure.badInput("\(seedsDirectory): no .toml specs found (expected seeds/*.toml)") }
        }
        // Validate everything first: a bad spec stops the job before anything is written.
        let loaded = try paths.map { try loadSpec($0) }
        var seen: [String: String] = [:]
        for (path, l) in zip(paths, loaded) {
            if let other = seen[l.spec.name] { throw CommandFailure.badInput("\(path): name \"\(l.spec.name)\" is also used by \(other) (expected one spec per report folder)") }
            seen[l.spec.name] = path
        }
        for (path, l) in zip(paths, loaded) {
            writeError("reproduce: \(path) → \(reports)/\(l.spec.name)")
            let final = reports + "/" + l.spec.name
            let staging = reports + "/.staging-" + l.spec.name
            if (try? AtomicFile.readText(staging + "/spec.toml")) != l.canonicalText {
                try? FileManager.default.removeItem(atPath: staging)   // a different spec's leftovers
            }
            try runExperiment(l, into: staging, jobs: jobs)
            let old = reports + "/.old-" + l.spec.name
            try? FileManager.default.removeItem(atPath: old)
            if FileManager.default.fileExists(atPath: final) { try FileManager.default.moveItem(atPath: final, toPath: old) }
            try FileManager.default.moveItem(atPath: staging, toPath: final)
            try? FileManager.default.removeItem(atPath: old)
        }
        try writeReportsIndex(reports)
        print(reports + "/index.html")
    }
}

/// `reports/index.html`: every run directory under `reports`, by name, with its title.
func writeReportsIndex(_ reports: String) throws {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: reports)) ?? [])
        .filter { !$0.hasPrefix(".") && FileManager.default.fileExists(atPath: reports + "/" + $0 + "/spec.toml") }
        .sorted()
    var rows = ""
    for name in names {
        let title = (try? Experiment.load(reports + "/" + name + "/spec.toml").spec.title) ?? name
        rows += "<li><a href=\"\(escapeHTML(name))/index.html\">\(escapeHTML(name))</a> — \(escapeHTML(title))</li>\n"
    }
    let html = """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8"><title>Understudy reports</title>
    <style>body{font-family:'DejaVu Sans',sans-serif;max-width:48em;margin:2em auto;line-height:1.5;color:#222}a{color:#0072B2}</style>
    </head><body>
    <h1>Understudy reports</h1>
    <p>Every report below is generated from a spec in <code>seeds/</code> by <code>make reproduce</code>;
    <code>understudy verify reports/NAME</code> re-runs one and checks it byte for byte.</p>
    <ul>
    \(rows)</ul>
    </body></html>

    """
    try AtomicFile.write(html, to: reports + "/index.html")
}

func escapeHTML(_ s: String) -> String {
    var out = ""
    for ch in s {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(ch)
        }
    }
    return out
}
