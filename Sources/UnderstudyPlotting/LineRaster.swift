import CUnderstudyCairo
import CUnderstudyPlotting
import UnderstudyDeterminism

/// Antialiased solid polylines drawn straight into a PNG's ARGB32 pixels.
///
/// Cairo strokes a polyline by tessellating it into a polygon and scan-converting that with
/// exact area coverage; with tens of thousands of segments (a trajectory overlay) this was
/// most of a figure's render time. Here a pixel gets the coverage clamp(w/2 + 1/2 − d, 0, 1)
/// from the distance d of its centre to the nearest segment (round joins and caps), a
/// polyline's coverage is the maximum over its segments (joins are not blended twice, as in
/// one cairo stroke), and each polyline is blended once, source-over, in integer arithmetic.
///
/// Strokes are collected and drawn together by `flush()`, tile by tile: a 64 × 64 tile's
/// pixels and coverage stay in the core's cache while every stroke crossing it is drawn in
/// order, and tiles are independent, so they are shared out over threads. A pixel's value
/// depends only on the strokes, never on the tiling or the number of threads. Only PNG output
/// takes this path; SVG and PDF keep cairo's vector strokes.
final class LineRaster {
    private let surface: OpaquePointer
    private let image: Pixels
    /// Strokes waiting for `flush()`, and their vertices (x, y pairs in pixels, one array).
    private var strokes: [Stroke] = []
    private var vertices: [Double] = []

    /// Pixel edge of a square tile.
    static let tile = Int(US_TILE)

    /// A raster over an ARGB32 image surface (nil for any other surface).
    init?(_ surface: OpaquePointer) {
        guard cairo_surface_get_type(surface) == CAIRO_SURFACE_TYPE_IMAGE,
              cairo_image_surface_get_format(surface) == CAIRO_FORMAT_ARGB32,
              let data = cairo_image_surface_get_data(surface) else { return nil }
        self.surface = surface
        let height = Int(cairo_image_surface_get_height(surface))
        let rowPixels = Int(cairo_image_surface_get_stride(surface)) / 4
        image = Pixels(base: UnsafeMutableRawPointer(data).bindMemory(to: UInt32.self, capacity: rowPixels * height),
                       width: Int(cairo_image_surface_get_width(surface)), height: height, rowPixels: rowPixels)
    }

    /// The pixel scale of `cr` when its user space is only scaled and translated, uniformly.
    static func scale(of cr: OpaquePointer) -> (scale: Double, dx: Double, dy: Double)? {
        var m = cairo_matrix_t()
        cairo_get_matrix(cr, &m)
        guard m.xy == 0, m.yx == 0, m.xx == m.yy, m.xx > 0 else { return nil }
        return (m.xx, m.x0, m.y0)
    }

    /// Queues the polylines in `points` (x, y pairs in pixels; a NaN pair starts a new
    /// polyline, all of them one stroke) with `width` pixels of `color`, clipped to the pixel
    /// rectangle `clip` (fractional edges get partial coverage). Drawn by `flush()`.
    func stroke(_ points: [Double], width lineWidth: Double, color: Color, clip: Rect) {
        let x0 = max(0, clip.x), y0 = max(0, clip.y)
        let x1 = min(Double(image.width), clip.maxX), y1 = min(Double(image.height), clip.maxY)
        guard x1 > x0, y1 > y0, lineWidth > 0, points.count >= 2 else { return }
        let first = vertices.count / 2
        vertices.append(contentsOf: points.prefix(points.count & ~1))
        strokes.append(Stroke(first: first, end: vertices.count / 2, r: lineWidth / 2, color: Paint(color),
                              box: PixelBox(x0: x0, y0: y0, x1: x1, y1: y1)))
    }

