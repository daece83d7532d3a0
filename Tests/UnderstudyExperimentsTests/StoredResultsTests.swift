import XCTest
import UnderstudyDeterminism
@testable import UnderstudyExperiments

/// results.json's codec: what `RunResults.json()` writes, `StoredResults` reads back (through
/// the canonical text, where whole numbers lose their fraction), and a broken file names the key.
final class StoredResultsTests: XCTestCase {
    private let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("seeds").path

    /// Units with closed-form metrics: two iterations, value `base + seed`.
    private func units(_ method: String, base: Double, seeds: Int) -> [UnitResult] {
        (0..<seeds).map { k in
            let v = base + Double(k)
            return UnitResult(method: method, seedIndex: k,
                              iterations: [.init(expertLabels: 10, metrics: ["return": v - 1]), .init(expertLabels: 20, metrics: ["return": v])],
                              metrics: ["return": v, "training_error": v / 8], trajectory: [], relabels: [])
        }
    }

    private func results(_ spec: String, seeds count: Int) throws -> RunResults {
        let loaded = try Study.load(seeds + "/" + spec, seeds: count)
        let cells = loaded.cells.enumerated().map { c, _ in
            RunResults.CellResults(units: loaded.spec.methods.enumerated().map { m, method in
                units(method.name, base: Double(10 * m + c), seeds: count)
            }, expert: units("Expert", base: 100, seeds: count))
        }
        return RunResults(study: loaded, cells: cells)
    }

    private func decode(_ results: RunResults) throws -> StoredResults {
        try StoredResults(json: JSONParser.parse(CanonicalJSON.string(results.json(), pretty: true)), source: "results.json")
    }

    func test_aRun_readsBackEveryMethodsSummariesAndCurves() throws {
        let written = try results("cartpole.toml", seeds: 3)
        let read = try decode(written)
        let spec = written.spec
        XCTAssertFalse(read.isSweep)
        XCTAssertEqual(read.experiment, spec.name)
        XCTAssertEqual(read.title, spec.title)
        XCTAssertEqual(Set(read.methods.keys), Set(spec.methods.map(\.name)))
        for (m, method) in spec.methods.enumerated() {
            let stored = try XCTUnwrap(read.methods[method.name])
            XCTAssertEqual(stored.algorithm, method.algorithm.rawValue)
            XCTAssertEqual(stored.metrics, written.summaries(written.cells[0].units[m], owner: method.name))
            let curve = try XCTUnwrap(stored.curves["return"])
            XCTAssertEqual(curve.iteration, [1, 2])
            XCTAssertEqual(curve.expertLabels, [10, 20])
            XCTAssertEqual(curve.perSeed.count, 3)
            XCTAssertEqual(curve.mean.count, 2)
            XCTAssertTrue(zip(curve.low, curve.high).allSatisfy { $0 <= $1 })
        }
        XCTAssertEqual(read.expert, written.summaries(written.cells[0].expert, owner: "expert"))
        XCTAssertTrue(read.cells.isEmpty)
    }

    func test_aSweep_readsBackEveryCellAndEachMethodsSeriesOverTheCells() throws {
        let written = try results("label-bias-sweep.toml", seeds: 2)
        let read = try decode(written)
        let study = written.study
        XCTAssertTrue(read.isSweep)
        XCTAssertEqual(read.cells.map(\.id), study.cells.map(\.id))
        for (c, cell) in read.cells.enumerated() {
            XCTAssertEqual(cell.expert, written.summaries(written.cells[c].expert, owner: study.cells[c].id + "/expert"))
        }
        for (m, method) in written.spec.methods.enumerated() {
            let series = try XCTUnwrap(read.methods[method.name]?.sweep["return"])
            XCTAssertEqual(series.cell, study.cells.map(\.id))
            XCTAssertEqual(series.mean, written.cells.map { Summary.mean($0.units[m].map { $0.metrics["return"]! }) })
            XCTAssertEqual(series.perSeed.count, study.cells.count)
            XCTAssertEqual(series.low.count, study.cells.count)
        }
    }

    func test_aBrokenSummary_isAnErrorNamingTheFileAndTheKey() throws {
        var json = try results("cartpole.toml", seeds: 2).json()
        guard case .object(var top) = json, case .object(var methods)? = top["methods"], case .object(var bc)? = methods["BC"],
              case .object(var metrics)? = bc["metrics"], case .object(var summary)? = metrics["return"] else {
            return XCTFail("unexpected results.json layout")
        }
        summary["ci95"] = .array([.number(1)])
        metrics["return"] = .object(summary)
        bc["metrics"] = .object(metrics)
        methods["BC"] = .object(bc)
        top["methods"] = .object(methods)
        json = .object(top)
        XCTAssertThrowsError(try StoredResults(json: json, source: "run/results.json")) { error in
            XCTAssertEqual("\(error)", "run/results.json: methods.BC.metrics.return.ci95: unexpected value (expected [low, high])")
        }
    }
}
