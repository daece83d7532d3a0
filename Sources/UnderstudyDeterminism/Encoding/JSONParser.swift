/// A JSON parser (RFC 8259) that remembers where every value starts, so that both syntax
/// errors and later schema errors can name a line and column.
///
/// Numbers without a fraction or exponent that fit in `Int` become `.integer`; every other
/// number becomes `.number` through Swift's `Double(String)`, which is correctly rounded, so
/// shortest round-trip decimals parse back to exactly the doubles that printed them.
/// Duplicate keys, non-finite numbers (e.g. `1e999`), and nesting deeper than 512 are errors.
public enum JSONParser {
    /// The value of `text`.
    public static func parse(_ text: String) throws -> JSONValue {
        try parseDocument(text).root.value
    }

    /// The value of `text` with the position of every value, for schema checks.
    public static func parseDocument(_ text: String) throws -> JSONDocument {
        var bytes = Array(text.utf8)
        bytes.append(0)   // sentinel: never a valid byte inside JSON text
        var parser = Parser(bytes: bytes, end: bytes.count - 1)
        parser.skipWhitespace()
        let root = try parser.value(depth: 0)
        parser.skipWhitespace()
        if parser.index != parser.end {
            throw parser.error("unexpected text after the JSON value", at: parser.index)
        }
        return JSONDocument(root: root, text: bytes)
    }

    static let maxDepth = 512
}


/// A parsed document: the located tree and the text it came from (to turn offsets into
/// lines and columns).
public struct JSONDocument: Sendable {
    public var root: LocatedJSON
    let text: [UInt8]

    /// The 1-based line and column of a byte offset in the text.
    public func lineColumn(of offset: Int) -> (line: Int, column: Int) {
        lineAndColumn(of: offset, in: text)
    }

    /// The 1-based line and column where `node` starts.
    public func position(of node: LocatedJSON) -> (line: Int, column: Int) {
        lineColumn(of: node.offset)
    }
}

