/// CSV with a fixed column order (RFC 4180 quoting), numbers as shortest round-trip decimals.
public struct CSVTable: Sendable, Hashable {
    public var columns: [String]
    public var rows: [[CSVField]]

    public init(columns: [String], rows: [[CSVField]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// The table as text: a header line, then one line per row, each ending in `\n`.
    public func text() -> String {
        var out = columns.map(CSVTable.quote).joined(separator: ",") + "\n"
        for row in rows {
            precondition(row.count == columns.count, "CSV row has \(row.count) fields for \(columns.count) columns")
            out += row.map(\.text).joined(separator: ",") + "\n"
        }
        return out
    }

    static func quote(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            var out = "\""
            for ch in s { out += ch == "\"" ? "\"\"" : String(ch) }
            return out + "\""
        }
        return s
    }
}

/// One CSV cell.
public enum CSVField: Sendable, Hashable {
    case string(String)
    case number(Double)
    case integer(Int)
    case empty

    var text: String {
        switch self {
        case .string(let s): CSVTable.quote(s)
        case .number(let x): x.isFinite ? CanonicalJSON.number(x) : ""
        case .integer(let i): String(i)
        case .empty: ""
        }
    }
}
