import CCairo

/// Antialiased solid polylines drawn straight into a PNG's ARGB32 pixels.
///
/// Cairo strokes a polyline by tessellating it into a polygon and scan-converting that with
/// exact area coverage; with tens of thousands of segments (a trajectory overlay) this was
/// most of a figure's render time. Here a pixel gets the coverage clamp(w/2 + 1/2 − d, 0, 1)
/// from the distance d of its centre to the nearest segment (round joins and caps), a
/// polyline's coverage is the maximum over its segments (joins are not blended twice, as in
/// one cairo stroke), and each polyline is blended once, source-over, in integer arithmetic, so
/// the bytes depend on nothing but the inputs. Only PNG output takes this path; SVG and PDF keep
/// cairo's vector strokes.
final class LineRaster {
    private let surface: OpaquePointer
    private let pixels: UnsafeMutablePointer<UInt32>
    private let width: Int
    private let height: Int
    /// Pixels per row of the image (cairo's stride / 4); also the coverage buffer's row length.
    private let rowPixels: Int
    /// One polyline's coverage (0…255 per pixel, all zero between polylines) and the pixels it touched.
    private let marks: Coverage

    /// A raster over an ARGB32 image surface (nil for any other surface).
    init?(_ surface: OpaquePointer) {
        guard cairo_surface_get_type(surface) == CAIRO_SURFACE_TYPE_IMAGE,
              cairo_image_surface_get_format(surface) == CAIRO_FORMAT_ARGB32,
              let data = cairo_image_surface_get_data(surface) else { return nil }
        self.surface = surface
        width = Int(cairo_image_surface_get_width(surface))
        height = Int(cairo_image_surface_get_height(surface))
        rowPixels = Int(cairo_image_surface_get_stride(surface)) / 4
        pixels = UnsafeMutableRawPointer(data).bindMemory(to: UInt32.self, capacity: rowPixels * height)
        marks = Coverage(pixelCount: rowPixels * height)
    }

    deinit { marks.deallocate() }

    /// The pixel scale of `cr` when its user space is only scaled and translated, uniformly.
    static func scale(of cr: OpaquePointer) -> (scale: Double, dx: Double, dy: Double)? {
        var m = cairo_matrix_t()
        cairo_get_matrix(cr, &m)
        guard m.xy == 0, m.yx == 0, m.xx == m.yy, m.xx > 0 else { return nil }
        return (m.xx, m.x0, m.y0)
    }

    /// Strokes the polylines in `points` (x, y pairs in pixels; a NaN pair starts a new
    /// polyline, all of them one stroke) with `width` pixels of `color`, clipped to the pixel
    /// rectangle `clip` (fractional edges get partial coverage).
    func stroke(_ points: [Double], width lineWidth: Double, color: Color, clip: Rect) {
        let x0 = max(0, clip.x), y0 = max(0, clip.y)
        let x1 = min(Double(width), clip.maxX), y1 = min(Double(height), clip.maxY)
        guard x1 > x0, y1 > y0, lineWidth > 0, points.count >= 2 else { return }
        let box = PixelBox(x0: x0, y0: y0, x1: x1, y1: y1)
        let r = lineWidth / 2
        var marks = self.marks
        var i = 0
        var previous: (Double, Double)?
        while i + 1 < points.count {
            let p = (points[i], points[i + 1])
            i += 2
            guard p.0.isFinite, p.1.isFinite else { previous = nil; continue }
            if let a = previous { marks.segment(a, p, r: r, box: box, rowPixels: rowPixels) }    // a lone point draws nothing, as with butt caps
            previous = p
        }
        blend(color, &marks)
    }

    /// Coverage values and the list of touched pixels, on buffers the size of the image (so
    /// the inner loop needs no capacity checks and no branches to record a pixel).
    struct Coverage {
        let values: UnsafeMutablePointer<UInt8>
        let touched: UnsafeMutablePointer<Int32>
        var touchedCount = 0

        init(pixelCount: Int) {
            values = .allocate(capacity: pixelCount)
            values.initialize(repeating: 0, count: pixelCount)
            touched = .allocate(capacity: pixelCount + 1)              // + 1: the slot written past a full list
        }

        func deallocate() { values.deallocate(); touched.deallocate() }

