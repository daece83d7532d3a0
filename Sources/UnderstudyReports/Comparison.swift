import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyExperiments
import Foundation
import UnderstudyGoldenImage
import UnderstudyPlotting

/// What a comparison of two runs found; `text` is the short summary `understudy compare` prints.
public struct ComparisonSummary: Sendable {
    /// One metric of one method (or "Expert") in both runs.
    public struct MetricDelta: Sendable, Hashable {
        public var method: String
        public var metric: String
        /// nil when the run has no such method or metric.
        public var a: Interval?
        public var b: Interval?
        /// True when per-seed values, mean, IQM and CI are all bit-identical.
        public var identical: Bool
        /// B − A of the means (nil when either is missing).
        public var delta: Double? {
            guard let a, let b else { return nil }
            return b.mean - a.mean
        }
    }

    public struct Interval: Sendable, Hashable {
        public var mean: Double
        public var low: Double
        public var high: Double
    }

    /// Where seed 0's evaluation episodes of a method first differ.
    public struct Divergence: Sendable, Hashable {
        public var method: String
        /// The first step index whose states differ; nil when the episodes are identical.
        public var firstStep: Int?
        public var stepsA: Int
        public var stepsB: Int

        /// "BC diverges at step 14", "BC identical", "GAIL only in B".
        public var text: String {
            if stepsA == 0 && stepsB > 0 { return "\(method) only in B" }
            if stepsB == 0 && stepsA > 0 { return "\(method) only in A" }
            return firstStep.map { "\(method) diverges at step \($0)" } ?? "\(method) identical"
        }
    }

    /// Pixel differences of one figure both runs drew.
    public struct ImageDiff: Sendable, Hashable {
        public var name: String
        /// nil when the images cannot be compared (see `note`).
        public var differingPixels: Int?
        public var totalPixels: Int
        /// The diff image, relative to the comparison directory, when pixels differ.
        public var diffImage: String?
        public var note: String?
    }

    public var runA: String
    public var runB: String
    public var metrics: [MetricDelta]
    public var divergences: [Divergence]
    public var images: [ImageDiff]
    /// Figures only one run has.
    public var onlyInA: [String]
    public var onlyInB: [String]

    /// No metric, trajectory or figure differs.
    public var identical: Bool {
        metrics.allSatisfy(\.identical) && divergences.allSatisfy { $0.firstStep == nil }
            && images.allSatisfy { $0.differingPixels == 0 } && onlyInA.isEmpty && onlyInB.isEmpty
    }

    /// A few lines for the terminal.
    public var text: String {
        var lines = ["\(runA) vs \(runB): \(identical ? "identical" : "different")"]
        let differing = metrics.filter { !$0.identical }
        var line = "metrics: \(differing.count) of \(metrics.count) differ"
        if let largest = differing.filter({ $0.delta != nil }).max(by: { abs($0.delta!) < abs($1.delta!) }) {
            line += " (largest: \(largest.method) \(largest.metric) Δ = \(Comparison.signed(largest.delta!)))"
        }
        lines.append(line)
        lines.append("trajectories (seed 0): " + divergences.map(\.text).joined(separator: "; "))
        let imageDiffs = images.filter { $0.differingPixels != 0 }
        var figures = "figures: \(imageDiffs.count) of \(images.count) differ"
        if !imageDiffs.isEmpty {
            figures += " (" + imageDiffs.map { i in i.differingPixels.map { "\(i.name): \($0) pixels" } ?? "\(i.name): \(i.note ?? "not comparable")" }
                .joined(separator: ", ") + ")"
        }
        if !onlyInA.isEmpty { figures += "; only in A: " + onlyInA.joined(separator: ", ") }
        if !onlyInB.isEmpty { figures += "; only in B: " + onlyInB.joined(separator: ", ") }
        lines.append(figures)
        return lines.joined(separator: "\n")
    }
}

