import UnderstudyDeterminism
import Foundation
import UnderstudyGoldenImage
import UnderstudyGoldenImageXCTest
import UnderstudyReports
import XCTest

/// The report of a run directory: every figure kind against its golden image (drawn from fixed
/// synthetic data), and the properties of index.html and report.pdf.
final class ReportTests: XCTestCase {
    override func tearDown() {
        SyntheticRun.removeTemporaryDirectories()
        super.tearDown()
    }

    /// Renders `figure` at 1× and compares it with `__Goldens__/ReportTests/<prefix><name>.png`.
    func assertGolden(_ figure: ReportFigure, prefix: String = "", file: StaticString = #filePath, line: UInt = #line) throws {
        let image = try RGBAImage(pngData: try figure.figure.png(scale: 1), name: figure.name)
        assertImageMatches(image, golden: goldenPath(prefix + figure.name), file: file, line: line)
    }

    func test_drivingLoopReport_drawsEveryFigureKindAsItsGolden() throws {
        let directory = try SyntheticRun.temporaryDirectory("driving-loop")
        try SyntheticRun.drivingLoop.write(to: directory)
        let figures = try Report.figures(runDirectory: directory)
        XCTAssertEqual(figures.map(\.name), ["trajectories", "dagger-relabels", "gail-discriminator", "on-road-vs-iteration",
                                             "on-road-vs-labels", "laps-vs-iteration", "metrics-vs-iteration"])
        for figure in figures { try assertGolden(figure) }
    }

    func test_classicControlReports_drawPhasePortraitsAndReturnCurvesAsTheirGoldens() throws {
        for (id, prefix) in [("Pendulum-v1", "pendulum-"), ("CartPole-v1", "cartpole-"),
                             ("MountainCarContinuous-v0", "mountaincar-"), ("Acrobot-v1", "acrobot-")] {
            let directory = try SyntheticRun.temporaryDirectory(prefix + "run")
            try SyntheticRun.classic(id).write(to: directory)
            let figures = try Report.figures(runDirectory: directory)
                        // Return is the only metric that changes, and return-vs-iteration already shows it.
            XCTAssertEqual(figures.map(\.name), ["phase-portrait", "return-vs-iteration", "return-vs-labels"], id)
            // Every environment's phase portrait; the curves once (they do not depend on the environment).
            for figure in figures where figure.name == "phase-portrait" || id == "Pendulum-v1" {
                try assertGolden(figure, prefix: prefix)
            }
        }
    }