    /// Draws the queued strokes, in order, and empties the queue. Call before anything else
    /// draws on the surface. Any number of `workers` gives the same pixels; by default small
    /// jobs take one and larger ones two.
    func flush(workers: Int? = nil) {
        guard !strokes.isEmpty else { return }
        defer { strokes.removeAll(keepingCapacity: true); vertices.removeAll(keepingCapacity: true) }
        let bins = Bins(strokes: strokes, vertices: vertices, image: image)
        cairo_surface_flush(surface)
        let job = TileJob(strokes: strokes, vertices: vertices, bins: bins, image: image)
        // Tiles write disjoint pixels; any worker count gives the same image.
        _ = parallelMap(bins.columns * bins.rows, jobs: workers ?? (bins.entries.count < 4096 ? 1 : 2)) { job.draw(tile: $0) }
        cairo_surface_mark_dirty(surface)
    }

    // MARK: - Pieces

    /// The image's pixels (premultiplied ARGB32), shared by the tile workers, which write
    /// disjoint tiles.
    struct Pixels: @unchecked Sendable {
        let base: UnsafeMutablePointer<UInt32>
        let width, height: Int
        /// Pixels per row (cairo's stride / 4).
        let rowPixels: Int
    }

    /// A queued stroke: vertices first..<end of `vertices`, half-width r, colour, clip.
    struct Stroke: Sendable {
        let first, end: Int
        let r: Double
        let color: Paint
        let box: PixelBox
    }

    /// A colour as 0…255 integers (straight alpha), for the integer blend.
    struct Paint: Sendable {
        let alpha, red, green, blue: UInt32
        init(_ c: Color) {
            let channel = { (v: Double) in UInt32(min(255, max(0, (v * 255).rounded()))) }
            (alpha, red, green, blue) = (channel(c.alpha), channel(c.red), channel(c.green), channel(c.blue))
        }
    }

    /// The segments crossing each tile, in stroke and vertex order (compressed rows: tile t's
    /// segments are entries[offsets[t]..<offsets[t + 1]], each named by its first vertex).
    struct Bins: Sendable {
        let columns, rows: Int
        let offsets: [Int]
        let entries: [Int32]

        init(strokes: [Stroke], vertices: [Double], image: Pixels) {
            columns = (image.width + LineRaster.tile - 1) / LineRaster.tile
            rows = (image.height + LineRaster.tile - 1) / LineRaster.tile
            // Each drawable segment with its tile range; then a counting sort by tile.
            var segments: [(vertex: Int32, tiles: (c0: Int32, c1: Int32, r0: Int32, r1: Int32))] = []
            var counts = [Int](repeating: 0, count: columns * rows + 1)
            for stroke in strokes {
                let reach = stroke.r + 0.5, box = stroke.box
                var v = stroke.first
                while v + 1 < stroke.end {
                    defer { v += 1 }
                    let ax = vertices[2 * v], ay = vertices[2 * v + 1], bx = vertices[2 * v + 2], by = vertices[2 * v + 3]
                    guard ax.isFinite, ay.isFinite, bx.isFinite, by.isFinite else { continue }
                    guard let cols = LineRaster.range(min(ax, bx) - reach - 0.5, max(ax, bx) + reach - 0.5, box.col0, box.col1),
                          let rws = LineRaster.range(min(ay, by) - reach - 0.5, max(ay, by) + reach - 0.5, box.row0, box.row1)
                    else { continue }
                    let t = LineRaster.tile
                    let tiles = (Int32(cols.lo / t), Int32(cols.hi / t), Int32(rws.lo / t), Int32(rws.hi / t))
                    segments.append((Int32(v), tiles))
                    for ty in tiles.2...tiles.3 { for tx in tiles.0...tiles.1 { counts[Int(ty) * columns + Int(tx) + 1] += 1 } }
                }
            }
            for t in 0..<(columns * rows) { counts[t + 1] += counts[t] }
            offsets = counts
            var next = Array(counts.dropLast())
            var entries = [Int32](repeating: 0, count: counts[columns * rows])
            for (vertex, tiles) in segments {
                for ty in tiles.2...tiles.3 {
                    for tx in tiles.0...tiles.1 {
                        let t = Int(ty) * columns + Int(tx)
                        entries[next[t]] = vertex
                        next[t] += 1
                    }
                }
            }
            self.entries = entries
        }
    }

