import UnderstudyDeterminism
import UnderstudyTOML

/// An experiment with its `[sweep]` grid: one `ExperimentSpec` per cell. A spec without a sweep
/// is a study of one cell whose id is empty.
///
/// ```toml
/// [sweep]
/// "labels.bias" = [0, 0.0025, 0.005, 0.01, 0.02, 0.04]
/// ```
///
/// Cells are the product of the axes (axes in written order, values in written order). A
/// cell is named by its assignments, e.g. `labels.bias=0.01`, and its streams by that name,
/// so adding a value to an axis never changes the results of the cells already there.
public struct Study: Sendable {
    public struct Axis: Sendable {
        public var key: String
        public var values: [TOMLValue]
    }

    public struct Cell: Sendable {
        /// `key=value,key=value`, or "" without a sweep.
        public var id: String
        public var assignments: [(key: String, value: TOMLValue)]
        public var spec: ExperimentSpec
    }

    /// The spec without its sweep: name, methods, seeds, environment.
    public var spec: ExperimentSpec
    /// The canonical text of the spec as run (`--seed`/`--seeds` applied): what `spec.toml` records.
    public var canonicalText: String
    public var axes: [Axis]
    public var cells: [Cell]

    public var isSweep: Bool { !axes.isEmpty }

    /// A swept value as JSON (tables never appear in sweeps of scalar keys; written inline).
    static func json(_ value: TOMLValue) -> JSONValue {
        switch value.content {
        case .string(let s): return .string(s)
        case .integer(let i): return .integer(i)
        case .float(let x): return .number(x)
        case .boolean(let b): return .bool(b)
        case .array(let items): return .array(items.map(json))
        case .table: return .string("\(value)")
        }
    }

    /// The most keys a `[sweep]` may vary: a grid of more axes of two values or more is over
    /// any cell limit, and an axis of one value sweeps nothing.
    public static let maxAxes = 32

    /// Keys a sweep may not vary: they name the experiment or its repetitions.
    static let fixedKeys: Set<String> = ["name", "title", "seed", "seeds", "sweep", "method"]

