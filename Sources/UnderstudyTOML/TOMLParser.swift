// A TOML 1.0 parser that keeps the position of every key and value (https://toml.io/en/v1.0.0).
// Dates and times are refused: specs have no use for them, and refusing keeps the value model small.
// The parser builds a mutable tree of `TableNode`s, which records how each table was defined (the
// rules against redefinition depend on it), and freezes it into `TOMLTable` values at the end.

// MARK: - Implementation details

struct TOMLParser {
    private let file: String
    private let s: [Unicode.Scalar]
    private var i = 0
    private var line = 1
    private var lineStart = 0
    private let root = TableNode(definition: .root, position: nil, path: "")
    /// Arrays and inline tables open around the current position.
    private var nesting = 0

    /// How deep arrays and inline tables may nest, and how many parts a dotted key may have.
    /// The parser, the tree it builds and every reader of it recurse once per level, so an
    /// unbounded depth is a stack overflow (a crash, not an error); specs need a handful.
    static let maxNesting = 32
    static let maxKeyParts = 32

    init(text: String, file: String) {
        self.init(scalars: Array(text.unicodeScalars), file: file)
    }

    init(scalars: [Unicode.Scalar], file: String) {
        self.file = file
        self.s = scalars
        if s.first == "\u{FEFF}" { i = 1; lineStart = 1 }  // a byte-order mark is not a column
    }

    mutating func parse() throws(TOMLError) -> TOMLTable {
        var current = root
        while true {
            skipWhitespace()
            guard let c = peek() else { break }
            if c == "#" || atNewline() || c == "\r" {
                try endOfLine(after: "")
            } else if c == "[" {
                current = try header()
                try endOfLine(after: " after the table header")
            } else if isBareKeyScalar(c) || c == "\"" || c == "'" {
                try keyValue(in: current)
                try endOfLine(after: " after the value")
            } else {
                throw error("found \(foundHere())", expected: "a key, a [table] header, a comment or end of line")
            }
        }
        return root.freeze()
    }

    // MARK: Lines, whitespace, comments

