/// An sRGB colour with straight (not premultiplied) alpha, each channel in 0...1.
public struct Color: Sendable, Hashable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// A colour from a 24-bit hex value, e.g. `Color(hex: 0xE69F00)`.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(red: Double((hex >> 16) & 0xFF) / 255,
                  green: Double((hex >> 8) & 0xFF) / 255,
                  blue: Double(hex & 0xFF) / 255,
                  alpha: alpha)
    }

    /// The same colour with another opacity.
    public func withAlpha(_ alpha: Double) -> Color {
        Color(red: red, green: green, blue: blue, alpha: alpha)
    }

    public static let black = Color(hex: 0x000000)
    public static let white = Color(hex: 0xFFFFFF)
    /// Text and axis lines: near-black, softer than pure black next to data.
    public static let ink = Color(hex: 0x262626)
    /// Grid lines and legend frames.
    public static let lightGray = Color(hex: 0xE3E3E3)
    public static let gray = Color(hex: 0x808080)
}

/// The Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design",
/// https://jfly.uni-koeln.de/color/).
///
/// `series` orders it so the first four series also separate in grayscale (CIE L*, white
/// background at 100): blue 46, orange 71, black 0, bluish green 58 — neighbouring lightnesses at
/// least 12 apart and every hue distinct. Yellow (L* 89) comes last: it barely shows on white.
/// The rest follow as vermillion 54, sky blue 70, reddish purple 61, yellow 89.
public enum Palette {
    public static let orange = Color(hex: 0xE69F00)
    public static let skyBlue = Color(hex: 0x56B4E9)
    public static let bluishGreen = Color(hex: 0x009E73)
    public static let yellow = Color(hex: 0xF0E442)
    public static let blue = Color(hex: 0x0072B2)
    public static let vermillion = Color(hex: 0xD55E00)
    public static let reddishPurple = Color(hex: 0xCC79A7)
    public static let black = Color(hex: 0x000000)

    /// Colours in the order automatic series take them.
    public static let series: [Color] = [blue, orange, black, bluishGreen, vermillion, skyBlue, reddishPurple, yellow]

    /// The colour of the `index`-th automatic series (cycling after eight).
    public static func color(_ index: Int) -> Color {
        series[((index % series.count) + series.count) % series.count]
    }
}

/// A continuous colour map from 0...1 to colours, as a table of evenly spaced entries.
public struct Colormap: Sendable {
    /// Evenly spaced sRGB entries from low to high.
    public let entries: [Color]

    public init(entries: [Color]) {
        precondition(entries.count >= 2, "a colour map needs at least two entries")
        self.entries = entries
    }

    /// Viridis (perceptually uniform, colour-blind safe); see `viridisTable` for its source.
    public static let viridis = Colormap(entries: viridisTable.map { Color(red: $0.0, green: $0.1, blue: $0.2) })

    /// The entry nearest to `t` (clamped to 0...1; NaN gives the lowest entry).
    public func color(at t: Double) -> Color {
        entries[index(at: t)]
    }

    func index(at t: Double) -> Int {
        guard t > 0 else { return 0 }
        guard t < 1 else { return entries.count - 1 }
        return min(entries.count - 1, Int(t * Double(entries.count)))
    }
}
