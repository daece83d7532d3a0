import XCTest
import UnderstudyDeterminism
@testable import UnderstudyPlotting

/// Renders the demo figures; with UNDERSTUDY_PLOT_DEMO_DIR set, also writes them there to look at.
final class DemoTests: XCTestCase {
    func test_demoFigures_renderToAllFormats() throws {
        let figures = [("learning-curves", DemoFigures.learningCurves()), ("trajectory-map", DemoFigures.trajectoryMap()),
                       ("heatmap", DemoFigures.heatmap())]
        let directory = ProcessInfo.processInfo.environment["UNDERSTUDY_PLOT_DEMO_DIR"]
        for (name, figure) in figures {
            let png = try figure.png()
            XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], name)
            let svg = try figure.svg()
            if let directory {
                try AtomicFile.write(png, to: "\(directory)/\(name).png")
                try AtomicFile.write(svg, to: "\(directory)/\(name).svg")
            }
        }
        let pdf = try Figure.pdf(figures.map(\.1))
        if let directory { try AtomicFile.write(pdf, to: "\(directory)/demo.pdf") }
    }
}
