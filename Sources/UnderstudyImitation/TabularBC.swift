import UnderstudyDeterminism
import UnderstudyEnvironments

/// Behavioural cloning as a table, the baseline beside maximum-entropy IRL on a gridworld: from
/// the same demonstrations (`gridworldDemonstrations`), each visited cell gets the action the
/// expert took most often there (the lowest action index among equals), whatever the time
/// step. A cell the demonstrations never visited — including every cell of another layout
/// outside them — takes the action of the nearest visited cell (Manhattan distance in rows
/// and columns; among equals the first in row-major order). One round; no randomness beyond
/// the demonstrations.
public struct TabularBC: ImitationMethod {
    /// One fit to the demonstrations.
    public var iterations: Int { 1 }
    /// Columns of the layout the demonstrations came from (cells are indexed row-major).
    public let columns: Int
    /// The demonstrations (recorded in full).
    public let demonstrations: [Episode]
    /// Visited cells, ascending, with their most frequent expert action.
    public private(set) var table: [(cell: Int, action: Int)] = []
    /// Environment steps of the demonstrations.
    public let environmentSteps: StepCounts
    /// Demonstrated states learned from.
    public let demonstrationStates: Int

    /// Records the demonstrations (from `expert`'s soft policy).
    public init(expert: GridworldExpert, in context: ImitationContext<Gridworld>) {
        columns = context.environment.layout.columns
        demonstrations = gridworldDemonstrations(context, expert: expert)
        demonstrationStates = demonstrations.reduce(0) { $0 + $1.length }
        environmentSteps = StepCounts(collection: demonstrationStates)
    }

    /// Nothing new: the demonstrations were recorded at set-up.
    public func collect<E: Environment>(iteration i: Int, in context: ImitationContext<E>) {}

    /// Nothing: the demonstrations carry the expert's actions.
    public func label<E: Environment>(_ collected: Void, iteration i: Int, in context: ImitationContext<E>) {}

    /// Counts the expert's actions per cell and keeps the most frequent; the training error is
    /// the fraction of demonstrated steps whose action differs from the table's.
    public mutating func fit<E: Environment>(_ labelled: Void, iteration i: Int, in context: ImitationContext<E>) throws -> FitSummary {
        var counts: [Int: [Int]] = [:]
        var labels = 0
        for episode in demonstrations {
            for t in 0..<episode.length {
                let s = cell(episode.states[t])
                counts[s, default: [Int](repeating: 0, count: GridworldDynamics.actionCount)][actionIndex(episode.actions[t])] += 1
                labels += 1
            }
        }
        var mismatched = 0
        table = counts.keys.sorted().map { s in
            let c = counts[s]!
            var best = 0
            for a in 1..<c.count where c[a] > c[best] { best = a }
            for a in c.indices where a != best { mismatched += c[a] }
            return (s, best)
        }
        return FitSummary(expertLabels: labels, trainingError: labels > 0 ? Double(mismatched) / Double(labels) : 0)
    }

    /// The table's action for the observation's row and column.
    public func act<E: Environment>(_ observation: [Double], in context: ImitationContext<E>) -> Action {
        .discrete(action(row: Int(observation[0]), column: Int(observation[1])))
    }

    /// The table's action at (row, column), or the nearest visited cell's.
    public func action(row: Int, column: Int) -> Int {
        var best: (distance: Int, action: Int)? = nil
        for (s, a) in table {
            let distance = abs(s / columns - row) + abs(s % columns - column)
            if distance == 0 { return a }
            if best == nil || distance < best!.distance { best = (distance, a) }
        }
        return best?.action ?? GridworldDynamics.actionCount - 1
    }

    func cell(_ state: [Double]) -> Int { Int(state[0]) * columns + Int(state[1]) }
}
