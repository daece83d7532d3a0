// The value model of a parsed TOML document: every key and value remembers where it was written,
// so that a spec error can name `file:line:column`.

// MARK: - Public API

/// A place in a source text: 1-based line and column. Columns count Unicode scalars, so a tab
/// or a `θ` is one column.
public struct TOMLPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The start of a file, where errors about the whole document point.
    public static let start = TOMLPosition(line: 1, column: 1)

    public var description: String { "\(line):\(column)" }

    public static func < (a: TOMLPosition, b: TOMLPosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// A TOML value with the position of its first character (`nil` for values built in code).
///
/// Equality compares data only, never positions: a document and its canonical rewrite are equal.
/// Floats compare by bit pattern (so `-0.0 != 0.0` and NaN equals NaN), tables compare as
/// unordered maps.
public struct TOMLValue: Sendable, Equatable, CustomStringConvertible {
    public enum Content: Sendable {
        case string(String)
        /// A 64-bit integer (TOML's range).
        case integer(Int)
        case float(Double)
        case boolean(Bool)
        /// May mix types, as TOML 1.0 allows; the schema readers reject what a spec cannot use.
        case array([TOMLValue])
        /// A table: a `[header]` section, an element of `[[array]]`, an inline table or a
        /// table created by dotted keys.
        case table(TOMLTable)
    }

    public var content: Content
    public var position: TOMLPosition?

    public init(_ content: Content, position: TOMLPosition? = nil) {
        self.content = content
        self.position = position
    }

    public static func string(_ s: String) -> TOMLValue { TOMLValue(.string(s)) }
    public static func integer(_ i: Int) -> TOMLValue { TOMLValue(.integer(i)) }
    public static func float(_ x: Double) -> TOMLValue { TOMLValue(.float(x)) }
    public static func boolean(_ b: Bool) -> TOMLValue { TOMLValue(.boolean(b)) }
    public static func array(_ items: [TOMLValue]) -> TOMLValue { TOMLValue(.array(items)) }
    public static func table(_ t: TOMLTable) -> TOMLValue { TOMLValue(.table(t), position: t.position) }

    /// The TOML kind with its article, as error messages say it: "a string", "an integer",
    /// "a float", "a boolean", "an array", "a table".
    public var kindDescription: String {
        switch content {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .boolean: "a boolean"
        case .array: "an array"
        case .table: "a table"
        }
    }

    /// The value as one line of TOML (tables inline), shortened for error messages when long.
    public var description: String {
        var out = ""
        TOMLWriter.writeInline(self, to: &out)
        return out
    }

    public static func == (a: TOMLValue, b: TOMLValue) -> Bool {
        switch (a.content, b.content) {
        case let (.string(x), .string(y)): x == y
        case let (.integer(x), .integer(y)): x == y
        case let (.float(x), .float(y)): x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN)
        case let (.boolean(x), .boolean(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.table(x), .table(y)): x == y
        default: false
        }
    }
}