    /// The study of `document`, refused with a `SpecError` when its grid, its work units or
    /// the steps of one unit exceed `limits` (checked before any cell is built).
    public init(document: TOMLDocument, limits: ResourceLimits = .unlimited) throws(SpecError) {
        var baseDocument = document
        var axes: [Axis] = []
        if let raw = document.root["sweep"] {
            let file = document.file
            guard case .table(let table) = raw.content else {
                throw SpecLocation(file: file, path: "sweep", position: raw.position ?? .start).wrongType(raw, expected: "a table [sweep] of key = [values]")
            }
            // More axes than this always exceed the cell limit (or repeat one cell); refused
            // before the product of the axes is built, which costs axes² time.
            guard table.entries.count <= Study.maxAxes else {
                throw SpecLocation(file: file, path: "sweep", position: raw.position ?? .start)
                    .error("\(table.entries.count) swept keys", expected: "at most \(Study.maxAxes) keys in [sweep]")
            }
            for entry in table.entries {
                let location = SpecLocation(file: file, path: "sweep.\(entry.key)", position: entry.keyPosition ?? table.position ?? .start)
                let path = entry.key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                // `method[0].iterations` names a method too.
                guard let first = path.first, !Study.fixedKeys.contains(String(first.prefix { $0 != "[" })), !path.contains(where: \.isEmpty) else {
                    throw location.error("cannot sweep '\(entry.key)'", expected: "a spec key such as \"labels.bias\" or \"demonstrations.laps\" (not name, title, seed, seeds or method)")
                }
                guard case .array(let values) = entry.value.content, !values.isEmpty, values.count <= 100 else {
                    throw SpecLocation(file: file, path: "sweep.\(entry.key)", position: entry.value.position ?? location.position)
                        .wrongType(entry.value, expected: "an array of 1 to 100 values")
                }
                for (i, v) in values.enumerated() where values[..<i].contains(where: { Study.sameValue($0, v) }) {
                    throw SpecLocation(file: file, path: "sweep.\(entry.key)[\(i)]", position: v.position ?? location.position)
                        .error("\(v) appears twice", expected: "distinct values")
                }
                axes.append(Axis(key: entry.key, values: values))
            }
            baseDocument.root["sweep"] = nil
            // A transfer evaluation reports one run's students in changed cars; a sweep's cells are many runs.
            if let t = document.root["transfer"] ?? document.root["reoptimise"] {
                throw SpecLocation(file: file, path: document.root["transfer"] != nil ? "transfer" : "reoptimise",
                                   position: t.position ?? .start)
                    .error("[[transfer]] and [reoptimise] cannot be combined with [sweep]", expected: "a spec without [sweep]")
            }
        }
        let cellCount = axes.reduce(1.0) { $0 * Double($1.values.count) }
        if cellCount > Double(limits.sweepCells), let sweep = document.root["sweep"] {
            throw SpecLocation(file: document.file, path: "sweep", position: sweep.position ?? .start)
                .error("the grid has \(TOMLWriter.float(cellCount)) cells (\(axes.map { "\($0.values.count)" }.joined(separator: " × ")))",
                       expected: "at most \(limits.sweepCells) sweep cells (the limit sweep_cells)", hint: ResourceLimits.overrideHint)
        }
        spec = try ExperimentSpec(document: baseDocument)
        try spec.checkBudget(cells: Int(cellCount), limits: limits, document: document)
        canonicalText = ExperimentSpec.canonicalText(document)
        self.axes = axes
        // The product of the axes, first axis slowest.
        var combos: [[(String, TOMLValue)]] = [[]]
        for axis in axes {
            combos = combos.flatMap { prefix in axis.values.map { prefix + [(axis.key, $0)] } }
        }
        var cells: [Cell] = []
        for combo in combos {
            var d = baseDocument
            for (key, value) in combo where !d.root.setValue(value, atPath: key.split(separator: ".").map(String.init)) {
                let entry = value.position ?? document.root["sweep"]?.position ?? .start
                throw SpecLocation(file: document.file, path: "sweep.\(key)", position: entry)
                    .error("'\(key)' passes through a value that is not a table", expected: "a spec key such as \"labels.bias\" or \"demonstrations.laps\"")
            }
            let id = combo.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
            let spec: ExperimentSpec
            do { spec = try ExperimentSpec(document: d) } catch {
                // The base spec is valid, so this cell's values broke it: point at [sweep] and name
                // the cell, keeping where in the spec the finding is.
                throw SpecError(file: error.file, position: document.root["sweep"]?.position ?? error.position,
                                message: "the sweep cell \(id) is not a valid spec: \(error.message) at \(error.position)",
                                expected: error.expected, hint: error.hint)
            }
            try spec.checkBudget(cells: Int(cellCount), limits: limits, document: document)
            cells.append(Cell(id: id, assignments: combo.map { (key: $0.0, value: $0.1) }, spec: spec))
        }
        self.cells = cells
    }
}

extension Study {
    /// Whether two swept values are the same value: `0` and `0.0` are one number (they would
    /// make two cells with the same results).
    static func sameValue(_ a: TOMLValue, _ b: TOMLValue) -> Bool {
        switch (a.content, b.content) {
        case (.integer(let i), .float(let x)), (.float(let x), .integer(let i)): return Double(i) == x
        default: return a == b
        }
    }

    /// Reads and validates the spec at `path`, applying `--seed`/`--seeds` overrides. Commands
    /// that start work pass their `limits`; readers of a finished run keep the default
    /// `.unlimited`, so a run made with `--allow-large` can still be reported.
    public static func load(_ path: String, seed: UInt64? = nil, seeds: Int? = nil,
                            limits: ResourceLimits = .unlimited) throws(ExperimentError) -> Study {
        let bytes: [UInt8]
        do { bytes = try AtomicFile.read(path) } catch { throw .unreadableSpec(path: path) }
        do {
            let document = try TOMLDocument(parsing: bytes, file: path)
            return try Study(document: ExperimentSpec.applying(document, seed: seed, seeds: seeds), limits: limits)
        } catch let error as TOMLError {
            throw .spec(SpecError(error))
        } catch let error as SpecError {
            throw .spec(error)
        } catch {
            throw .spec(SpecError(file: path, position: .start, message: "\(error)", expected: nil))
        }
    }
}
