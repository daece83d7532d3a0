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
            XCTAssertEqual(figures.map(\.name), ["phase-portrait", "return-vs-iteration", "return-vs-labels", "metrics-vs-iteration"], id)
            // Every environment's phase portrait; the curves once (they do not depend on the environment).
            for figure in figures where figure.name == "phase-portrait" || id == "Pendulum-v1" {
                try assertGolden(figure, prefix: prefix)
            }
        }
    }

    func test_report_writesPNGAndSVGPerFigure_indexAndOnePDFPagePerFigure() throws {
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
        // Page objects are `/Type /Page`; the page tree is `/Type /Pages`.
        let pages = text.components(separatedBy: "/Type /Page").dropFirst().filter { !$0.hasPrefix("s") }.count
        XCTAssertEqual(pages, figures.count, "one PDF page per figure")
        XCTAssertTrue(text.contains("/Count \(figures.count)"))
        let html = try AtomicFile.readText(directory + "/index.html")
        for f in figures {
            XCTAssertTrue(html.contains("<img src=\"figures/\(f.name).png\""), f.name)
            XCTAssertTrue(html.contains("<a href=\"figures/\(f.name).svg\">"), f.name)
        }
        for link in ["report.pdf", "results.json", "results.csv", "spec.toml", "provenance.json"] {
            XCTAssertTrue(html.contains("href=\"\(link)\""), link)
        }
        XCTAssertFalse(html.contains("<script"), "no scripts")
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
            XCTAssertTrue("\(error)".hasPrefix("error: \(directory)/results.json: "), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/index.html"), "bad input writes nothing")
    }
}
