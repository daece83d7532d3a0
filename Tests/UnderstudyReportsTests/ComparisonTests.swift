import UnderstudyDeterminism
import Foundation
import UnderstudyGoldenImage
import UnderstudyGoldenImageXCTest
import UnderstudyReports
import XCTest

/// `Comparison.write`: identical runs compare identical; a perturbed trajectory is found at the
/// step where it was changed, with metric deltas and image diffs.
final class ComparisonTests: XCTestCase {
    override func tearDown() {
        SyntheticRun.removeTemporaryDirectories()
        super.tearDown()
    }

    func makeRun(_ name: String, _ run: SyntheticRun = .drivingLoop,
                 perturb: @escaping (String, Int, inout [[Double]]) -> Void = { _, _, _ in }) throws -> String {
        let directory = try SyntheticRun.temporaryDirectory(name)
        try run.write(to: directory, perturb: perturb)
        try Report.write(runDirectory: directory)
        return directory
    }

    func test_identicalRuns_compareIdentical() throws {
        let a = try makeRun("cmp-a"), b = try makeRun("cmp-b")
        let out = try SyntheticRun.temporaryDirectory("cmp-out-same")
        let summary = try Comparison.write(runA: a, runB: b, out: out)
        XCTAssertTrue(summary.identical, summary.text)
        XCTAssertTrue(summary.metrics.allSatisfy { $0.delta == 0 })
        XCTAssertEqual(summary.divergences.map(\.firstStep), [nil, nil, nil, nil])
        XCTAssertEqual(summary.images.count, 7)
        XCTAssertTrue(summary.images.allSatisfy { $0.differingPixels == 0 })
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/index.html"))
        XCTAssertTrue(summary.text.hasPrefix("\(a) vs \(b): identical"))
    }

    func test_perturbedTrajectory_divergesAtThatStep_andItsFigureDiffers() throws {
        let a = try makeRun("cmp-base")
        let b = try makeRun("cmp-perturbed") { method, seed, states in
            guard method == "DAgger", seed == 0 else { return }
            for i in 17..<states.count { states[i][1] += 1.5 }
        }
        let out = try SyntheticRun.temporaryDirectory("cmp-out-diff")
        let summary = try Comparison.write(runA: a, runB: b, out: out)
        XCTAssertFalse(summary.identical)
        XCTAssertEqual(summary.divergences.first(where: { $0.method == "DAgger" })?.firstStep, 17)
        XCTAssertEqual(summary.divergences.first(where: { $0.method == "BC" })?.firstStep, nil)
        XCTAssertTrue(summary.text.contains("DAgger diverges at step 17"), summary.text)
        let trajectories = try XCTUnwrap(summary.images.first(where: { $0.name == "trajectories" }))
        XCTAssertGreaterThan(trajectories.differingPixels ?? 0, 0)
        XCTAssertEqual(summary.images.first(where: { $0.name == "on-road-vs-iteration" })?.differingPixels, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/figures/trajectories.diff.png"))
        let overlay = try RGBAImage(contentsOfPNG: out + "/figures/overlay.png")
        XCTAssertEqual(overlay.width, 1440)
        let html = try AtomicFile.readText(out + "/index.html")
        XCTAssertTrue(html.contains("<img src=\"figures/overlay.png\""))
        XCTAssertTrue(html.contains("figures/trajectories.diff.png"))
    }

    func test_metricDeltas_areBMinusAWithBothIntervals() throws {
        let a = try makeRun("cmp-seeds3")
        var more = SyntheticRun.drivingLoop
        more.seeds = 4
        let b = try makeRun("cmp-seeds4", more)
        let summary = try Comparison.write(runA: a, runB: b, out: try SyntheticRun.temporaryDirectory("cmp-out-seeds"))
        let d = try XCTUnwrap(summary.metrics.first(where: { $0.method == "DAgger" && $0.metric == "return" }))
        let ma = try XCTUnwrap(d.a), mb = try XCTUnwrap(d.b)
        XCTAssertEqual(try XCTUnwrap(d.delta), mb.mean - ma.mean)
        XCTAssertNotEqual(d.delta, 0)
        XCTAssertFalse(d.identical)
        XCTAssertLessThanOrEqual(ma.low, ma.high)
    }

    func test_overlayFigures_matchTheirGoldens() throws {
        let a = try makeRun("ovl-a")
        let b = try makeRun("ovl-b") { method, _, states in
            guard method == "BC" else { return }
            for i in states.indices { states[i][0] *= 0.9 }
        }
        let out = try SyntheticRun.temporaryDirectory("ovl-out")
        try Comparison.write(runA: a, runB: b, out: out)
        assertImageMatches(try RGBAImage(contentsOfPNG: out + "/figures/overlay.png"), golden: goldenPath("overlay-driving-loop"))

        let pa = try makeRun("ovl-pa", .classic("Pendulum-v1"))
        let pb = try makeRun("ovl-pb", .classic("Pendulum-v1")) { method, _, states in
            guard method == "DAgger" else { return }
            for i in states.indices { states[i][1] *= 1.2 }
        }
        let pout = try SyntheticRun.temporaryDirectory("ovl-pout")
        try Comparison.write(runA: pa, runB: pb, out: pout)
        assertImageMatches(try RGBAImage(contentsOfPNG: pout + "/figures/overlay.png"), golden: goldenPath("overlay-pendulum"))
    }

    func test_missingRun_isOneLineErrorAndWritesNothing() throws {
        let a = try makeRun("cmp-present")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("understudy-cmp-nothing-\(getpid())").path
        try? FileManager.default.removeItem(atPath: out)
        XCTAssertThrowsError(try Comparison.write(runA: a, runB: "/nonexistent/run", out: out)) { error in
            XCTAssertEqual("\(error)", "error: /nonexistent/run/spec.toml: no such file (expected a run directory written by `understudy run`)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}
