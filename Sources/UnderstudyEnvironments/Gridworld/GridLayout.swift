/// What a gridworld cell is made of. Each terrain is one feature of the reward (a one-hot
/// indicator); walls are not terrain: no agent ever stands in one.
public enum Terrain: String, Sendable, Hashable, CaseIterable {
    case floor, grass, water

    /// The layout character of the terrain: `.` floor, `,` grass, `~` water.
    public var character: Character {
        switch self {
        case .floor: "."
        case .grass: ","
        case .water: "~"
        }
    }
}

/// A rectangular arrangement of cells, read from rows of characters (row 0 is the first line):
/// `.` floor, `,` grass, `~` water, `#` wall, `S` the start and `G` the goal (both on floor).
///
/// Cells are indexed row-major, `index = row · columns + column`, walls included (they are
/// never entered, so every distribution over cells gives them 0).
public struct GridLayout: Sendable, Hashable {
    /// Number of rows (lines of the layout).
    public let rows: Int
    /// Number of columns (characters per line).
    public let columns: Int
    /// The terrain of every cell, row-major; nil for a wall.
    public let terrain: [Terrain?]
    /// The start cell's index.
    public let start: Int
    /// The goal cell's index.
    public let goal: Int

    /// Every character a layout may hold, in the order the help text lists them.
    public static let alphabet = ". , ~ # S G"

    /// The layout of `lines`; a bad line names its row and column (both 0-based) in the error.
    public init(lines: [String]) throws(GridLayoutError) {
        guard !lines.isEmpty else { throw GridLayoutError(row: 0, column: 0, message: "the layout has no rows", expected: "at least one row of cells") }
        let width = lines[0].count
        guard width > 0 else { throw GridLayoutError(row: 0, column: 0, message: "row 1 is empty", expected: "at least one cell per row") }
        var terrain: [Terrain?] = [], starts: [Int] = [], goals: [Int] = []
        for (r, line) in lines.enumerated() {
            guard line.count == width else {
                throw GridLayoutError(row: r, column: min(line.count, width), message: "row \(r + 1) has \(line.count) cells but row 1 has \(width)",
                                      expected: "a rectangular grid (every row \(width) characters long)")
            }
            for (c, character) in line.enumerated() {
                switch character {
                case "#": terrain.append(nil)
                case "S": starts.append(r * width + c); terrain.append(.floor)
                case "G": goals.append(r * width + c); terrain.append(.floor)
                default:
                    guard let t = Terrain.allCases.first(where: { $0.character == character }) else {
                        throw GridLayoutError(row: r, column: c, message: "unknown terrain '\(character)'",
                                              expected: "one of \(GridLayout.alphabet) (floor, grass, water, wall, start, goal)")
                    }
                    terrain.append(t)
                }
            }
        }
        for (marker, cells) in [("S", starts), ("G", goals)] where cells.count != 1 {
            let what = marker == "S" ? "start" : "goal"
            let at = cells.count > 1 ? cells[1] : 0
            throw GridLayoutError(row: at / width, column: at % width,
                                  message: cells.isEmpty ? "the layout has no \(what) '\(marker)'" : "a second \(what) '\(marker)'",
                                  expected: "exactly one '\(marker)'")
        }
        guard starts[0] != goals[0] else { throw GridLayoutError(row: 0, column: 0, message: "start is the goal", expected: "distinct cells") }
        rows = lines.count
        columns = width
        self.terrain = terrain
        start = starts[0]
        goal = goals[0]
    }

    /// Number of cells, walls included.
    public var cellCount: Int { rows * columns }

    /// The layout as the rows of characters it was read from.
    public var lines: [String] {
        (0..<rows).map { r in
            String((0..<columns).map { c -> Character in
                let i = r * columns + c
                if i == start { return "S" }
                if i == goal { return "G" }
                return terrain[i]?.character ?? "#"
            })
        }
    }

    /// The cell reached from `cell` by `move` (0 up, 1 down, 2 left, 3 right, 4 stay): a move
    /// off the grid or into a wall leaves the agent where it is.
    public func neighbour(of cell: Int, move: Int) -> Int {
        let r = cell / columns, c = cell % columns
        let (dr, dc) = [(-1, 0), (1, 0), (0, -1), (0, 1), (0, 0)][move]
        let nr = r + dr, nc = c + dc
        guard nr >= 0, nr < rows, nc >= 0, nc < columns, terrain[nr * columns + nc] != nil else { return cell }
        return nr * columns + nc
    }
}

/// A layout that cannot be read: where (0-based row and column of the layout) and why.
public struct GridLayoutError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The offending row, from 0.
    public var row: Int
    /// The offending character's column, from 0.
    public var column: Int
    /// What is wrong.
    public var message: String
    /// What a valid layout has there.
    public var expected: String

    /// The one-line message: `row R, column C: message (expected …)`.
    public var description: String { "row \(row + 1), column \(column + 1): \(message) (expected \(expected))" }
}
