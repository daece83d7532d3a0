import CUnderstudyCairo

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

    /// `v` rounded to 1/1000 (halves away from zero), without trailing zeros ("-12.5", "3",
    /// "0.001"); |v| <= 1e7 (drawLine checks).
    static func appendNumber(_ v: Double, to out: inout [UInt8]) {
        let scaled = abs(v) * 1000
        var thousandths = Int(scaled)                              // exact split: scaled < 2^52
        if scaled - Double(thousandths) >= 0.5 { thousandths += 1 }
        if v < 0 && thousandths != 0 { out.append(UInt8(ascii: "-")) }
        var whole = thousandths / 1000
        var fraction = thousandths % 1000
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var k = digits.count
            repeat { k -= 1; digits[k] = UInt8(ascii: "0") + UInt8(whole % 10); whole /= 10 } while whole > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[k...]))
        }
        guard fraction > 0 else { return }
        out.append(UInt8(ascii: "."))
        var scale = 100
        while fraction > 0 {
            out.append(UInt8(ascii: "0") + UInt8(fraction / scale))
            fraction %= scale
            scale /= 10
        }
    }

    /// `svg` with every stand-in's miter limit set to `miterLimit` and its `d` replaced by the
    /// line's vertices. Cairo 1.16 writes the limit in a `style` ("stroke-miterlimit:N;"),
    /// later versions as an attribute (stroke-miterlimit="N"); both are read, and the `d` is
    /// looked for inside the stand-in's own element only. Fails if cairo wrote a stand-in
    /// twice, or in a form left unrecognised (so a changed format cannot pass silently).
    func splice(into svg: [UInt8], miterLimit: Double) throws(PlotError) -> [UInt8] {
        guard !paths.isEmpty else { return svg }
        var limit: [UInt8] = []
        Self.appendNumber(miterLimit, to: &limit)
        var out: [UInt8] = []
        out.reserveCapacity(svg.count + paths.reduce(0) { $0 + $1.count })
        var seen = [Bool](repeating: false, count: paths.count)
        var i = 0
        while let marker = Self.nextMiterLimit(in: svg, from: i) {
            let index = marker.value - Self.firstMarker
            guard index >= 0, index < paths.count else {
                out.append(contentsOf: svg[i..<marker.digits.upperBound])
                i = marker.digits.upperBound
                continue
            }
            guard !seen[index],
                  let start = svg[i..<marker.digits.lowerBound].lastIndex(of: UInt8(ascii: "<")),
                  let end = svg[marker.digits.upperBound...].firstIndex(of: UInt8(ascii: ">")),
                  let d = Self.find(Array(" d=\"".utf8), in: svg, from: start).map({ $0 + 4 }), d < end,
                  let dEnd = svg[d..<end].firstIndex(of: UInt8(ascii: "\"")) else {
                throw .cairo("SVG line \(index) written twice or without path data")
            }
            seen[index] = true
            out.append(contentsOf: svg[i..<start])
            // The element with its two replacements, in the order they appear.
            let edits = [(marker.digits, limit), (d..<dEnd, paths[index])].sorted { $0.0.lowerBound < $1.0.lowerBound }
            var k = start
            for (range, replacement) in edits {
                out.append(contentsOf: svg[k..<range.lowerBound])
                out.append(contentsOf: replacement)
                k = range.upperBound
            }
            out.append(contentsOf: svg[k...end])
            i = end + 1
        }
        out.append(contentsOf: svg[i...])
        // A stand-in cairo left out (a fully transparent colour, say) drew nothing: neither
        // does the line. One still in the output was written in a form not understood above.
        var j = 0
        while let marker = Self.nextMiterLimit(in: out, from: j) {
            guard marker.value < Self.firstMarker else { throw .cairo("SVG line stand-in in an unexpected form") }
            j = marker.digits.upperBound
        }
        return out
    }

    /// The next "stroke-miterlimit" from `start` and its integer value: the digits after at
    /// most three separator bytes (`:`, `="`, spaces), up to any fraction.
    private static func nextMiterLimit(in svg: [UInt8], from start: Int) -> (digits: Range<Int>, value: Int)? {
        let key = Array("stroke-miterlimit".utf8)
        var from = start
        while let found = find(key, in: svg, from: from) {
            var j = found + key.count
            let separatorEnd = min(svg.count, j + 3)
            while j < separatorEnd, svg[j] == UInt8(ascii: ":") || svg[j] == UInt8(ascii: "=")
                    || svg[j] == UInt8(ascii: "\"") || svg[j] == UInt8(ascii: " ") { j += 1 }
            let first = j
            var value = 0
            while j < svg.count, svg[j] >= 48, svg[j] <= 57, value < 1 << 40 { value = value * 10 + Int(svg[j] - 48); j += 1 }
            if j > first { return (first..<j, value) }
            from = j
        }
        return nil
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