    private var position: TOMLPosition { TOMLPosition(line: line, column: i - lineStart + 1) }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        i + offset < s.count ? s[i + offset] : nil
    }

    private mutating func advance(_ n: Int = 1) {
        for _ in 0..<n {
            if s[i] == "\n" { line += 1; lineStart = i + 1 }
            i += 1
        }
    }

    private func atNewline() -> Bool {
        peek() == "\n" || (peek() == "\r" && peek(1) == "\n")
    }

    private mutating func consumeNewline() {
        if peek() == "\r" { advance() }
        advance()
    }

    private mutating func skipWhitespace() {
        while let c = peek(), c == " " || c == "\t" { advance() }
    }

    /// Skips a comment, validating its characters; the newline stays.
    private mutating func skipComment() throws(TOMLError) {
        guard peek() == "#" else { return }
        advance()
        while let c = peek(), !atNewline() {
            if isControl(c) {
                throw error("found \(foundHere()) in a comment", expected: "printable text up to the end of the line")
            }
            advance()
        }
    }

    /// Whitespace, an optional comment, then a newline or the end of the file.
    private mutating func endOfLine(after context: String) throws(TOMLError) {
        skipWhitespace()
        try skipComment()
        if peek() == nil { return }
        guard atNewline() else {
            throw error("found \(foundHere())", expected: "end of line or a comment\(context)")
        }
        consumeNewline()
    }

    /// Whitespace, newlines and comments, as allowed between array elements.
    private mutating func skipArrayFiller() throws(TOMLError) {
        while true {
            skipWhitespace()
            if peek() == "#" { try skipComment() }
            guard atNewline() else { return }
            consumeNewline()
        }
    }

    // MARK: Keys

    private struct KeySegment {
        var key: String
        var position: TOMLPosition
    }

    private mutating func dottedKey() throws(TOMLError) -> [KeySegment] {
        var segments = [try simpleKey()]
        while true {
            skipWhitespace()
            guard peek() == "." else { return segments }
            advance()
            skipWhitespace()
            guard segments.count < Self.maxKeyParts else {
                throw error("a dotted key of more than \(Self.maxKeyParts) parts", expected: "a shorter key (at most \(Self.maxKeyParts) parts)")
            }
            segments.append(try simpleKey())
        }
    }

    private mutating func simpleKey() throws(TOMLError) -> KeySegment {
        let start = position
        switch peek() {
        case "\""?, "'"?:
            if peek(1) == peek() && peek(2) == peek() {
                throw error("found '\(peek()!)\(peek()!)\(peek()!)'", expected: "a key; a multi-line string cannot be a key")
            }
            let key = peek() == "\"" ? try basicString(multiline: false) : try literalString(multiline: false)
            return KeySegment(key: key, position: start)
        case let c? where isBareKeyScalar(c):
            var key = ""
            while let c = peek(), isBareKeyScalar(c) {
                key.unicodeScalars.append(c)
                advance()
            }
            return KeySegment(key: key, position: start)
        default:
            throw error("found \(foundHere())", expected: "a key")
        }
    }

    private func isBareKeyScalar(_ c: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(c) || ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
    }

    // MARK: Key/value pairs and headers

    private mutating func keyValue(in table: TableNode) throws(TOMLError) {
        let segments = try dottedKey()
        let (target, last) = try resolve(segments, in: table)
        skipWhitespace()
        guard peek() == "=" else {
            throw error("found \(foundHere())", expected: "'=' after the key")
        }
        advance()
        skipWhitespace()
        let value = try parseValue(path: TOMLWriter.keyPath(target.path, last.key))
        target.insert(last.key, at: last.position, .value(value))
    }

    /// Walks the dotted key from `table`, creating the tables it names, and returns the table
    /// that receives the last key, which must be new.
    private func resolve(_ segments: [KeySegment], in table: TableNode) throws(TOMLError) -> (TableNode, KeySegment) {
        var node = table
        let written = segments.map { TOMLWriter.key($0.key) }.joined(separator: ".")
        let fullKey = table.path.isEmpty ? written : table.path + "." + written
        for segment in segments.dropLast() {
            let path = TOMLWriter.keyPath(node.path, segment.key)
            guard let existing = node.slot(segment.key) else {
                let child = TableNode(definition: .dotted, position: segment.position, path: path)
                node.insert(segment.key, at: segment.position, .table(child))
                node = child
                continue
            }
            switch existing.slot {
            case .table(let child) where child.definition == .implicit || child.definition == .dotted:
                child.definition = .dotted
                node = child
            case .table(let child):
                throw error(
                    "found '\(fullKey)', but table [\(path)] has its own header", at: segment.position,
                    expected: "the keys of [\(path)] under its header",
                    hint: "[\(path)] is defined at \(child.position ?? .start)")
            default:
                throw error(
                    "found '\(fullKey)', but '\(path)' is already \(existing.slot.kindDescription)", at: segment.position,
                    expected: "a key not used yet",
                    hint: "'\(path)' is defined at \(existing.definedAt)"
                        + (existing.slot.isInlineTable ? "; an inline table is complete where it is written" : ""))
            }
        }
        let last = segments[segments.count - 1]
        if let existing = node.slot(last.key) {
            throw error(
                "duplicate key '\(TOMLWriter.keyPath(node.path, last.key))'", at: last.position,
                expected: "each key once per table",
                hint: "first defined at \(existing.definedAt)")
        }
        return (node, last)
    }

    /// Parses `[a.b]` or `[[a.b]]` and returns the table that the following keys go to.
    private mutating func header() throws(TOMLError) -> TableNode {
        let start = position
        advance()
        let isArray = peek() == "["
        if isArray { advance() }
        skipWhitespace()
        let segments = try dottedKey()
        skipWhitespace()
        let close = isArray ? "']]'" : "']'"
        guard peek() == "]" else {
            throw error("found \(foundHere())", expected: "\(close) to close the table header")
        }
        advance()
        if isArray {
            guard peek() == "]" else {
                throw error("found \(foundHere())", expected: "']]' to close the table header")
            }
            advance()
        }
        let written = segments.map { TOMLWriter.key($0.key) }.joined(separator: ".")
        let shown = isArray ? "[[\(written)]]" : "[\(written)]"

        var node = root
        for segment in segments.dropLast() {
            let path = TOMLWriter.keyPath(node.path, segment.key)
            guard let existing = node.slot(segment.key) else {
                let child = TableNode(definition: .implicit, position: segment.position, path: path)
                node.insert(segment.key, at: segment.position, .table(child))
                node = child
                continue
            }
            switch existing.slot {
            case .table(let child): node = child
            case .arrayOfTables(let array): node = array.elements[array.elements.count - 1]
            case .value:
                throw error(
                    "found \(shown), but '\(path)' is already \(existing.slot.kindDescription)", at: start,
                    expected: "a key not used yet",
                    hint: "'\(path)' is defined at \(existing.definedAt)")
            }
        }

        let last = segments[segments.count - 1]
        let path = TOMLWriter.keyPath(node.path, last.key)
        guard let existing = node.slot(last.key) else {
            let table = TableNode(definition: .header, position: start, path: isArray ? path + "[0]" : path)
            if isArray {
                node.insert(last.key, at: last.position, .arrayOfTables(ArrayOfTablesNode(position: start, path: path, first: table)))
            } else {
                node.insert(last.key, at: last.position, .table(table))
            }
            return table
        }
        switch existing.slot {
        case .arrayOfTables(let array) where isArray:
            let table = TableNode(definition: .header, position: start, path: path + "[\(array.elements.count)]")
            array.elements.append(table)
            return table
        case .table(let table) where !isArray && table.definition == .implicit:
            table.definition = .header
            table.position = start
            return table
        case .table(let table) where !isArray:
            let how = table.definition == .dotted ? "by dotted keys at" : "at"
            throw error(
                "found table \(shown) defined again", at: start,
                expected: "each table to be defined once",
                hint: "'\(path)' was first defined \(how) \(table.position ?? existing.keyPosition)")
        case .value(let value) where !isArray && value.isTable:
            throw error(
                "found table \(shown) defined again", at: start,
                expected: "each table to be defined once",
                hint: "'\(path)' was first defined as an inline table at \(existing.keyPosition)")
        case .arrayOfTables:
            throw error(
                "found \(shown), but '\(path)' is an array of tables", at: start,
                expected: "[[\(written)]] to add a table to it",
                hint: "'\(path)' is defined at \(existing.definedAt)")
        default:
            throw error(
                "found \(shown), but '\(path)' is already \(existing.slot.kindDescription)", at: start,
                expected: "a key not used yet",
                hint: "'\(path)' is defined at \(existing.definedAt)")
        }
    }

    // MARK: Values

    private static let valueExpectation = "a value: a string, number, boolean, array or inline table"

    /// Parses the value that starts here; `path` names it in error messages.
    private mutating func parseValue(path: String) throws(TOMLError) -> TOMLValue {
        let start = position
        switch peek() {
        case "\""?:
            let multiline = peek(1) == "\"" && peek(2) == "\""
            return TOMLValue(.string(try basicString(multiline: multiline)), position: start)
        case "'"?:
            let multiline = peek(1) == "'" && peek(2) == "'"
            return TOMLValue(.string(try literalString(multiline: multiline)), position: start)
        case "["?, "{"?:
            guard nesting < Self.maxNesting else {
                throw error("arrays and inline tables nested more than \(Self.maxNesting) deep", expected: "at most \(Self.maxNesting) levels of nesting")
            }
            nesting += 1
            defer { nesting -= 1 }
            return peek() == "[" ? try array(path: path) : try inlineTable(path: path)
        case let c? where isTokenScalar(c):
            var token: [Unicode.Scalar] = []
            while let c = peek(), isTokenScalar(c) {
                token.append(c)
                advance()
            }
            return TOMLValue(try scalarValue(token, at: start), position: start)
        default:
            throw error("found \(foundHere())", expected: Self.valueExpectation)
        }
    }

    private func isTokenScalar(_ c: Unicode.Scalar) -> Bool {
        isBareKeyScalar(c) || c == "+" || c == "." || c == ":"
    }

    /// A boolean or a number, from a run of token characters.
    private func scalarValue(_ token: [Unicode.Scalar], at start: TOMLPosition) throws(TOMLError) -> TOMLValue.Content {
        var text = ""
        text.unicodeScalars.append(contentsOf: token)
        switch text {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan": return .float(.nan)
        case "-nan": return .float(-Double.nan)
        default: break
        }
        let shown = "'\(shorten(text))'"
        if Self.looksLikeDateOrTime(token) {
            throw error("found date or time \(shown)", at: start, expected: Self.valueExpectation,
                        hint: "dates and times are not supported in specs; write them as strings")
        }
        guard let first = token.first, ("0"..."9").contains(first) || first == "+" || first == "-" || first == "." else {
            let hint: String
            if text.lowercased() == "true" || text.lowercased() == "false" {
                hint = "booleans are written true or false"
            } else {
                hint = "strings need quotes: \"\(text)\""
            }
            throw error("found \(shown)", at: start, expected: Self.valueExpectation, hint: hint)
        }
        switch TOMLNumber.parse(token) {
        case .success(let content): return content
        case .failure(let problem): throw error("found \(shown)", at: start, expected: problem.expected)
        }
    }

    private static func looksLikeDateOrTime(_ t: [Unicode.Scalar]) -> Bool {
        func digits(_ range: Range<Int>) -> Bool {
            range.upperBound <= t.count && range.allSatisfy { ("0"..."9").contains(t[$0]) }
        }
        let date = digits(0..<4) && t.count > 4 && t[4] == "-" && digits(5..<7)
        let time = digits(0..<2) && t.count > 2 && t[2] == ":" && digits(3..<5)
        return date || time
    }

    private mutating func array(path: String) throws(TOMLError) -> TOMLValue {
        let start = position
        advance()
        var items: [TOMLValue] = []
        while true {
            try skipArrayFiller()
            if peek() == "]" { advance(); break }
            if peek() == nil {
                throw error("found end of file", expected: "a value or ']' to close the array begun at \(start)")
            }
            items.append(try parseValue(path: path + "[\(items.count)]"))
            try skipArrayFiller()
            if peek() == "," { advance(); continue }
            if peek() == "]" { advance(); break }
            throw error("found \(foundHere())", expected: "',' or ']' in the array begun at \(start)")
        }
        return TOMLValue(.array(items), position: start)
    }

    private mutating func inlineTable(path: String) throws(TOMLError) -> TOMLValue {
        let start = position
        advance()
        let table = TableNode(definition: .header, position: start, path: path)
        skipWhitespace()
        if peek() == "}" {
            advance()
            return TOMLValue(.table(table.freeze()), position: start)
        }
        let oneLine = "; an inline table is written on one line"
        while true {
            skipWhitespace()
            guard let c = peek(), isBareKeyScalar(c) || c == "\"" || c == "'" else {
                let note = peek() == "}" ? "; no comma before '}'" : (peek() == nil || atNewline() ? oneLine : "")
                throw error("found \(foundHere())", expected: "a key in the inline table begun at \(start)\(note)")
            }
            try keyValue(in: table)
            skipWhitespace()
            if peek() == "," { advance(); continue }
            if peek() == "}" { advance(); break }
            let note = peek() == nil || atNewline() ? oneLine : ""
            throw error("found \(foundHere())", expected: "',' or '}' in the inline table begun at \(start)\(note)")
        }
        return TOMLValue(.table(table.freeze()), position: start)
    }

    // MARK: Strings

    /// A `"basic"` or `"""multi-line basic"""` string, starting at its opening quote.
    private mutating func basicString(multiline: Bool) throws(TOMLError) -> String {
        let start = position
        advance(multiline ? 3 : 1)
        if multiline && atNewline() { consumeNewline() }
        var out = ""
        while true {
            guard let c = peek() else {
                throw unterminated(at: start, multiline: multiline, quote: "\"")
            }
            if c == "\"" {
                if !multiline { advance(); return out }
                if try closingQuotes("\"", into: &out) { return out } else { continue }
            }
            if c == "\\" {
                if multiline, lineEndingBackslash() {
                    continue
                }
                out.unicodeScalars.append(try escape())
                continue
            }
            if atNewline() {
                guard multiline else { throw unterminated(at: start, multiline: false, quote: "\"") }
                consumeNewline()
                out += "\n"
                continue
            }
            if isControl(c) {
                throw error("found \(foundHere()) in a string",
                            expected: "text, with control characters written as escapes such as \\u\(hex(c.value, digits: 4))")
            }
            out.unicodeScalars.append(c)
            advance()
        }
    }

    /// A `'literal'` or `'''multi-line literal'''` string: no escapes.
    private mutating func literalString(multiline: Bool) throws(TOMLError) -> String {
        let start = position
        advance(multiline ? 3 : 1)
        if multiline && atNewline() { consumeNewline() }
        var out = ""
        while true {
            guard let c = peek() else {
                throw unterminated(at: start, multiline: multiline, quote: "'")
            }
            if c == "'" {
                if !multiline { advance(); return out }
                if try closingQuotes("'", into: &out) { return out } else { continue }
            }
            if atNewline() {
                guard multiline else { throw unterminated(at: start, multiline: false, quote: "'") }
                consumeNewline()
                out += "\n"
                continue
            }
            if isControl(c) && c != "\t" {
                throw error("found \(foundHere()) in a literal string", expected: "text without control characters")
            }
            out.unicodeScalars.append(c)
            advance()
        }
    }

    /// In a multi-line string at a run of quotes: fewer than three are content (returns false),
    /// three to five close the string, the extra ones being content (returns true).
    private mutating func closingQuotes(_ quote: Unicode.Scalar, into out: inout String) throws(TOMLError) -> Bool {
        var n = 0
        while peek(n) == quote { n += 1 }
        if n > 5 {
            throw error("found \(n) quotes in a row", expected: "at most two \(quote) inside a multi-line string before the closing \(quote)\(quote)\(quote)")
        }
        for _ in 0..<(n >= 3 ? n - 3 : n) { out.unicodeScalars.append(quote) }
        advance(n)
        return n >= 3
    }

    /// At a backslash in a multi-line basic string: when only whitespace follows it on its
    /// line, skips the backslash and all whitespace and newlines after it.
    private mutating func lineEndingBackslash() -> Bool {
        var j = i + 1
        while j < s.count, s[j] == " " || s[j] == "\t" { j += 1 }
        guard j < s.count, s[j] == "\n" || (s[j] == "\r" && j + 1 < s.count && s[j + 1] == "\n") else { return false }
        advance(j - i)
        while let c = peek(), c == " " || c == "\t" || atNewline() {
            if atNewline() { consumeNewline() } else { advance() }
        }
        return true
    }

    private mutating func escape() throws(TOMLError) -> Unicode.Scalar {
        let start = position
        advance()
        let expectedEscapes = "one of \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX"
        guard let c = peek(), !atNewline(), !isControl(c) else {
            throw error("found '\\' followed by \(foundHere())", at: start, expected: expectedEscapes)
        }
        advance()
        switch c {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let count = c == "u" ? 4 : 8
            var value: UInt32 = 0
            var written = "\\\(c)"
            for _ in 0..<count {
                guard let d = peek(), let digit = hexDigitValue(d) else {
                    throw error("found escape '\(written)'", at: start, expected: "\\\(c) followed by \(count) hexadecimal digits")
                }
                written.unicodeScalars.append(d)
                value = value << 4 | digit
                advance()
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw error("found escape '\(written)'", at: start,
                            expected: "a Unicode scalar value (not a surrogate, at most \\U0010FFFF)")
            }
            return scalar
        default:
            throw error("found escape '\\\(c)'", at: start, expected: expectedEscapes)
        }
    }

    private func unterminated(at start: TOMLPosition, multiline: Bool, quote: Unicode.Scalar) -> TOMLError {
        if multiline {
            return error("found an unterminated multi-line string", at: start,
                         expected: "closing quotes (\(quote)\(quote)\(quote)) before the end of the file")
        }
        return error("found an unterminated string", at: start,
                     expected: "a closing quote (\(quote)) before the end of the line")
    }

    // MARK: Errors

    private func error(_ found: String, at position: TOMLPosition? = nil, expected: String, hint: String? = nil) -> TOMLError {
        TOMLError(file: file, position: position ?? self.position, found: found, expected: expected, hint: hint)
    }

    /// What is at the current position, for "found ..." messages: a token, a character, a
    /// control character by code, end of line or end of file.
    private func foundHere() -> String {
        guard let c = peek() else { return "end of file" }
        if atNewline() { return "end of line" }
        if c == "\r" { return "a carriage return not followed by a line feed" }
        if isControl(c) { return "control character U+\(hex(c.value, digits: 4))" }
        if c.value >= 0x80 && isInvisible(c) { return "invisible character U+\(hex(c.value, digits: 4))" }
        if isTokenScalar(c) {
            var text = ""
            var j = i
            while j < s.count, isTokenScalar(s[j]) { text.unicodeScalars.append(s[j]); j += 1 }
            return "'\(shorten(text))'"
        }
        return "'\(c)'"
    }

    private func shorten(_ text: String) -> String {
        text.unicodeScalars.count <= 40 ? text : String(String.UnicodeScalarView(text.unicodeScalars.prefix(39))) + "…"
    }
}

