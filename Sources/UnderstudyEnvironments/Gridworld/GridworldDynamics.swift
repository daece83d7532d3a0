/// The gridworld's transition model P(s′ | s, a), tabulated: with probability 1 − slip the
/// chosen move, with probability slip a move drawn uniformly from all five actions (so the
/// chosen one has 1 − slip + slip/5 in all). Successors are listed by ascending cell index,
/// equal cells merged, so every sum over them runs in one fixed order.
public struct GridworldDynamics: Sendable {
    /// Actions: 0 up, 1 down, 2 left, 3 right, 4 stay.
    public static let actionCount = 5
    /// The actions' names, in index order.
    public static let actionNames = ["up", "down", "left", "right", "stay"]

    /// `successors[s * actionCount + a]`: (next cell, probability) pairs.
    public let successors: [[(cell: Int, probability: Double)]]
    /// Number of cells.
    public let cellCount: Int

    /// The model of `layout` with slip probability `slip`.
    public init(layout: GridLayout, slip: Double) {
        cellCount = layout.cellCount
        var table: [[(cell: Int, probability: Double)]] = []
        table.reserveCapacity(cellCount * Self.actionCount)
        for s in 0..<cellCount {
            for a in 0..<Self.actionCount {
                var p = [Double](repeating: 0, count: Self.actionCount)
                var cells = [Int](repeating: 0, count: Self.actionCount)
                for b in 0..<Self.actionCount {
                    cells[b] = layout.neighbour(of: s, move: b)
                    p[b] = (b == a ? 1 - slip : 0) + slip / Double(Self.actionCount)
                }
                var merged: [(cell: Int, probability: Double)] = []
                for cell in Set(cells).sorted() {
                    var total = 0.0
                    for b in 0..<Self.actionCount where cells[b] == cell { total += p[b] }
                    if total > 0 { merged.append((cell, total)) }
                }
                table.append(merged)
            }
        }
        successors = table
    }

    /// The successors of `cell` under `action`.
    public func next(_ cell: Int, _ action: Int) -> [(cell: Int, probability: Double)] {
        successors[cell * Self.actionCount + action]
    }
}