        /// Raises the coverage of the pixels within r + 1/2 of segment a–b to
        /// min(peak, r + 1/2 − d) (times the clip box's share of edge pixels).
        mutating func segment(_ a: (Double, Double), _ b: (Double, Double), r: Double, box: PixelBox, rowPixels: Int) {
            let reach = r + 0.5
            let peak = min(1, 2 * r)                      // lines thinner than a pixel never cover one fully
            let (ax, ay) = a
            let dx = b.0 - ax, dy = b.1 - ay
            let length = (dx * dx + dy * dy).squareRoot()
            let (ux, uy) = length > 0 ? (dx / length, dy / length) : (1.0, 0.0)
            // Directions within 1e-12 of an axis count as on it (no huge reciprocals).
            let alongX = abs(ux) >= 1e-12, alongY = abs(uy) >= 1e-12
            let (inverseUx, inverseUy) = (alongX ? 1 / ux : 0, alongY ? 1 / uy : 0)
            // Pixel ranges are clamped as doubles first, so no far-away value reaches Int().
            let rows = (lo: Double(box.row0), hi: Double(box.row1))
            let row0 = LineRaster.floor(min(max(min(ay, b.1) - reach - 0.5, rows.lo), rows.hi + 1))
            let row1 = LineRaster.ceil(max(min(max(ay, b.1) + reach - 0.5, rows.hi), rows.lo - 1))
            guard row0 <= row1 else { return }
            let xMin = min(ax, b.0) - reach, xMax = max(ax, b.0) + reach
            let leftShare = min(1, PixelBox.overlap(box.col0, box.x0, box.x1))
            let rightShare = min(1, PixelBox.overlap(box.col1, box.x0, box.x1))
            var count = touchedCount
            for row in row0...row1 {
                let ry = Double(row) + 0.5 - ay
                // Columns whose centres lie in the rectangle |across| ≤ reach, −reach ≤ along ≤ length + reach.
                var lo = xMin, hi = xMax
                let across = ry * ux, along = ry * uy
                if alongY {
                    let u = ax + (across - reach) * inverseUy, v = ax + (across + reach) * inverseUy
                    lo = max(lo, min(u, v)); hi = min(hi, max(u, v))
                } else if abs(across) > reach { continue }
                if alongX {
                    let u = ax + (-reach - along) * inverseUx, v = ax + (length + reach - along) * inverseUx
                    lo = max(lo, min(u, v)); hi = min(hi, max(u, v))
                } else if along < -reach || along > length + reach { continue }
                lo = max(lo, Double(box.col0) - 1); hi = min(hi, Double(box.col1) + 1)
                guard lo <= hi else { continue }
                let c0 = max(box.col0, LineRaster.ceil(lo - 0.5)), c1 = min(box.col1, LineRaster.floor(hi - 0.5))
                guard c0 <= c1 else { continue }
                let rowShare = row == box.row0 || row == box.row1 ? PixelBox.overlap(row, box.y0, box.y1) : 1
                let base = row * rowPixels
                for col in c0...c1 {
                    let px = Double(col) + 0.5 - ax
                    let t = min(max(px * ux + along, 0), length)
                    let ex = px - t * ux, ey = ry - t * uy
                    let share = col == box.col0 ? leftShare : col == box.col1 ? rightShare : 1
                    let c = min(peak, max(0, reach - (ex * ex + ey * ey).squareRoot())) * (rowShare * share)
                    let q = UInt8(truncatingIfNeeded: Int(c * 255 + 0.5))     // c ∈ [0, 1]
                    let index = base + col
                    let old = values[index]
                    values[index] = max(old, q)
                    touched[count] = Int32(truncatingIfNeeded: index)
                    count &+= old == 0 && q != 0 ? 1 : 0
                }
            }
            touchedCount = count
        }
    }

    /// ⌊x⌋ and ⌈x⌉ for pixel indices (libm's floor/ceil are calls on baseline x86-64).
    @inline(__always) static func floor(_ x: Double) -> Int { let i = Int(x); return Double(i) > x ? i - 1 : i }
    @inline(__always) static func ceil(_ x: Double) -> Int { let i = Int(x); return Double(i) < x ? i + 1 : i }

    struct PixelBox {
        let x0, y0, x1, y1: Double
        /// The first and last pixel columns and rows the box touches.
        let col0, col1, row0, row1: Int
        init(x0: Double, y0: Double, x1: Double, y1: Double) {
            (self.x0, self.y0, self.x1, self.y1) = (x0, y0, x1, y1)
            (col0, col1) = (LineRaster.floor(x0), LineRaster.ceil(x1) - 1)
            (row0, row1) = (LineRaster.floor(y0), LineRaster.ceil(y1) - 1)
        }
        /// The fraction of pixel [k, k + 1) inside [lo, hi).
        static func overlap(_ k: Int, _ lo: Double, _ hi: Double) -> Double {
            min(Double(k + 1), hi) - max(Double(k), lo)
        }
    }

    /// Blends the covered pixels with `color` (source-over on premultiplied ARGB32) and clears
    /// the coverage.
    private func blend(_ color: Color, _ marks: inout Coverage) {
        cairo_surface_flush(surface)
        let channel = { (v: Double) in UInt32(min(255, max(0, (v * 255).rounded()))) }
        let alpha = channel(color.alpha), red = channel(color.red), green = channel(color.green), blue = channel(color.blue)
        let pixels = self.pixels, cov = marks.values
        for k in 0..<marks.touchedCount {
            let index = Int(marks.touched[k])
            let a = (alpha * UInt32(cov[index]) + 127) / 255
            cov[index] = 0
            guard a > 0 else { continue }
            let keep = 255 - a
            let p = pixels[index]
            let mix = { (source: UInt32, shift: UInt32) -> UInt32 in
                ((source * a + ((p >> shift) & 0xFF) * keep + 127) / 255) << shift
            }
            pixels[index] = mix(255, 24) | mix(red, 16) | mix(green, 8) | mix(blue, 0)
        }
        marks.touchedCount = 0
        cairo_surface_mark_dirty(surface)
    }
}