/// TOML forbids control characters other than tab in strings and comments (newlines are
/// handled where they are allowed).
func isControl(_ c: Unicode.Scalar) -> Bool {
    (c.value < 0x20 && c != "\t") || c.value == 0x7F
}

private func isInvisible(_ c: Unicode.Scalar) -> Bool {
    switch c.properties.generalCategory {
    case .format, .control, .spaceSeparator, .lineSeparator, .paragraphSeparator, .privateUse, .unassigned, .surrogate: true
    default: false
    }
}

func hexDigitValue(_ c: Unicode.Scalar) -> UInt32? {
    switch c {
    case "0"..."9": c.value - 0x30
    case "a"..."f": c.value - 0x61 + 10
    case "A"..."F": c.value - 0x41 + 10
    default: nil
    }
}

func hex(_ value: UInt32, digits: Int) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
}

// MARK: - The mutable tree

/// A table while it is being parsed.
final class TableNode {
    enum Definition {
        case root
        /// Created as a prefix of a header, `a` in `[a.b]`: may still be defined once.
        case implicit
        /// Defined by a `[header]`, as an element of `[[header]]`, or an inline table.
        case header
        /// Created by dotted keys, `a` in `a.b = 1`: a header may not define it again.
        case dotted
    }

    enum Slot {
        /// A finished value: a scalar, an array or an inline table; nothing can extend it.
        case value(TOMLValue)
        case table(TableNode)
        case arrayOfTables(ArrayOfTablesNode)

