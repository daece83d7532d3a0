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

/// A TOML table: keys in the order they were written, each with the position of the key.
public struct TOMLTable: Sendable, Equatable {
    public struct Entry: Sendable {
        public var key: String
        /// Where the key was first written (for a table made by `[a.b]` or `a.b.c = 1`, the
        /// segment that named it first).
        public var keyPosition: TOMLPosition?
        public var value: TOMLValue

        public init(key: String, keyPosition: TOMLPosition? = nil, value: TOMLValue) {
            self.key = key
            self.keyPosition = keyPosition
            self.value = value
        }
    }

    /// The entries in insertion order.
    public private(set) var entries: [Entry] = []
    /// Where the table begins: its `[header]`, `[[header]]` or `{`, or the key that created it
    /// implicitly; `nil` for the root table and tables built in code.
    public var position: TOMLPosition?
    private var index: [String: Int] = [:]

    public init(position: TOMLPosition? = nil) {
        self.position = position
    }

    /// A table of `entries` in the given order; a repeated key keeps its last value.
    public init(_ entries: KeyValuePairs<String, TOMLValue>) {
        for (key, value) in entries { self[key] = value }
    }

    public var keys: [String] { entries.map(\.key) }
    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    /// Reads a key; setting replaces the value in place (keeping the key's position) or appends
    /// a new key; setting `nil` removes the key.
    public subscript(key: String) -> TOMLValue? {
        get { index[key].map { entries[$0].value } }
        set {
            if let newValue {
                if let i = index[key] {
                    entries[i].value = newValue
                } else {
                    index[key] = entries.count
                    entries.append(Entry(key: key, value: newValue))
                }
            } else if let i = index.removeValue(forKey: key) {
                entries.remove(at: i)
                for j in i..<entries.count { index[entries[j].key] = j }
            }
        }
    }

    /// The entry for `key`, with its position.
    public func entry(_ key: String) -> Entry? {
        index[key].map { entries[$0] }
    }

    /// Appends an entry, or replaces the existing entry of the same key in place.
    public mutating func set(_ entry: Entry) {
        if let i = index[entry.key] {
            entries[i] = entry
        } else {
            index[entry.key] = entries.count
            entries.append(entry)
        }
    }

    /// Sets the value at a dotted path of keys (`["env", "track", "radius"]`), creating tables
    /// on the way; fails when a key on the way holds something other than a table. Meant for
    /// command-line overrides of a parsed spec.
    public mutating func setValue(_ value: TOMLValue, atPath path: [String]) -> Bool {
        guard let first = path.first else { return false }
        if path.count == 1 {
            self[first] = value
            return true
        }
        var child: TOMLTable
        switch self[first]?.content {
        case nil: child = TOMLTable()
        case .table(let t)?: child = t
        default: return false
        }
        guard child.setValue(value, atPath: Array(path.dropFirst())) else { return false }
        var wrapped = self[first] ?? .table(child)
        wrapped.content = .table(child)
        self[first] = wrapped
        return true
    }

    /// The value at a dotted path of keys, if every key on the way is a table.
    public func value(atPath path: [String]) -> TOMLValue? {
        guard let first = path.first, let value = self[first] else { return nil }
        if path.count == 1 { return value }
        guard case .table(let t) = value.content else { return nil }
        return t.value(atPath: Array(path.dropFirst()))
    }

    public static func == (a: TOMLTable, b: TOMLTable) -> Bool {
        guard a.count == b.count else { return false }
        for entry in a.entries {
            guard let other = b[entry.key], other == entry.value else { return false }
        }
        return true
    }
}

/// A parsed TOML file: its root table and the file name used in error messages.
public struct TOMLDocument: Sendable, Equatable {
    /// The name errors show, e.g. `seeds/driving-loop.toml`.
    public var file: String
    public var root: TOMLTable

    public init(root: TOMLTable, file: String) {
        self.root = root
        self.file = file
    }

    /// Parses TOML 1.0 text (without dates and times, which specs do not use).
    /// - Throws: `TOMLError` at the first syntax error, duplicate key or table redefinition.
    public init(parsing text: String, file: String) throws(TOMLError) {
        self.file = file
        var parser = TOMLParser(text: text, file: file)
        self.root = try parser.parse()
    }

    /// Parses UTF-8 bytes; an invalid byte sequence is an error at its position.
    public init(parsing bytes: [UInt8], file: String) throws(TOMLError) {
        self.file = file
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(bytes.count)
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var line = 1, column = 1
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s):
                scalars.append(s)
                if s == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput:
                break decoding
            case .error:
                throw TOMLError(file: file, position: TOMLPosition(line: line, column: column),
                                found: "found bytes that are not UTF-8", expected: "a UTF-8 text file")
            }
        }
        var parser = TOMLParser(scalars: scalars, file: file)
        self.root = try parser.parse()
    }

    public static func == (a: TOMLDocument, b: TOMLDocument) -> Bool { a.root == b.root }
}

/// A syntax error in a TOML file, positioned at what was found.
///
/// `description` is one line, `<file>:<line>:<column>: <found> (expected <expected>)`, then
/// `hint: ...` on a second line when there is a hint.
public struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var position: TOMLPosition
    /// What was found, e.g. `found '5'`, `duplicate key 'seeds'`.
    public var found: String
    /// What would have been valid there, e.g. `'=' after the key`.
    public var expected: String
    public var hint: String?

    public init(file: String, position: TOMLPosition, found: String, expected: String, hint: String? = nil) {
        self.file = file
        self.position = position
        self.found = found
        self.expected = expected
        self.hint = hint
    }

    public var line: Int { position.line }
    public var column: Int { position.column }

    public var description: String {
        let first = "\(file):\(position): \(found) (expected \(expected))"
        return hint.map { first + "\nhint: " + $0 } ?? first
    }
}
