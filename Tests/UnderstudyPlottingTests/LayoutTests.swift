import XCTest
@testable import UnderstudyPlotting

final class LayoutTests: XCTestCase {
    func test_axisMap_linearAndLog() {
        let linear = AxisMap(scale: .linear, lower: -1, upper: 3, start: 100, end: 500)
        XCTAssertEqual(linear(-1), 100)
        XCTAssertEqual(linear(3), 500)
        XCTAssertEqual(linear(1), 300)
        // Screen y grows downwards: a y axis maps its lower limit to the bottom.
        let y = AxisMap(scale: .linear, lower: 0, upper: 10, start: 400, end: 50)
        XCTAssertEqual(y(0), 400)
        XCTAssertEqual(y(10), 50)
        let log = AxisMap(scale: .log, lower: 1, upper: 100, start: 0, end: 200)
        XCTAssertEqual(log(10), 100, accuracy: 1e-9)
        XCTAssertEqual(log(1), 0, accuracy: 1e-12)
        XCTAssertFalse(log.contains(0))
        XCTAssertFalse(log(0).isFinite)
    }

    /// A sweep from 0 to 0.04 in doubling steps: symlog shows 0 and gives each decade the same
    /// length, with ticks at 0 and at the decades.
    func test_symlog_showsZeroAndSpreadsTheDecades() {
        let scale = Scale.symlog(linearWidth: 0.001)
        let map = AxisMap(scale: scale, lower: 0, upper: 1, start: 0, end: 100)
        XCTAssertEqual(map(0), 0)
        XCTAssertTrue(map.contains(0))
        XCTAssertEqual(map(0.1) - map(0.01), map(1) - map(0.1), accuracy: 1.5, "decades beyond the linear width are about equal")
        XCTAssertGreaterThan(map(0.001), 10, "the smallest value is not squeezed against 0")
        XCTAssertEqual(AxisMap.inverse(AxisMap.transform(0.04, scale), scale), 0.04, accuracy: 1e-15)
        XCTAssertEqual(AxisMap.inverse(AxisMap.transform(-0.04, scale), scale), -0.04, accuracy: 1e-15)
        let ticks = TickLocator.symlog(lower: 0, upper: 0.05, linearWidth: 0.0005, target: 5)
        XCTAssertEqual(ticks.major.map(\.label), ["0", "10⁻³", "10⁻²"])
    }

    func test_limitsFromData_includeEverythingWithMargins() {
        var axes = Axes()
        axes.line(x: [0, 10], y: [0, 1])
        axes.band(x: [0, 10], lower: [-1, -1], upper: [2, 2])
        axes.quiver(x: [10], y: [0], u: [5], v: [0])
        let layout = Figure.single(axes).layouts()[0]
        XCTAssertLessThan(layout.x.lower, 0)
        XCTAssertGreaterThan(layout.x.upper, 15)
        XCTAssertLessThan(layout.y.lower, -1)
        XCTAssertGreaterThan(layout.y.upper, 2)
        XCTAssertEqual(layout.hiddenPoints, 0)
    }

    func test_explicitLimits_reportHiddenPoints() {
        var axes = Axes()
        axes.scatter(x: [0, 1, 2, 3, 4], y: [0, 1, 2, 3, 4])
        axes.xLimits = 0...2.5
        XCTAssertEqual(Figure.single(axes).layouts()[0].hiddenPoints, 2)
        var log = Axes()
        log.yScale = .log
        log.line(x: [0, 1, 2], y: [0, 10, 100])
        XCTAssertEqual(Figure.single(log).layouts()[0].hiddenPoints, 1, "y = 0 cannot be shown on a log axis")
    }

    func test_equalAspect_givesOneScaleOnBothAxes() {
        var axes = Axes()
        axes.aspect = .equal
        axes.line(x: [0, 30], y: [0, 12])
        let layout = Figure(width: 500, height: 500).with(axes).layouts()[0]
        let perUnitX = layout.plot.width / (layout.x.upper - layout.x.lower)
        let perUnitY = layout.plot.height / (layout.y.upper - layout.y.lower)
        XCTAssertEqual(perUnitX, perUnitY, accuracy: 1e-9)
        // Same tick step on both axes.
        let sx = layout.xTicks.major[1].value - layout.xTicks.major[0].value
        let sy = layout.yTicks.major[1].value - layout.yTicks.major[0].value
        XCTAssertEqual(sx, sy)
    }