/// A side-by-side report of two runs (`understudy compare`): metric deltas with both
/// CIs, the first step where their trajectories diverge, an overlay of both runs' trajectories,
/// and pixel diffs of the figures both drew.
public enum Comparison {
    /// Compares the run directories `runA` and `runB` and writes `out/index.html`,
    /// `out/comparison.json` and `out/figures/` (the overlay, and for each differing figure
    /// copies of both PNGs and a diff image). Both runs are read before anything is written.
    @discardableResult
    public static func write(runA: String, runB: String, out: String) throws -> ComparisonSummary {
        let a = try StoredRun.load(runA)
        let b = try StoredRun.load(runB)
        var summary = ComparisonSummary(runA: runA, runB: runB, metrics: metricDeltas(a, b), divergences: divergences(a, b),
                                        images: [], onlyInA: [], onlyInB: [])
        let figuresA = pngNames(runA + "/figures"), figuresB = pngNames(runB + "/figures")
        summary.onlyInA = figuresA.filter { !figuresB.contains($0) }
        summary.onlyInB = figuresB.filter { !figuresA.contains($0) }
        let figureDirectory = out + "/figures"
        for name in figuresA where figuresB.contains(name) {
            summary.images.append(try imageDiff(name, a: runA + "/figures/\(name).png", b: runB + "/figures/\(name).png",
                                                figureDirectory: figureDirectory))
        }
        let overlay = overlayFigure(a, b)
        if let overlay {
            try Report.write(try Report.render(figureDirectory + "/overlay.png") { try overlay.figure.png(scale: 2) },
                             to: figureDirectory + "/overlay.png")
            try Report.write(try Report.render(figureDirectory + "/overlay.svg") { try overlay.figure.svg() },
                             to: figureDirectory + "/overlay.svg")
        }
        // Keep only this comparison's images (an earlier comparison into `out` may have left others).
        var written: Set<String> = overlay == nil ? [] : ["overlay"]
        for i in summary.images where i.differingPixels != 0 { written.formUnion(["\(i.name).a", "\(i.name).b", "\(i.name).diff"]) }
        Report.removeStaleFigures(in: figureDirectory, keeping: written)
        try Report.write(Array(html(summary, a, b, overlay: overlay).utf8), to: out + "/index.html")
        try Report.write(Array(((try? CanonicalJSON.string(json(summary), pretty: true)) ?? "{}").utf8), to: out + "/comparison.json")
        return summary
    }

    // MARK: - Metrics

    static func metricDeltas(_ a: StoredRun, _ b: StoredRun) -> [ComparisonSummary.MetricDelta] {
        var names = a.methodNames
        for n in b.methodNames where !names.contains(n) { names.append(n) }
        var out: [ComparisonSummary.MetricDelta] = []
        func add(_ method: String, _ ma: [String: Summary], _ mb: [String: Summary]) {
            let metrics = Set(ma.keys).union(mb.keys).sorted()
            for metric in metrics {
                let sa = ma[metric], sb = mb[metric]
                out.append(.init(method: method, metric: metric, a: sa.map(interval), b: sb.map(interval),
                                 identical: sa != nil && sb != nil && same(sa!, sb!)))
            }
        }
        for name in names {
            add(name, a.results.methods[name]?.metrics ?? [:], b.results.methods[name]?.metrics ?? [:])
        }
        add("Expert", a.results.expert, b.results.expert)
        return out
    }

    static func interval(_ s: Summary) -> ComparisonSummary.Interval { .init(mean: s.mean, low: s.ci95.low, high: s.ci95.high) }

    /// Bitwise equality (NaN equals NaN), so "identical" means the same bytes in results.json.
    static func same(_ x: Summary, _ y: Summary) -> Bool {
        func eq(_ p: Double, _ q: Double) -> Bool { p.bitPattern == q.bitPattern }
        return x.perSeed.count == y.perSeed.count && zip(x.perSeed, y.perSeed).allSatisfy(eq)
            && eq(x.mean, y.mean) && eq(x.iqm, y.iqm) && eq(x.ci95.low, y.ci95.low) && eq(x.ci95.high, y.ci95.high)
    }

    // MARK: - Trajectories

    static func divergences(_ a: StoredRun, _ b: StoredRun) -> [ComparisonSummary.Divergence] {
        var names = a.methodNames
        for n in b.methodNames where !names.contains(n) { names.append(n) }
        var out = names.map { name in
            divergence(name, a.trajectories.episodes(name).first?.states ?? [], b.trajectories.episodes(name).first?.states ?? [])
        }
        out.append(divergence("Expert", a.trajectories.expert.first?.states ?? [], b.trajectories.expert.first?.states ?? []))
        return out
    }

