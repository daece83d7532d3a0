// Parsing entry points and the syntax error type.

// MARK: - Public API

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
