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
            let title = (try? Study.load(reports + "/" + name + "/spec.toml").spec.title) ?? name
            rows += "<li><a href=\"\(HTML.href(name))/index.html\">\(HTML.escape(name))</a> — \(HTML.escape(title))</li>\n"
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
}