    /// The first index whose states differ bit for bit; a shorter episode diverges where it ends.
    static func divergence(_ method: String, _ x: [[Double]], _ y: [[Double]]) -> ComparisonSummary.Divergence {
        var first: Int?
        for i in 0..<min(x.count, y.count) where first == nil {
            if x[i].count != y[i].count || zip(x[i], y[i]).contains(where: { $0.bitPattern != $1.bitPattern }) { first = i }
        }
        if first == nil, x.count != y.count { first = min(x.count, y.count) }
        return .init(method: method, firstStep: first, stepsA: x.count, stepsB: y.count)
    }

    // MARK: - Images

    static func pngNames(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".png") }
            .map { String($0.dropLast(4)) }.sorted()
    }

    static func imageDiff(_ name: String, a: String, b: String, figureDirectory: String) throws -> ComparisonSummary.ImageDiff {
        let imageA: RGBAImage, imageB: RGBAImage
        do {
            imageA = try RGBAImage(contentsOfPNG: a)
            imageB = try RGBAImage(contentsOfPNG: b)
        } catch {
            return .init(name: name, differingPixels: nil, totalPixels: 0, diffImage: nil, note: "unreadable: \(error)")
        }
        guard imageA.width == imageB.width, imageA.height == imageB.height else {
            try copyBoth(name, a: a, b: b, figureDirectory: figureDirectory)
            return .init(name: name, differingPixels: nil, totalPixels: imageA.pixelCount, diffImage: nil,
                         note: "sizes differ (\(imageA.sizeDescription) vs \(imageB.sizeDescription))")
        }
        if imageA == imageB {
            return .init(name: name, differingPixels: 0, totalPixels: imageA.pixelCount, diffImage: nil, note: nil)
        }
        let result: PixelMatchResult
        do { result = try PixelMatch.compare(imageA, imageB, options: PixelMatchOptions(threshold: 0.1), makeDiffImage: true) } catch {
            return .init(name: name, differingPixels: nil, totalPixels: imageA.pixelCount, diffImage: nil, note: "\(error)")
        }
        try copyBoth(name, a: a, b: b, figureDirectory: figureDirectory)
        let diffName = "figures/\(name).diff.png"
        if let diff = result.diffImage {
            let path = figureDirectory + "/\(name).diff.png"
            let bytes: [UInt8]
            do { bytes = try diff.pngData() } catch {
                guard case .cannotEncode(let reason) = error else { throw ReportError.cannotWrite(path: path, what: "\(error)") }
                throw ReportError.cannotWrite(path: path, what: "cannot encode PNG: \(reason)")
            }
            try Report.write(bytes, to: path)
        }
        // Pixels that differ only by anti-aliasing still make the images unequal: count them too.
        let count = result.differingPixels > 0 ? result.differingPixels : max(1, result.antialiasedPixels)
        return .init(name: name, differingPixels: count, totalPixels: imageA.pixelCount, diffImage: diffName,
                     note: result.differingPixels == 0 ? "differs only by anti-aliasing" : nil)
    }

    static func copyBoth(_ name: String, a: String, b: String, figureDirectory: String) throws {
        for (source, suffix) in [(a, "a"), (b, "b")] {
            let bytes: [UInt8]
            do { bytes = try AtomicFile.read(source) } catch { throw ReportError.missing(path: source, what: "cannot read (\(error))") }
            try Report.write(bytes, to: figureDirectory + "/\(name).\(suffix).png")
        }
    }

    // MARK: - Overlay

    /// Both runs' seed-0 episodes in one figure: A solid, B dashed, one colour per method.
    static func overlayFigure(_ a: StoredRun, _ b: StoredRun) -> ReportFigure? {
        guard a.spec.environment.id == b.spec.environment.id else { return nil }
        var names = a.methodNames
        for n in b.methodNames where !names.contains(n) { names.append(n) }
        var series: [(name: String, color: Color, a: [[Double]], b: [[Double]])] = names.enumerated().map { m, name in
            (name, ReportStyle.method(m), a.trajectories.episodes(name).first?.states ?? [], b.trajectories.episodes(name).first?.states ?? [])
        }
        series.insert(("Expert", ReportStyle.expert, a.trajectories.expert.first?.states ?? [], b.trajectories.expert.first?.states ?? []), at: 0)
        if a.spec.environment.id == "driving-loop" {
            guard let track = try? DrivingLoop(config: a.spec.environment.drivingLoop).track else { return nil }
            var figure = Figure(width: 720, height: 460)
            var axes = DrivingLoopFigures.mapAxes(title: "Seed 0 of both runs: A solid, B dashed")
            axes.grid = false
            DrivingLoopFigures.drawTrack(&axes, track)
            for s in series {
                let (xa, ya) = DrivingLoopFigures.positions(s.a), (xb, yb) = DrivingLoopFigures.positions(s.b)
                if !xa.isEmpty { axes.line(x: xa, y: ya, label: "\(s.name) (A)", color: s.color, width: 1.8) }
                if !xb.isEmpty { axes.line(x: xb, y: yb, label: "\(s.name) (B)", color: s.color, width: 1.4, dash: [5, 3]) }
            }
            let (xl, yl) = DrivingLoopFigures.mapLimits(track: track, states: series.flatMap { [$0.a, $0.b] })
            axes.xLimits = xl
            axes.yLimits = yl
            figure[0, 0] = axes
            return ReportFigure(name: "overlay", caption: "Seed-0 evaluation episodes of run A (solid) and run B (dashed) on A's track.",
                                figure: figure)
        }
        let stateSize = a.trajectories.expert.first?.states.first?.count ?? 0
        guard let plane = PhasePortraits.plane(environment: a.spec.environment.id, stateSize: stateSize) else { return nil }
        let panels = series.count
        let columns = min(panels, 3)
        let rows = (panels + columns - 1) / columns
        var figure = Figure(width: Double(columns) * 380, height: Double(rows) * 300 + 30, rows: rows, columns: columns)
        figure.title = "Phase portrait, seed 0: run A solid, run B dashed"
        for (k, s) in series.enumerated() {
            var axes = Axes()
            axes.title = s.name
            axes.xLabel = plane.xLabel
            axes.yLabel = plane.yLabel
            let pa = PhasePortraits.path(s.a, plane), pb = PhasePortraits.path(s.b, plane)
            if !pa.x.isEmpty { axes.line(x: pa.x, y: pa.y, label: "A", color: s.color, width: 1.6) }
            if !pb.x.isEmpty { axes.line(x: pb.x, y: pb.y, label: "B", color: s.color, width: 1.3, dash: [5, 3]) }
            figure[k / columns, k % columns] = axes
        }
        return ReportFigure(name: "overlay", caption: "Seed-0 evaluation episodes of run A (solid) and run B (dashed), one panel per method.",
                            figure: figure)
    }

    // MARK: - Output

    static func signed(_ x: Double) -> String {
        x > 0 ? "+" + NumberText.significant(x) : NumberText.significant(x)
    }

    static func cell(_ i: ComparisonSummary.Interval?) -> String {
        guard let i else { return "<td class=\"num\">—</td>" }
        return "<td class=\"num\">\(NumberText.significant(i.mean)) [\(NumberText.significant(i.low)), \(NumberText.significant(i.high))]</td>"
    }

    static func html(_ s: ComparisonSummary, _ a: StoredRun, _ b: StoredRun, overlay: ReportFigure?) -> String {
        let e = HTML.escape
        var body = "<h1>Comparison: \(e(a.spec.title)) — A vs B</h1>\n"
        body += "<p class=\"meta\">A: <code>\(e(s.runA))</code> (\(e(a.spec.name)), seed \(a.spec.seed), \(a.spec.seeds) seeds)<br>"
            + "B: <code>\(e(s.runB))</code> (\(e(b.spec.name)), seed \(b.spec.seed), \(b.spec.seeds) seeds)</p>\n"
        body += "<p><strong class=\"\(s.identical ? "same" : "differ")\">\(s.identical ? "Identical" : "Different")</strong>: "
            + "\(s.metrics.filter { !$0.identical }.count) of \(s.metrics.count) metrics, "
            + "\(s.divergences.filter { $0.firstStep != nil }.count) of \(s.divergences.count) trajectories and "
            + "\(s.images.filter { $0.differingPixels != 0 }.count) of \(s.images.count) figures differ.</p>\n"
        if a.specText != b.specText { body += "<p>The runs' spec.toml files differ.</p>\n" }

        body += "<h2>Metrics</h2>\n<p>Mean over seeds [95 % CI]; Δ = B − A of the means.</p>\n<table>\n"
            + "<tr><th>method</th><th>metric</th><th>A</th><th>B</th><th>Δ (B − A)</th><th></th></tr>\n"
        for d in s.metrics {
            body += "<tr><td>\(e(d.method))</td><td><code>\(e(d.metric))</code></td>\(cell(d.a))\(cell(d.b))"
                + "<td class=\"num\">\(d.delta.map(signed) ?? "—")</td>"
                + "<td class=\"\(d.identical ? "same" : "differ")\">\(d.identical ? "identical" : "differs")</td></tr>\n"
        }
        body += "</table>\n"

        body += "<h2>Trajectories</h2>\n<p>Seed 0's evaluation episode: the first step whose state differs bit for bit.</p>\n<table>\n"
            + "<tr><th>method</th><th>first diverging step</th><th>steps in A</th><th>steps in B</th></tr>\n"
        for d in s.divergences {
            body += "<tr><td>\(e(d.method))</td><td class=\"\(d.firstStep == nil ? "same" : "differ")\">"
                + "\(d.stepsA == 0 || d.stepsB == 0 ? "only in \(d.stepsA == 0 ? "B" : "A")" : d.firstStep.map(String.init) ?? "identical")</td><td class=\"num\">\(d.stepsA)</td><td class=\"num\">\(d.stepsB)</td></tr>\n"
        }
        body += "</table>\n"
        if let overlay {
            body += HTML.figure(directory: "figures", name: overlay.name, width: overlay.figure.width, caption: overlay.caption) + "\n"
        } else {
            body += "<p>No overlay: the runs use different environments.</p>\n"
        }

        body += "<h2>Figures</h2>\n<p>Pixel differences of the figures both runs drew (pixelmatch, threshold 0.1; "
            + "red: differing pixels, yellow: anti-aliasing only).</p>\n<table>\n<tr><th>figure</th><th>differing pixels</th></tr>\n"
        for i in s.images {
            let text = i.differingPixels.map { "\($0) of \(i.totalPixels)" } ?? "—"
            body += "<tr><td>\(e(i.name))</td><td class=\"\(i.differingPixels == 0 ? "same" : "differ")\">\(text)"
                + "\(i.note.map { " (\(e($0)))" } ?? "")</td></tr>\n"
        }
        for n in s.onlyInA { body += "<tr><td>\(e(n))</td><td class=\"differ\">only in A</td></tr>\n" }
        for n in s.onlyInB { body += "<tr><td>\(e(n))</td><td class=\"differ\">only in B</td></tr>\n" }
        body += "</table>\n"
        for i in s.images where i.differingPixels != 0 {
            body += "<h3>\(e(i.name))</h3>\n<p>"
            body += "<a href=\"\(HTML.href("figures/\(i.name).a.png"))\">A</a> · <a href=\"\(HTML.href("figures/\(i.name).b.png"))\">B</a>"
            if let diff = i.diffImage { body += " · <a href=\"\(HTML.href(diff))\">diff</a>" }
            body += "</p>\n"
            if let diff = i.diffImage { body += "<img src=\"\(HTML.href(diff))\" width=\"640\" alt=\"diff of \(e(i.name))\">\n" }
        }
        return HTML.page(title: "Comparison: \(a.spec.title)", body: body)
    }

    static func json(_ s: ComparisonSummary) -> JSONValue {
        func number(_ x: Double?) -> JSONValue { x.map { $0.isFinite ? .number($0) : .null } ?? .null }
        func interval(_ i: ComparisonSummary.Interval?) -> JSONValue {
            i.map { .object(["mean": number($0.mean), "ci95": .array([number($0.low), number($0.high)])]) } ?? .null
        }
        return .object([
            "format": .string("understudy-comparison/1"),
            "identical": .bool(s.identical),
            "metrics": .array(s.metrics.map { d in
                .object(["method": .string(d.method), "metric": .string(d.metric), "a": interval(d.a), "b": interval(d.b),
                         "delta": number(d.delta), "identical": .bool(d.identical)])
            }),
            "trajectories": .array(s.divergences.map { d in
                .object(["method": .string(d.method), "first_diverging_step": d.firstStep.map(JSONValue.integer) ?? .null,
                         "steps_a": .integer(d.stepsA), "steps_b": .integer(d.stepsB)])
            }),
            "figures": .array(s.images.map { i in
                .object(["name": .string(i.name), "differing_pixels": i.differingPixels.map(JSONValue.integer) ?? .null,
                         "total_pixels": .integer(i.totalPixels), "note": i.note.map(JSONValue.string) ?? .null])
            }),
            "only_in_a": .array(s.onlyInA.map(JSONValue.string)),
            "only_in_b": .array(s.onlyInB.map(JSONValue.string)),
        ])
    }
}
