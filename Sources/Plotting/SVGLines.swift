import CCairo

/// The path data of an SVG figure's lines, written by us instead of cairo.
///
/// Cairo's SVG surface prints every coordinate through printf; with tens of thousands of
/// vertices (a trajectory overlay) that was most of an SVG's render time. Each line is
/// therefore stroked in cairo as a two-point stand-in (the plot's diagonal, so it is never
/// clipped away) whose miter limit, `firstMarker + index`, is unique. Cairo still writes the
/// line's element with its clip group, colour, opacity, width and dashes; `splice` then puts
/// the real miter limit back and replaces the stand-in's `d` with the line's own vertices,
/// printed to 1/1000 pt. Cairo's SVG user space is the page in points, as ours.
final class SVGLines {
    /// Miter limits at or above this mark a stand-in (ours are 2; cairo's default is 10).
    static let firstMarker = 100_000
    private var paths: [[UInt8]] = []

    /// Registers a line's vertices (x, y pairs in points; a NaN pair breaks the line) and
    /// returns the miter limit its stand-in must be stroked with, or nil when nothing is drawn.
    func add(_ points: [Double]) -> Double? {
        var data: [UInt8] = []
        data.reserveCapacity(points.count * 8)
        var started = false, segments = 0
        for i in stride(from: 0, to: points.count - 1, by: 2) {
            let x = points[i], y = points[i + 1]
            guard x.isFinite, y.isFinite else { started = false; continue }
            if !data.isEmpty { data.append(UInt8(ascii: " ")) }
            data.append(started ? UInt8(ascii: "L") : UInt8(ascii: "M"))
            data.append(UInt8(ascii: " "))
            Self.appendNumber(x, to: &data)
            data.append(UInt8(ascii: " "))
            Self.appendNumber(y, to: &data)
            if started { segments += 1 }
            started = true
        }
        guard segments > 0 else { return nil }
        paths.append(data)
        return Double(Self.firstMarker + paths.count - 1)
    }

    /// `v` rounded to 1/1000, without trailing zeros ("-12.5", "3", "0.001").
    static func appendNumber(_ v: Double, to out: inout [UInt8]) {
        var thousandths = Int((abs(v) * 1000).rounded())          // |v| <= 1e7 pt (drawLine checks)
        if v < 0 && thousandths != 0 { out.append(UInt8(ascii: "-")) }
        var whole = thousandths / 1000
        thousandths %= 1000
        let start = out.count
        repeat { out.append(UInt8(ascii: "0") + UInt8(whole % 10)); whole /= 10 } while whole > 0
        out[start...].reverse()
        guard thousandths > 0 else { return }
        out.append(UInt8(ascii: "."))
        var scale = 100
        while thousandths > 0 {
            out.append(UInt8(ascii: "0") + UInt8(thousandths / scale))
            thousandths %= scale
            scale /= 10
        }
    }

    /// `svg` with every stand-in's miter limit set to `miterLimit` and its `d` replaced by the
    /// line's vertices. Fails if cairo wrote a stand-in twice.
    func splice(into svg: [UInt8], miterLimit: Double) throws(PlotError) -> [UInt8] {
        guard !paths.isEmpty else { return svg }
        let key = Array("stroke-miterlimit:".utf8)
        var limit: [UInt8] = []
        Self.appendNumber(miterLimit, to: &limit)
        var out: [UInt8] = []
        out.reserveCapacity(svg.count + paths.reduce(0) { $0 + $1.count })
        var seen = [Bool](repeating: false, count: paths.count)
        var i = 0
        let n = svg.count
        while i < n {
            guard let found = Self.find(key, in: svg, from: i) else { break }
            var j = found + key.count
            var number = 0
            while j < n, svg[j] >= 48, svg[j] <= 57, number < 1 << 40 { number = number * 10 + Int(svg[j] - 48); j += 1 }
            let index = number - Self.firstMarker
            guard index >= 0, index < paths.count, j < n, svg[j] == UInt8(ascii: ";") || svg[j] == UInt8(ascii: "\"") else {
                out.append(contentsOf: svg[i..<j])
                i = j
                continue
            }
            guard !seen[index], let d = Self.find(Array(" d=\"".utf8), in: svg, from: j),
                  let end = svg[(d + 4)...].firstIndex(of: UInt8(ascii: "\"")) else {
                throw .cairo("SVG line \(index) written twice or without path data")
            }
            seen[index] = true
            out.append(contentsOf: svg[i..<(found + key.count)])
            out.append(contentsOf: limit)
            out.append(contentsOf: svg[j..<(d + 4)])
            out.append(contentsOf: paths[index])
            i = end
        }
        out.append(contentsOf: svg[i..<n])
        // A stand-in cairo left out (a fully transparent colour, say) drew nothing: neither
        // does the line.
        return out
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
