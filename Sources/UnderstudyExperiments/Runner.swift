import UnderstudyDeterminism
import Foundation

/// Runs an experiment's work units (every method on every seed, plus the expert's reference
/// episodes) in parallel, stores each finished unit, and assembles the results from the
/// stored units in a fixed order — so `--jobs`, interruptions and shards never change a byte.
public struct Runner: Sendable {
    public var study: Study
    public var jobs: Int
    /// The spec without its sweep (methods and seeds are the same in every cell).
    public var spec: ExperimentSpec { study.spec }

    public init(study: Study, jobs: Int) {
        self.study = study
        self.jobs = max(1, jobs)
    }

    /// A unit of work, named by a path that does not depend on the rest of the spec's grid.
    public struct Unit: Sendable, Hashable {
        /// Index into `study.cells` (0 without a sweep).
        public var cell: Int = 0
        /// Index into `spec.methods`, or nil for the expert's reference episodes.
        public var method: Int?
        public var seedIndex: Int
    }

    /// Every unit in canonical order: cells in grid order; in each, methods in spec order with
    /// seeds ascending, the expert last.
    public var units: [Unit] {
        study.cells.indices.flatMap { c in
            spec.methods.indices.flatMap { m in (0..<spec.seeds).map { Unit(cell: c, method: m, seedIndex: $0) } }
                + (0..<spec.seeds).map { Unit(cell: c, method: nil, seedIndex: $0) }
        }
    }

    public func id(of unit: Unit) -> String {
        UnitResult.id(cell: study.cells[unit.cell].id, method: unit.method.map { spec.methods[$0].name } ?? "Expert", seedIndex: unit.seedIndex)
    }

    /// Runs the units missing from `directory`'s store, then reads every unit back.
    /// `selected` restricts the run to some units (a shard); `progress` hears of each finished unit.
    public func run(in directory: RunDirectory, selected: [Unit]? = nil,
                    progress: (@Sendable (_ done: Int, _ total: Int, _ unit: String) -> Void)? = nil) throws -> [Unit: UnitResult] {
        let wanted = selected ?? units
        let pending = wanted.filter { directory.storedUnit(id(of: $0)) == nil }
        let alreadyDone = wanted.count - pending.count
        let counter = ProgressCounter(start: alreadyDone)
        let runner = self
        // Fewer units than jobs: each unit may use the spare cores inside (never changes a bit).
        let threads = max(1, jobs / max(1, pending.count))
        let outcomes: [Result<Void, ExperimentError>] = parallelMap(pending.count, jobs: jobs) { i in
            let unit = pending[i]
            do {
                let cell = runner.study.cells[unit.cell]
                let clock = ContinuousClock()
                let start = clock.now
                let result = try unit.compute(in: cell, threads: threads)
                let elapsed = start.duration(to: clock.now)
                let text = try CanonicalJSON.string(result.json)
                try directory.storeUnit(result.id, Array(text.utf8))
                try directory.storeUnitSeconds(result.id, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
                progress?(counter.increment(), wanted.count, result.id)
                return .success(())
            } catch let error as ExperimentError {
                return .failure(error)
            } catch {
                return .failure(.unitFailed(unit: runner.id(of: unit), reason: "\(error)"))
            }
        }
        for case .failure(let error) in outcomes { throw error }
        return try read(wanted, from: directory)
    }

    /// Reads stored units back (each must be present and well-formed).
    public func read(_ wanted: [Unit], from directory: RunDirectory) throws -> [Unit: UnitResult] {
        var results: [Unit: UnitResult] = [:]
        for unit in wanted {
            let name = id(of: unit)
            let source = directory.unitsPath + "/" + RunDirectory.fileName(forUnit: name)
            guard let bytes = directory.storedUnit(name) else { throw ExperimentError.missingUnit(source: source, unit: name) }
            let json: JSONValue
            do { json = try JSONParser.parse(String(decoding: bytes, as: UTF8.self)) } catch {
                throw ExperimentError.corruptUnit(source: source, detail: "\(error)")
            }
            let result = try UnitResult(json: json, source: source)
            guard result.id == name else { throw ExperimentError.wrongUnit(source: source, holds: result.id, expected: name) }
            results[unit] = result
        }
        return results
    }

    /// The units of shard `index` (1-based) of `count`: every count-th unit of the canonical
    /// order, so each shard gets a balanced mix of methods and seeds.
    public func units(ofShard index: Int, of count: Int) -> [Unit] {
        units.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }

    /// Assembles results from a complete set of units.
    public func assemble(_ results: [Unit: UnitResult]) throws -> RunResults {
        let cells = try study.cells.indices.map { c in
            let grid = try spec.methods.indices.map { m in
                try (0..<spec.seeds).map { k in
                    guard let r = results[Unit(cell: c, method: m, seedIndex: k)] else { throw ExperimentError.incompleteRun(missing: id(of: Unit(cell: c, method: m, seedIndex: k))) }
                    return r
                }
            }
            let expert = try (0..<spec.seeds).map { k in
                guard let r = results[Unit(cell: c, method: nil, seedIndex: k)] else { throw ExperimentError.incompleteRun(missing: id(of: Unit(cell: c, method: nil, seedIndex: k))) }
                return r
            }
            return RunResults.CellResults(units: grid, expert: expert)
        }
        return RunResults(study: study, cells: cells)
    }
}

/// Counts finished units across worker threads for progress reports.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int
    init(start: Int) { value = start }
    func increment() -> Int {
        lock.lock(); defer { lock.unlock() }
        value += 1
        return value
    }
}