    /// The integers k with lo ≤ k ≤ hi, within first...last (nil if none). Bounds are
    /// clamped as doubles first, so no far-away value reaches Int().
    @inline(__always)
    static func range(_ lo: Double, _ hi: Double, _ first: Int, _ last: Int) -> (lo: Int, hi: Int)? {
        let a = ceil(max(lo, Double(first))), b = floor(min(hi, Double(last)))
        return a <= b ? (a, b) : nil
    }

    /// ⌊x⌋ and ⌈x⌉ for pixel indices (libm's floor/ceil are calls on baseline x86-64).
    @inline(__always) static func floor(_ x: Double) -> Int { let i = Int(x); return Double(i) > x ? i - 1 : i }
    @inline(__always) static func ceil(_ x: Double) -> Int { let i = Int(x); return Double(i) < x ? i + 1 : i }

    /// A clip rectangle in pixels, within the image.
    struct PixelBox: @unchecked Sendable {
        /// The first and last pixel columns and rows the box touches, and the share of each
        /// edge pixel, for the kernel.
        let clip: us_box
        var col0: Int { Int(clip.col0) }
        var col1: Int { Int(clip.col1) }
        var row0: Int { Int(clip.row0) }
        var row1: Int { Int(clip.row1) }

        init(x0: Double, y0: Double, x1: Double, y1: Double) {
            let (col0, col1) = (LineRaster.floor(x0), LineRaster.ceil(x1) - 1)
            let (row0, row1) = (LineRaster.floor(y0), LineRaster.ceil(y1) - 1)
            /// The fraction of pixel [k, k + 1) inside [lo, hi).
            func overlap(_ k: Int, _ lo: Double, _ hi: Double) -> Float { Float(min(1, min(Double(k + 1), hi) - max(Double(k), lo))) }
            clip = us_box(col0: Int32(col0), col1: Int32(col1), row0: Int32(row0), row1: Int32(row1),
                          leftShare: overlap(col0, x0, x1), rightShare: overlap(col1, x0, x1),
                          topShare: overlap(row0, y0, y1), bottomShare: overlap(row1, y0, y1))
        }
    }

    /// Draws every stroke crossing one tile.
    struct TileJob: Sendable {
        let strokes: [Stroke]
        let vertices: [Double]
        let bins: Bins
        let image: Pixels

        func draw(tile t: Int) {
            let start = bins.offsets[t], end = bins.offsets[t + 1]
            guard start < end else { return }
            let n = Int(US_TILE)
            let col0 = (t % bins.columns) * n, row0 = (t / bins.columns) * n
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n * Int(US_TILE_STRIDE)) { coverage in
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * n) { spans in
                    coverage.initialize(repeating: 0)
                    var tile = us_tile(col0: Int32(col0), col1: Int32(min(col0 + n, image.width) - 1),
                                       row0: Int32(row0), row1: Int32(min(row0 + n, image.height) - 1),
                                       coverage: coverage.baseAddress, spanFirst: spans.baseAddress, spanLast: spans.baseAddress! + n,
                                       rowFirst: 0, rowLast: 0)
                    us_tile_reset(&tile)
                    var s = 0
                    var e = start
                    while e < end {
                        while Int(bins.entries[e]) >= strokes[s].end { s += 1 }
                        let stroke = strokes[s]
                        var box = stroke.box.clip
                        // This stroke's segments in the tile, then its one blend.
                        while e < end, Int(bins.entries[e]) < stroke.end {
                            let v = 2 * Int(bins.entries[e])
                            us_segment(&tile, vertices[v], vertices[v + 1], vertices[v + 2], vertices[v + 3], stroke.r, &box)
                            e += 1
                        }
                        let paint = stroke.color
                        us_blend(&tile, image.base, image.rowPixels, paint.alpha, paint.red, paint.green, paint.blue)
                    }
                }
            }
        }
    }
}
