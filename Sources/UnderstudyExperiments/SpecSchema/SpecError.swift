// Spec errors, one line each (never a trap): what is wrong, where, what was expected.

import UnderstudyTOML

// MARK: - Public API

/// An error in a spec file: a syntax error, a missing, unknown or out-of-range key, or a value
/// of the wrong type.
///
/// `description` is `<file>:<line>:<column>: <message> (expected <expected>)`, followed by a
/// second line `hint: <hint>` when there is a hint. The command line prefixes `error: `.
public struct SpecError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var position: TOMLPosition
    /// What was found, naming the key by its full path: `seeds: found a string "ten"`,
    /// `missing required key 'env.id'`, `unknown key 'method[1].algoritm'`.
    public var message: String
    /// What would have been valid, e.g. `an integer ≥ 1`; `nil` leaves out the parentheses.
    public var expected: String?
    /// A suggestion, e.g. `did you mean 'algorithm'?`.
    public var hint: String?

    public init(file: String, position: TOMLPosition, message: String, expected: String?, hint: String? = nil) {
        self.file = file
        self.position = position
        self.message = message
        self.expected = expected
        self.hint = hint
    }

    /// The same error as a syntax error reports it.
    public init(_ error: TOMLError) {
        self.init(file: error.file, position: error.position, message: error.found, expected: error.expected, hint: error.hint)
    }

    public var line: Int { position.line }
    public var column: Int { position.column }

    public var description: String {
        var text = "\(file):\(position): \(message)"
        if let expected { text += " (expected \(expected))" }
        if let hint { text += "\nhint: \(hint)" }
        return text
    }
}

/// Where a value sits in a spec: the file, its full key path (`method[2].algorithm`) and the
/// position of the value (or of its table, when the key is missing).
public struct SpecLocation: Sendable, Equatable {
    public var file: String
    public var path: String
    public var position: TOMLPosition

    public init(file: String, path: String, position: TOMLPosition) {
        self.file = file
        self.path = path
        self.position = position
    }

    /// `<path>: <message> (expected <expected>)` at this location.
    public func error(_ message: String, expected: String?, hint: String? = nil) -> SpecError {
        SpecError(file: file, position: position, message: path.isEmpty ? message : "\(path): \(message)",
                  expected: expected, hint: hint)
    }

    /// A value of the wrong type: `seeds: found a string "ten" (expected an integer ≥ 1)`.
    public func wrongType(_ value: TOMLValue, expected: String) -> SpecError {
        error("found \(value.kindDescription)\(shownValue(value, prefix: " "))", expected: expected)
    }

    /// A value of the right type that is not allowed: `seeds: found 0 (expected an integer ≥ 1)`.
    public func notAllowed(_ value: TOMLValue, expected: String, hint: String? = nil) -> SpecError {
        error("found \(shownValue(value, prefix: ""))", expected: expected, hint: hint)
    }

    /// The location of element `index` of the array here.
    public func element(_ index: Int, position: TOMLPosition?) -> SpecLocation {
        SpecLocation(file: file, path: "\(path)[\(index)]", position: position ?? self.position)
    }
}

// MARK: - Implementation details

/// The value as written in TOML, cut short when long; tables are not shown.
func shownValue(_ value: TOMLValue, prefix: String) -> String {
    if value.isTable { return prefix.isEmpty ? "a table" : "" }
    let text = value.description
    let scalars = text.unicodeScalars
    guard scalars.count > 40 else { return prefix + text }
    return prefix + String(String.UnicodeScalarView(scalars.prefix(39))) + "…"
}

/// The nearest candidate to `word` by Damerau–Levenshtein distance (optimal string alignment,
/// ignoring case), if it is close enough to be a likely typo: at most one edit per three
/// characters, at least one, at most three. Ties go to the earlier candidate.
func nearest(to word: String, in candidates: [String]) -> String? {
    let limit = min(3, max(1, (word.unicodeScalars.count + 1) / 3))
    var best: (candidate: String, distance: Int)?
    for candidate in candidates where candidate != word {
        let d = editDistance(word.lowercased(), candidate.lowercased())
        if d <= limit && d < (best?.distance ?? .max) { best = (candidate, d) }
    }
    return best?.candidate
}

/// Damerau–Levenshtein distance in its optimal-string-alignment form: insertions, deletions,
/// substitutions and transpositions of adjacent characters each cost one.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
            }
        }
    }
    return d[a.count][b.count]
}