/// A JSON value with the byte offset where it starts; objects keep their members in order.
public struct LocatedJSON: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case null
        case bool(Bool)
        case number(Double)
        case integer(Int)
        case string(String)
        case array([LocatedJSON])
        case object([Member])
    }

    public struct Member: Sendable, Hashable {
        public var key: String
        public var keyOffset: Int
        public var value: LocatedJSON
    }

    public var kind: Kind
    /// Byte offset of the value's first character in the UTF-8 text.
    public var offset: Int

    /// The plain value, positions dropped.
    public var value: JSONValue {
        switch kind {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let x): return .number(x)
        case .integer(let i): return .integer(i)
        case .string(let s): return .string(s)
        case .array(let items): return .array(items.map(\.value))
        case .object(let members):
            var dict: [String: JSONValue] = [:]
            for m in members { dict[m.key] = m.value.value }
            return .object(dict)
        }
    }

    /// The member named `key` of an object, if any.
    public subscript(key: String) -> LocatedJSON? {
        guard case .object(let members) = kind else { return nil }
        return members.first(where: { $0.key == key })?.value
    }

    /// A short name of the value's type for messages: "object", "array", "string", …
    public var typeName: String {
        switch kind {
        case .null: "null"
        case .bool: "boolean"
        case .number, .integer: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

func lineAndColumn(of offset: Int, in text: [UInt8]) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    var i = 0
    let stop = min(offset, text.count)
    while i < stop {
        let b = text[i]
        if b == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if b & 0xC0 != 0x80 {
            column += 1
        }
        i += 1
    }
    return (line, column)
}

private struct Parser {
    let bytes: [UInt8]
    let end: Int
    var index = 0

    init(bytes: [UInt8], end: Int) {
        self.bytes = bytes
        self.end = end
    }

    func error(_ message: String, at offset: Int) -> DeterminismError {
        let (line, column) = lineAndColumn(of: offset, in: bytes)
        return .jsonSyntax(line: line, column: column, message: message)
    }

    func describe(_ offset: Int) -> String {
        if offset >= end { return "end of input" }
        let b = bytes[offset]
        if b >= 0x21 && b < 0x7F { return "'\(Character(UnicodeScalar(b)))'" }
        return byteName(b)
    }

    func byteName(_ b: UInt8) -> Swift.String {
        switch b {
        case 0x20: "a space"
        case 0x0A: "a line break"
        case 0x09: "a tab"
        default: b < 0x80 ? "byte 0x" + Swift.String(b, radix: 16) : "a non-ASCII character"
        }
    }

    mutating func skipWhitespace() {
        while true {
            let b = bytes[index]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { index += 1 } else { return }
        }
    }

    mutating func value(depth: Int) throws -> LocatedJSON {
        guard depth < JSONParser.maxDepth else { throw error("nesting deeper than \(JSONParser.maxDepth)", at: index) }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return LocatedJSON(kind: .string(try string()), offset: start)
        case UInt8(ascii: "t"): try literal("true"); return LocatedJSON(kind: .bool(true), offset: start)
        case UInt8(ascii: "f"): try literal("false"); return LocatedJSON(kind: .bool(false), offset: start)
        case UInt8(ascii: "n"): try literal("null"); return LocatedJSON(kind: .null, offset: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default:
            throw error("unexpected \(describe(index)) (expected a JSON value)", at: index)
        }
    }

    mutating func literal(_ word: StaticString) throws {
        let start = index
        let utf8 = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for b in utf8 {
            guard bytes[index] == b else {
                throw error("invalid literal (expected '\(word)')", at: start)
            }
            index += 1
        }
    }

    mutating func object(depth: Int) throws -> LocatedJSON {
        let start = index
        index += 1
        var members: [LocatedJSON.Member] = []
        var seen: Set<String> = []
        skipWhitespace()
        if bytes[index] == UInt8(ascii: "}") {
            index += 1
            return LocatedJSON(kind: .object(members), offset: start)
        }
        while true {
            skipWhitespace()
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw error("unexpected \(describe(index)) (expected a string key)", at: index)
            }
            let keyOffset = index
            let key = try string()
            guard seen.insert(key).inserted else { throw error("duplicate key \"\(key)\"", at: keyOffset) }
            skipWhitespace()
            guard bytes[index] == UInt8(ascii: ":") else {
                throw error("unexpected \(describe(index)) (expected ':' after the key)", at: index)
            }
            index += 1
            skipWhitespace()
            let v = try value(depth: depth + 1)
            members.append(LocatedJSON.Member(key: key, keyOffset: keyOffset, value: v))
            skipWhitespace()
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return LocatedJSON(kind: .object(members), offset: start)
            default:
                throw error("unexpected \(describe(index)) (expected ',' or '}' in an object)", at: index)
            }
        }
    }

    mutating func array(depth: Int) throws -> LocatedJSON {
        let start = index
        index += 1
        var items: [LocatedJSON] = []
        skipWhitespace()
        if bytes[index] == UInt8(ascii: "]") {
            index += 1
            return LocatedJSON(kind: .array(items), offset: start)
        }
        while true {
            skipWhitespace()
            items.append(try value(depth: depth + 1))
            skipWhitespace()
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return LocatedJSON(kind: .array(items), offset: start)
            default:
                throw error("unexpected \(describe(index)) (expected ',' or ']' in an array)", at: index)
            }
        }
    }

    mutating func digits() -> Int {
        let start = index
        while bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9") { index += 1 }
        return index - start
    }

    mutating func number() throws -> LocatedJSON {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9") {
                throw error("invalid number: leading zero", at: start)
            }
        } else if digits() == 0 {
            throw error("invalid number (expected a digit after '-')", at: start)
        }
        var isInteger = true
        if bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard digits() > 0 else { throw error("invalid number (expected a digit after '.')", at: start) }
        }
        if bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw error("invalid number (expected a digit in the exponent)", at: start) }
        }
        let text = Swift.String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let i = Int(text) { return LocatedJSON(kind: .integer(i), offset: start) }
        guard let x = Double(text), x.isFinite else {
            throw error("number \(text) is out of range", at: start)
        }
        return LocatedJSON(kind: .number(x), offset: start)
    }

    mutating func string() throws -> Swift.String {
        let start = index
        index += 1
        var plainStart = index
        var out = ""
        while true {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                out += Swift.String(decoding: bytes[plainStart..<index], as: UTF8.self)
                index += 1
                return out
            }
            if index >= end { throw error("unterminated string", at: start) }
            if b < 0x20 { throw error("control character in a string (expected it escaped)", at: index) }
            if b == UInt8(ascii: "\\") {
                out += Swift.String(decoding: bytes[plainStart..<index], as: UTF8.self)
                let escapeStart = index
                index += 1
                switch bytes[index] {
                case UInt8(ascii: "\""): out += "\""
                case UInt8(ascii: "\\"): out += "\\"
                case UInt8(ascii: "/"): out += "/"
                case UInt8(ascii: "b"): out += "\u{8}"
                case UInt8(ascii: "f"): out += "\u{C}"
                case UInt8(ascii: "n"): out += "\n"
                case UInt8(ascii: "r"): out += "\r"
                case UInt8(ascii: "t"): out += "\t"
                case UInt8(ascii: "u"):
                    index += 1
                    var code = try hex4(escapeStart)
                    if code >= 0xD800 && code < 0xDC00 {
                        guard bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw error("unpaired surrogate in \\u escape", at: escapeStart)
                        }
                        index += 2
                        let low = try hex4(escapeStart)
                        guard low >= 0xDC00 && low < 0xE000 else { throw error("unpaired surrogate in \\u escape", at: escapeStart) }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else if code >= 0xDC00 && code < 0xE000 {
                        throw error("unpaired surrogate in \\u escape", at: escapeStart)
                    }
                    out.unicodeScalars.append(UnicodeScalar(code)!)
                    index -= 1
                default:
                    throw error("invalid escape \(describe(index)) in a string", at: escapeStart)
                }
                index += 1
                plainStart = index
                continue
            }
            index += 1
        }
    }

    mutating func hex4(_ escapeStart: Int) throws -> UInt32 {
        var code: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape (expected 4 hex digits)", at: escapeStart)
            }
            code = code << 4 | digit
            index += 1
        }
        return code
    }
}
