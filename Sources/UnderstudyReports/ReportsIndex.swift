import UnderstudyDeterminism
import UnderstudyExperiments
import Foundation

extension Report {
    /// `reports/index.html`: every run directory under `reportsDirectory`, by name, with its
    /// title, linking to its own index.html.
    public static func writeIndex(reportsDirectory reports: String) throws {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: reports)) ?? [])
            .filter { !$0.hasPrefix(".") && FileManager.default.fileExists(atPath: reports + "/" + $0 + "/spec.toml") }
            .sorted()
        var rows = ""
        for name in names {
            let directory = reports + "/" + name
            let study = try? Study.load(directory + "/spec.toml")
            let title = study?.spec.title ?? name
            let result = study.flatMap { headlineResult(directory, study: $0) }
            rows += "<li><a href=\"\(HTML.href(name))/index.html\">\(HTML.escape(name))</a> — \(HTML.escape(title))"
                + (result.map { "<br><span class=\"note\">\(HTML.escape($0))</span>" } ?? "") + "</li>\n"
        }
        let body = """
        <h1>Understudy reports</h1>
        <p>Every report below is generated from a spec in <code>seeds/</code> by <code>make reproduce</code>;
        <code>understudy verify reports/NAME</code> re-runs one and checks it byte for byte.</p>
        <ul>
        \(rows)</ul>
        """
        try write(Array(HTML.page(title: "Understudy reports", body: body).utf8), to: reports + "/index.html")
    }

    /// One line with the run's headline metric per method, mean [95 % CI]; for a sweep, at its
    /// first and last cell. Nil when the results cannot be read (the list still links the run).
    static func headlineResult(_ directory: String, study: Study) -> String? {
        guard let results = try? StoredRun.readResults(directory + "/results.json") else { return nil }
        let metric = MetricText.headline(environment: study.spec.environment.id)
        let title = MetricText.title(metric)
        if results.isSweep {
            guard let first = study.cells.first, let last = study.cells.last else { return nil }
            let parts = study.spec.methods.compactMap { m -> String? in
                guard let s = results.methods[m.name]?.sweep[metric], let a = s.mean.first, let b = s.mean.last else { return nil }
                return "\(m.name) \(NumberText.significant(a, digits: 3)) → \(NumberText.significant(b, digits: 3))"
            }
            return parts.isEmpty ? nil : "\(title) from \(first.id) to \(last.id): " + parts.joined(separator: ", ")
        }
        let parts = study.spec.methods.compactMap { m in
            results.methods[m.name]?.metrics[metric].map { "\(m.name) \(SummaryTable.interval($0))" }
        }
        return parts.isEmpty ? nil : "\(title): " + parts.joined(separator: ", ")
    }
}