    func test_ticksLabels_doNotOverlap() {
        for width in stride(from: 120.0, through: 900, by: 60) {
            var axes = Axes()
            axes.line(x: [-123_456.7, 987_654.3], y: [0.000_12, 0.000_98])
            let figure = Figure(width: width, height: width * 0.6).with(axes)
            let layout = figure.layouts()[0]
            let widths = layout.xTicks.major.map { Double($0.label.count) * 5.5 }   // ≥ DejaVu's digit advance at 10 pt
            for k in 1..<layout.xTicks.major.count {
                let gap = layout.x(layout.xTicks.major[k].value) - layout.x(layout.xTicks.major[k - 1].value)
                XCTAssertGreaterThan(gap, (widths[k] + widths[k - 1]) / 2, "x labels overlap at width \(width)")
            }
        }
    }

    func test_legend_goesWhereItHidesTheFewestPoints() {
        // Data fill every candidate corner except the lower left.
        var axes = Axes()
        var xs: [Double] = [], ys: [Double] = []
        for i in 0...40 {
            for j in 0...40 {
                let x = Double(i) / 40, y = Double(j) / 40
                if x < 0.45 && y < 0.35 { continue }
                xs.append(x); ys.append(y)
            }
        }
        axes.scatter(x: xs, y: ys, label: "points", size: 2)
        axes.line(x: [0, 1], y: [1, 1], label: "line")
        let layout = Figure(width: 600, height: 400).with(axes).layouts()[0]
        let legend = try! XCTUnwrap(layout.legend).rect
        XCTAssertEqual(legend.x, layout.plot.x + 6, accuracy: 1e-9, "legend should sit at the left")
        XCTAssertEqual(legend.maxY, layout.plot.maxY - 6, accuracy: 1e-9, "legend should sit at the bottom")
        let covered = zip(xs, ys).filter { legend.contains(layout.x($0), layout.y($1)) }.count
        XCTAssertEqual(covered, 0)
    }

    func test_legend_mergesMarksWithTheSameLabel() {
        var axes = Axes()
        axes.line(x: [0, 1], y: [0, 1], lower: [0, 0.5], upper: [0.5, 1.5], label: "DAgger")
        axes.line(x: [0, 1], y: [1, 0], label: "BC")
        let entries = legendEntries(axes)
        XCTAssertEqual(entries.map(\.label), ["DAgger", "BC"])
        XCTAssertNotNil(entries[0].patch)
        XCTAssertNotNil(entries[0].stroke)
        XCTAssertEqual(entries[0].stroke?.color, Palette.color(0))
        XCTAssertEqual(entries[1].stroke?.color, Palette.color(1))
    }

    func test_palette_firstFourSeriesSeparateInGrayscale() {
        func lightness(_ c: Color) -> Double {
            func linear(_ v: Double) -> Double { v <= 0.04045 ? v / 12.92 : PortableMath.pow((v + 0.055) / 1.055, 2.4) }
            let y = 0.2126 * linear(c.red) + 0.7152 * linear(c.green) + 0.0722 * linear(c.blue)
            return y > 0.008856 ? 116 * PortableMath.pow(y, 1.0 / 3) - 16 : 903.3 * y
        }
        let l = Palette.series.prefix(4).map(lightness).sorted()
        for (a, b) in zip(l, l.dropFirst()) { XCTAssertGreaterThan(b - a, 11, "\(l)") }
        XCTAssertEqual(Palette.series.count, 8)
        XCTAssertEqual(Set(Palette.series).count, 8)
    }

    func test_viridis_matchesPublishedEndpoints() {
        XCTAssertEqual(Colormap.viridis.entries.count, 256)
        XCTAssertEqual(Colormap.viridis.color(at: 0), Color(red: 0.267004, green: 0.004874, blue: 0.329415))
        XCTAssertEqual(Colormap.viridis.color(at: 1), Color(red: 0.993248, green: 0.906157, blue: 0.143936))
        XCTAssertEqual(Colormap.viridis.color(at: .nan), Colormap.viridis.entries[0])
    }
}

import UnderstudyDeterminism

extension Figure {
    static func single(_ axes: Axes) -> Figure { Figure().with(axes) }
    func with(_ axes: Axes) -> Figure {
        var copy = self
        copy.axes[0] = axes
        return copy
    }
}

final class LegendOutsideTests: XCTestCase {
    func test_outsideLegend_sitsRightOfThePlotAndColorbar() {
        var axes = Axes()
        axes.heatmap(values: [0, 1, 2, 3], rows: 2, columns: 2, x: 0...1, y: 0...1, colorbarLabel: "value")
        axes.scatter(x: [0.5], y: [0.5], label: "point")
        axes.legend = .outsideRight
        let figure = Figure(width: 600, height: 400).with(axes)
        let layout = figure.layouts()[0]
        let legend = try! XCTUnwrap(layout.legend).rect
        XCTAssertGreaterThan(legend.x, try! XCTUnwrap(layout.colorbar).outerEdge)
        XCTAssertLessThanOrEqual(legend.maxX, figure.width)
    }
}