        var kindDescription: String {
            switch self {
            case .value(let v): v.isTable ? "an inline table" : v.kindDescription
            case .table: "a table"
            case .arrayOfTables: "an array of tables"
            }
        }

        var isInlineTable: Bool {
            if case .value(let v) = self { return v.isTable }
            return false
        }
    }

    struct Entry {
        var key: String
        var keyPosition: TOMLPosition
        var slot: Slot

        /// Where a message should say this entry was defined: a table's header, else its key.
        var definedAt: TOMLPosition {
            switch slot {
            case .table(let t): t.position ?? keyPosition
            case .arrayOfTables(let a): a.position
            case .value: keyPosition
            }
        }
    }

    var definition: Definition
    var position: TOMLPosition?
    /// The table's path for messages, e.g. `method[1].student`.
    let path: String
    private var entries: [Entry] = []
    private var index: [String: Int] = [:]

    init(definition: Definition, position: TOMLPosition?, path: String) {
        self.definition = definition
        self.position = position
        self.path = path
    }

    func slot(_ key: String) -> Entry? { index[key].map { entries[$0] } }

    func insert(_ key: String, at position: TOMLPosition, _ slot: Slot) {
        index[key] = entries.count
        entries.append(Entry(key: key, keyPosition: position, slot: slot))
    }

    func freeze() -> TOMLTable {
        var table = TOMLTable(position: position)
        for entry in entries {
            let value: TOMLValue
            switch entry.slot {
            case .value(let v): value = v
            case .table(let t): value = TOMLValue(.table(t.freeze()), position: t.position)
            case .arrayOfTables(let a):
                value = TOMLValue(.array(a.elements.map { TOMLValue(.table($0.freeze()), position: $0.position) }), position: a.position)
            }
            table.set(TOMLTable.Entry(key: entry.key, keyPosition: entry.keyPosition, value: value))
        }
        return table
    }
}

/// An array made by `[[header]]`s; later headers may add tables to its last element.
final class ArrayOfTablesNode {
    let position: TOMLPosition
    let path: String
    var elements: [TableNode]

    init(position: TOMLPosition, path: String, first: TableNode) {
        self.position = position
        self.path = path
        self.elements = [first]
    }
}

extension TOMLValue {
    /// True for a table (not an array of tables).
    public var isTable: Bool {
        if case .table = content { return true }
        return false
    }
}