    func test_report_writesPNGAndSVGPerFigure_indexAndAStandAlonePDF() throws {
        let directory = try SyntheticRun.temporaryDirectory("files")
        try SyntheticRun.drivingLoop.write(to: directory)
        let figures = try Report.write(runDirectory: directory)
        for f in figures {
            let png = try AtomicFile.read("\(directory)/figures/\(f.name).png")
            let image = try RGBAImage(pngData: png)
            XCTAssertEqual(image.width, Int(f.figure.width * 2), "\(f.name).png is drawn at 2×")
            XCTAssertTrue(try AtomicFile.readText("\(directory)/figures/\(f.name).svg").contains("<svg"))
        }
        let pdf = try AtomicFile.read(directory + "/report.pdf")
        let text = String(decoding: pdf, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("%PDF-"))
        XCTAssertTrue(text.contains("/Title (Synthetic run)"), "the document's title is in its metadata")
        // Page objects are `/Type /Page`; the page tree is `/Type /Pages`.
        let pages = text.components(separatedBy: "/Type /Page").dropFirst().filter { !$0.hasPrefix("s") }.count
        XCTAssertGreaterThanOrEqual(pages, figures.count + 2, "a summary page, one page per figure, the spec")
        let html = try AtomicFile.readText(directory + "/index.html")
        for f in figures {
            XCTAssertTrue(html.contains("<img src=\"figures/\(f.name).png\""), f.name)
            XCTAssertTrue(html.contains("<a href=\"figures/\(f.name).svg\">"), f.name)
        }
        for link in ["report.pdf", "results.json", "results.csv", "spec.toml", "provenance.json", "../index.html"] {
            XCTAssertTrue(html.contains("href=\"\(link)\""), link)
        }
        XCTAssertTrue(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        XCTAssertFalse(html.contains("<script"), "no scripts")
        // The summary comes before the figures, the headline metric is its first column.
        let summary = try XCTUnwrap(html.range(of: "<h2>Summary</h2>")), figuresHeading = try XCTUnwrap(html.range(of: "<h2>Figures</h2>"))
        XCTAssertLessThan(summary.lowerBound, figuresHeading.lowerBound)
        XCTAssertTrue(html.contains("<tr><th>method</th><th class=\"num\">On-road fraction<br>"), "headline metric first")
        XCTAssertTrue(html.contains("<h3>What this shows</h3>"))
        try assertFitsNarrowScreens(html)
    }

    /// What keeps a page from scrolling sideways at 360 px, short of a browser: the viewport tag,
    /// every table inside a box that scrolls, the digest allowed to wrap.
    func assertFitsNarrowScreens(_ html: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertTrue(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"), file: file, line: line)
        XCTAssertEqual(html.components(separatedBy: "<table>").count, html.components(separatedBy: "<div class=\"table\"><table>").count,
                       "every table scrolls inside its box", file: file, line: line)
        XCTAssertTrue(html.contains("<code class=\"digest\">"), file: file, line: line)
        XCTAssertTrue(html.contains("href=\"../index.html\""), "a link back to the index", file: file, line: line)
    }

    /// A sweep's page has the experiment page's layout: header, figure shortcuts, the cells table
    /// before the figures, the spec as run.
    func test_sweepPage_hasTheExperimentPagesLayout() throws {
        let figures = try sweepFigures()
        let html = try AtomicFile.readText(sweepDirectory + "/index.html")
        try assertFitsNarrowScreens(html)
        let order = ["<h1>", "Figures: ", "<h2>Cells</h2>", "<h2>Figures</h2>", "<h2>Spec</h2>", "As run"]
        let positions = try order.map { try XCTUnwrap(html.range(of: $0), $0).lowerBound }
        XCTAssertEqual(positions, positions.sorted())
        for f in figures { XCTAssertTrue(html.contains("<a href=\"#\(f.name)\">"), f.name) }
    }

    /// Page 1 of report.pdf holds the summary table, and every figure page its caption (checked
    /// with poppler's pdftotext where it is installed).
    func test_reportPDF_firstPageHasTheSummary_andEveryFigureItsCaption() throws {
        guard let pdftotext = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("pdftotext (poppler-utils) is not installed")
        }
        let directory = try SyntheticRun.temporaryDirectory("pdf")
        try SyntheticRun.drivingLoop.write(to: directory)
        let figures = try Report.write(runDirectory: directory)
        func pageText(_ first: Int, _ last: Int) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: pdftotext)
            process.arguments = ["-f", "\(first)", "-l", "\(last)", directory + "/report.pdf", "-"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        let first = try pageText(1, 1)
        for needle in ["Synthetic run", "on-road fraction", "BC", "DAgger", "GAIL", "Expert"] {
            XCTAssertTrue(first.contains(needle), "page 1 shows \(needle)")
        }
        let all = try pageText(1, 1000)
        for f in figures { XCTAssertTrue(all.contains(f.name + ":"), "caption of \(f.name)") }
        XCTAssertTrue(all.contains("Spec as run"))
    }

    /// Every caption names what its axes show: each axes' x and y label appears in it, for every
    /// report kind (driving loop, each classic-control environment, a sweep).
    func test_everyCaption_namesTheQuantitiesOnItsAxes() throws {
        var all: [ReportFigure] = []
        let driving = try SyntheticRun.temporaryDirectory("captions-driving")
        try SyntheticRun.drivingLoop.write(to: driving)
        all += try Report.figures(runDirectory: driving)
        for id in ["Pendulum-v1", "CartPole-v1", "MountainCarContinuous-v0", "Acrobot-v1"] {
            let directory = try SyntheticRun.temporaryDirectory("captions-" + id)
            try SyntheticRun.classic(id).write(to: directory)
            all += try Report.figures(runDirectory: directory)
        }
        all += try sweepFigures()
        XCTAssertGreaterThan(all.count, 15)
        for f in all {
            for axes in f.figure.axes {
                for label in [axes.xLabel, axes.yLabel].compactMap({ $0 }) {
                    XCTAssertTrue(f.caption.contains(label), "\(f.name): caption does not name \"\(label)\": \(f.caption)")
                }
            }
        }
    }

    /// No figure is narrower than the single-metric curves, so none looks like an afterthought
    /// or clips its title (the goldens show the titles whole).
    func test_noFigureIsNarrowerThanTheCurves() throws {
        var all: [ReportFigure] = []
        var single = SyntheticRun.classic("Pendulum-v1")
        single.methods = [single.methods[1]]
        for run in [SyntheticRun.drivingLoop, single] {
            let directory = try SyntheticRun.temporaryDirectory("widths-\(run.environment)")
            try run.write(to: directory)
            all += try Report.figures(runDirectory: directory)
        }
        all += try sweepFigures()
        for f in all { XCTAssertGreaterThanOrEqual(f.figure.width, 720, f.name) }
    }

    /// The sweep's x axis reads as a name with units, and is symmetric-log where the swept
    /// values span decades from 0.
    func test_sweepFigures_nameTheSweptQuantity_onASymlogAxis() throws {
        for f in try sweepFigures() {
            XCTAssertEqual(f.figure.axes[0].xLabel, "sensor bias, mean of ε (rad of steering)", f.name)
            XCTAssertEqual(f.figure.axes[0].xScale, .symlog(linearWidth: 0.0005), f.name)
        }
    }

    /// Where `sweepFigures` last drew the sweep.
    var sweepDirectory = ""

    /// The stored label-bias sweep (spec and results only), redrawn in a temporary directory.
    func sweepFigures() throws -> [ReportFigure] {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("reports/label-bias-sweep").path
        let directory = try SyntheticRun.temporaryDirectory("sweep")
        sweepDirectory = directory
        for file in ["spec.toml", "results.json"] {
            try AtomicFile.write(try AtomicFile.read(source + "/" + file), to: directory + "/" + file)
        }
        return try Report.write(runDirectory: directory)
    }

    func test_indexHTML_escapesEverythingFromTheSpec() throws {
        var run = SyntheticRun.drivingLoop
        run.methods[1].name = "<script>&\""
        run.title = "A & B <b>"
        let directory = try SyntheticRun.temporaryDirectory("escape")
        try run.write(to: directory)
        try Report.write(runDirectory: directory)
        let html = try AtomicFile.readText(directory + "/index.html")
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertFalse(html.contains("<b>"))
        XCTAssertTrue(html.contains("&lt;script&gt;&amp;&quot;"))
        XCTAssertTrue(html.contains("<h1>A &amp; B &lt;b&gt;</h1>"))
    }

    func test_report_isByteIdenticalWhenWrittenTwice() throws {
        var outputs: [[String: [UInt8]]] = []
        for attempt in 0..<2 {
            let directory = try SyntheticRun.temporaryDirectory("twice-\(attempt)")
            try SyntheticRun.drivingLoop.write(to: directory)
            try Report.write(runDirectory: directory)
            try Report.write(runDirectory: directory)   // redrawing in place changes nothing either
            var files: [String: [UInt8]] = [:]
            for path in try Manifest.regularFiles(under: directory) { files[path] = try AtomicFile.read(directory + "/" + path) }
            outputs.append(files)
        }
        XCTAssertEqual(outputs[0].keys.sorted(), outputs[1].keys.sorted())
        XCTAssertTrue(outputs[0].keys.contains("report.pdf"))
        for key in outputs[0].keys.sorted() { XCTAssertEqual(outputs[0][key], outputs[1][key], key) }
    }

    func test_missingOrCorruptFiles_areOneLineErrorsNamingTheFile() throws {
        let directory = try SyntheticRun.temporaryDirectory("broken")
        try SyntheticRun.drivingLoop.write(to: directory)
        try FileManager.default.removeItem(atPath: directory + "/results.json")
        XCTAssertThrowsError(try Report.write(runDirectory: directory)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("error: \(directory)/results.json: no such file"), message)
            XCTAssertFalse(message.contains("\n"))
        }
        try AtomicFile.write("{\"methods\": [", to: directory + "/results.json")
        XCTAssertThrowsError(try Report.write(runDirectory: directory)) { error in
            // Positioned as file:line:col, no space before the line.
            XCTAssertTrue("\(error)".hasPrefix("error: \(directory)/results.json:1:14: "), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/index.html"), "bad input writes nothing")
    }
}

/// The reports index: every run with its title and its headline result.
final class ReportsIndexTests: XCTestCase {
    override func tearDown() {
        SyntheticRun.removeTemporaryDirectories()
        super.tearDown()
    }

    func test_index_showsEachRunsHeadlineResult() throws {
        let reports = try SyntheticRun.temporaryDirectory("index")
        try SyntheticRun.drivingLoop.write(to: reports + "/driving")
        try SyntheticRun.classic("Pendulum-v1").write(to: reports + "/pendulum")
        try Report.writeIndex(reportsDirectory: reports)
        let html = try AtomicFile.readText(reports + "/index.html")
        XCTAssertTrue(html.contains("<a href=\"driving/index.html\">driving</a>"))
        XCTAssertTrue(html.contains("On-road fraction: BC "), html)
        XCTAssertTrue(html.contains("Return: BC "), html)
        XCTAssertTrue(html.contains("name=\"viewport\""))
    }
}
