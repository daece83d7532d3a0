// Strict reading of a spec (docs/ARCHITECTURE.md, "Specs"): every key is read through a
// `SpecTable`, which remembers which keys the schema asked for, so that one final
// `rejectUnknownKeys()` can refuse everything else, suggesting the nearest valid key.

import UnderstudyTOML

// MARK: - Public API

/// A cursor over one table of a spec that reads keys with their types and limits, and
/// remembers which keys it was asked about.
///
/// Typical use (every error is a `SpecError` naming file, line, column and the key's full path):
///
///     let spec = try SpecTable(parsing: text, file: "seeds/driving-loop.toml")
///     let name = try spec.string("name", matching: "lowercase letters, digits and '-'") { ... }
///     let seeds = try spec.int("seeds", in: 1...)
///     let env = try spec.subtable("env")
///     let id = try env.string("id", oneOf: ["driving-loop", "CartPole-v1"])
///     for method in try spec.arrayOfTables("method") {
///         let algorithm = try method.string("algorithm", oneOf: ["bc", "dagger", "gail"])
///     }
///     try spec.rejectUnknownKeys()   // checks `env` and every `method` too
///
/// Keys are single keys of this table (not dotted paths); reach deeper tables with
/// `subtable(_:)`. A `SpecTable` is a reference: tables handed out by `subtable` and
/// `arrayOfTables` stay attached to it, so the root's `rejectUnknownKeys()` checks them all.
public final class SpecTable {
    /// The file name errors show.
    public let file: String
    /// The full key path of this table: `""` for the root, `env`, `method[2]`.
    public let path: String
    /// The table itself, with positions.
    public let table: TOMLTable
    /// Where errors about missing keys point: the table's header, its `{`, the key that made
    /// it, or 1:1 for the root.
    public let position: TOMLPosition

    /// `[[method]]` for the elements of an array of tables, `[env]` for tables.
    private let header: String
    private var known: [String] = []
    /// The cursors handed out, by key, so that asking twice gives the same cursors.
    private var children: [(key: String, child: Child)] = []

    private enum Child {
        case table(SpecTable)
        case arrayOfTables([SpecTable])
    }

    /// A cursor over the root table of `document`.
    public convenience init(_ document: TOMLDocument) {
        self.init(file: document.file, path: "", header: "", table: document.root, position: .start)
    }

    /// Parses `text` and returns a cursor over its root table.
    /// - Throws: `SpecError` for syntax errors too, so a caller handles one error type.
    public convenience init(parsing text: String, file: String) throws(SpecError) {
        do {
            self.init(try TOMLDocument(parsing: text, file: file))
        } catch {
            throw SpecError(error)
        }
    }

    private init(file: String, path: String, header: String, table: TOMLTable, position: TOMLPosition) {
        self.file = file
        self.path = path
        self.header = header
        self.table = table
        self.position = position
    }

    // MARK: Presence and raw values

    /// Whether the table has `key`; marks `key` as valid here.
    public func contains(_ key: String) -> Bool {
        accept(key)
        return table[key] != nil
    }

    /// The raw value of `key`, if present; marks `key` as valid here.
    public func value(_ key: String) -> TOMLValue? {
        accept(key)
        return table[key]
    }

    /// Where `key`'s value is (or this table's position when `key` is missing), for errors
    /// from checks that involve several keys; marks `key` as valid here.
    public func location(of key: String) -> SpecLocation {
        accept(key)
        let entry = table.entry(key)
        return SpecLocation(file: file, path: TOMLWriter.keyPath(path, key),
                            position: entry?.value.position ?? entry?.keyPosition ?? position)
    }

    /// A `SpecError` about `key`'s value: `<path>: <message> (expected <expected>)`.
    public func error(at key: String, _ message: String, expected: String?, hint: String? = nil) -> SpecError {
        location(of: key).error(message, expected: expected, hint: hint)
    }

    /// Declares keys this table accepts before they are read (some are read only in some
    /// cases): they count as valid for `rejectUnknownKeys()`, appear in its list of expected
    /// keys, and are never taken for misspellings of a missing key.
    public func declareKeys(_ keys: [String]) {
        for key in keys { accept(key) }
    }

    // MARK: Typed values

    /// The value of a required key.
    /// - Throws: `missing required key '<path>' (expected <type>)` at this table's position, or
    ///   a wrong-type error at the value.
    public func require<T: SpecValue>(_ key: String, as type: T.Type = T.self) throws(SpecError) -> T {
        try require(key, expected: T.expectedDescription) { (value, location) throws(SpecError) in
            try T.decode(value, at: location)
        }
    }

    /// The value of an optional key, or `nil` when it is absent.
    public func optional<T: SpecValue>(_ key: String, as type: T.Type = T.self) throws(SpecError) -> T? {
        guard let value = value(key) else { return nil }
        return try T.decode(value, at: location(of: key))
    }

    /// An integer in `range`; `default` when absent, or required when `default` is `nil`.
    public func int(_ key: String, in range: ClosedRange<Int>, default defaultValue: Int? = nil) throws(SpecError) -> Int {
        try int(key, expected: "an integer from \(range.lowerBound) to \(range.upperBound)", default: defaultValue, range.contains)
    }

    /// An integer ≥ `range.lowerBound`; `default` when absent, or required when `default` is `nil`.
    public func int(_ key: String, in range: PartialRangeFrom<Int>, default defaultValue: Int? = nil) throws(SpecError) -> Int {
        try int(key, expected: "an integer ≥ \(range.lowerBound)", default: defaultValue, range.contains)
    }

    /// A finite number (integers accepted) within the given bounds, each inclusive unless
    /// marked exclusive; `default` when absent, or required when `default` is `nil`.
    public func double(_ key: String, min: Double? = nil, max: Double? = nil,
                       minExclusive: Bool = false, maxExclusive: Bool = false,
                       default defaultValue: Double? = nil) throws(SpecError) -> Double {
        let expected = Self.describeBounds(min: min, max: max, minExclusive: minExclusive, maxExclusive: maxExclusive)
        return try value(key, expected: expected, default: defaultValue) { (raw, location) throws(SpecError) in
            let x: Double
            do throws(SpecError) { x = try Double.decode(raw, at: location) } catch { throw location.wrongTypeOrSame(error, raw, expected: expected) }
            let aboveMin = min.map { minExclusive ? x > $0 : x >= $0 } ?? true
            let belowMax = max.map { maxExclusive ? x < $0 : x <= $0 } ?? true
            guard aboveMin && belowMax else { throw location.notAllowed(raw, expected: expected) }
            return x
        }
    }

    /// A boolean; `default` when absent, or required when `default` is `nil`.
    public func bool(_ key: String, default defaultValue: Bool? = nil) throws(SpecError) -> Bool {
        try value(key, expected: Bool.expectedDescription, default: defaultValue) { (raw, location) throws(SpecError) in
            try Bool.decode(raw, at: location)
        }
    }

    /// One of `choices` (compared exactly); a near miss gets `hint: did you mean "dagger"?`.
    /// `default` when absent, or required when `default` is `nil`.
    public func string(_ key: String, oneOf choices: [String], default defaultValue: String? = nil) throws(SpecError) -> String {
        let expected = "one of " + choices.map(TOMLWriter.string).joined(separator: ", ")
        return try value(key, expected: expected, default: defaultValue) { (raw, location) throws(SpecError) in
            guard case .string(let s) = raw.content else { throw location.wrongType(raw, expected: expected) }
            guard choices.contains(s) else {
                let hint = nearest(to: s, in: choices).map { "did you mean \(TOMLValue.string($0))?" }
                throw location.notAllowed(raw, expected: expected, hint: hint)
            }
            return s
        }
    }

    /// A string that `isValid` accepts; `description` says what is valid, as in
    /// `name: found "Driving Loop" (expected <description>)`.
    /// `default` when absent, or required when `default` is `nil`.
    public func string(_ key: String, matching description: String, default defaultValue: String? = nil,
                       where isValid: (String) -> Bool) throws(SpecError) -> String {
        try value(key, expected: description, default: defaultValue) { (raw, location) throws(SpecError) in
            guard case .string(let s) = raw.content else { throw location.wrongType(raw, expected: description) }
            guard isValid(s) else { throw location.notAllowed(raw, expected: description) }
            return s
        }
    }

    /// An array of `T` whose length is in `count`; `default` when absent, or required when
    /// `default` is `nil`.
    public func array<T: SpecValue>(_ key: String, of type: T.Type, count: ClosedRange<Int>,
                                    default defaultValue: [T]? = nil) throws(SpecError) -> [T] {
        let size = count.lowerBound == count.upperBound ? "\(count.lowerBound)" : "\(count.lowerBound) to \(count.upperBound)"
        let noun = count == 1...1 ? T.expectedDescription.split(separator: " ").dropFirst().joined(separator: " ") : T.expectedPlural
        let expected = "an array of \(size) \(noun)"
        return try value(key, expected: expected, default: defaultValue) { (raw, location) throws(SpecError) in
            guard case .array(let items) = raw.content else { throw location.wrongType(raw, expected: expected) }
            guard count.contains(items.count) else {
                throw location.error("found an array of \(items.count) value\(items.count == 1 ? "" : "s")", expected: expected)
            }
            return try [T].decode(raw, at: location)
        }
    }

    // MARK: Tables

    /// The subtable `key` (a `[key]` section, an inline table, or made by dotted keys). When it
    /// is absent and `required` is false, an empty table, so defaults read the same way.
    public func subtable(_ key: String, required: Bool = true) throws(SpecError) -> SpecTable {
        if case .table(let earlier)? = children.first(where: { $0.key == key })?.child { return earlier }
        let childPath = TOMLWriter.keyPath(path, key)
        let childHeader = "[\(headerPath(key))]"
        let child: SpecTable
        if let raw = value(key) {
            guard case .table(let t) = raw.content else {
                throw location(of: key).wrongType(raw, expected: "a table \(childHeader)")
            }
            child = SpecTable(file: file, path: childPath, header: childHeader, table: t, position: t.position ?? raw.position ?? position)
        } else if required {
            throw missing(key, expected: "a table \(childHeader)")
        } else {
            child = SpecTable(file: file, path: childPath, header: childHeader, table: TOMLTable(), position: position)
        }
        children.append((key, .table(child)))
        return child
    }

    /// The tables of `[[key]]` (or `key = [{...}, ...]`), at least `minimumCount` of them; with
    /// `minimumCount` 0 an absent key gives no tables.
    public func arrayOfTables(_ key: String, minimumCount: Int = 1) throws(SpecError) -> [SpecTable] {
        let earlier = children.first(where: { $0.key == key })?.child
        let childHeader = "[[\(headerPath(key))]]"
        let expected = minimumCount <= 1
            ? "one or more \(childHeader) tables"
            : "at least \(minimumCount) \(childHeader) tables"
        guard let raw = value(key) else {
            if minimumCount == 0 { return [] }
            throw missing(key, expected: expected)
        }
        let location = location(of: key)
        guard case .array(let items) = raw.content else { throw location.wrongType(raw, expected: expected) }
        guard items.count >= minimumCount else {
            throw location.error("found \(items.count) table\(items.count == 1 ? "" : "s")", expected: expected)
        }
        if case .arrayOfTables(let tables)? = earlier { return tables }
        var tables: [SpecTable] = []
        for (index, item) in items.enumerated() {
            let itemLocation = location.element(index, position: item.position)
            guard case .table(let t) = item.content else { throw itemLocation.wrongType(item, expected: "a table") }
            tables.append(SpecTable(file: file, path: itemLocation.path, header: childHeader, table: t,
                                    position: t.position ?? itemLocation.position))
        }
        children.append((key, .arrayOfTables(tables)))
        return tables
    }

    // MARK: Unknown keys

    /// Throws for the first key (in file order) that no reader asked about, in this table or
    /// any table handed out by `subtable` or `arrayOfTables`:
    /// `unknown key 'method[0].algoritm' (expected one of 'name', 'algorithm')` with
    /// `hint: did you mean 'algorithm'?` when a valid key is close.
    public func rejectUnknownKeys() throws(SpecError) {
        if let first = unknownKeyErrors().min(by: { $0.position < $1.position }) { throw first }
    }

    // MARK: - Implementation details

    private func accept(_ key: String) {
        if !known.contains(key) { known.append(key) }
    }

    private func unknownKeyErrors() -> [SpecError] {
        var errors: [SpecError] = []
        for entry in table.entries where !known.contains(entry.key) {
            let expected = known.isEmpty
                ? "no keys in \(path.isEmpty ? "this file" : header)"
                : "one of " + known.map { "'\(TOMLWriter.key($0))'" }.joined(separator: ", ")
            errors.append(SpecError(
                file: file, position: entry.keyPosition ?? entry.value.position ?? position,
                message: "unknown key '\(TOMLWriter.keyPath(path, entry.key))'", expected: expected,
                hint: nearest(to: entry.key, in: known).map { "did you mean '\(TOMLWriter.key($0))'?" }))
        }
        for (_, child) in children {
            switch child {
            case .table(let table): errors += table.unknownKeyErrors()
            case .arrayOfTables(let tables): for table in tables { errors += table.unknownKeyErrors() }
            }
        }
        return errors
    }

    /// A missing required key; when an unread key of this table looks like a misspelling of
    /// it, the hint says where.
    private func missing(_ key: String, expected: String) -> SpecError {
        let typo = table.entries.first { entry in
            !known.contains(entry.key) && nearest(to: entry.key, in: [key]) != nil
        }
        let hint = typo.map { "'\(TOMLWriter.key($0.key))' at \($0.keyPosition ?? position) looks like a misspelling of '\(TOMLWriter.key(key))'" }
        return SpecError(file: file, position: position, message: "missing required key '\(TOMLWriter.keyPath(path, key))'",
                         expected: expected, hint: hint)
    }

    /// The header path of a child table: indices of arrays of tables left out, as TOML writes it.
    private func headerPath(_ key: String) -> String {
        let mine = header.trimmingBrackets
        return mine.isEmpty ? TOMLWriter.key(key) : mine + "." + TOMLWriter.key(key)
    }

    private func require<T>(_ key: String, expected: String,
                            _ decode: (TOMLValue, SpecLocation) throws(SpecError) -> T) throws(SpecError) -> T {
        guard let raw = value(key) else { throw missing(key, expected: expected) }
        return try decode(raw, location(of: key))
    }

    private func value<T>(_ key: String, expected: String, default defaultValue: T?,
                          _ decode: (TOMLValue, SpecLocation) throws(SpecError) -> T) throws(SpecError) -> T {
        if value(key) == nil, let defaultValue { return defaultValue }
        return try require(key, expected: expected, decode)
    }

    private func int(_ key: String, expected: String, default defaultValue: Int?,
                     _ isAllowed: (Int) -> Bool) throws(SpecError) -> Int {
        try value(key, expected: expected, default: defaultValue) { (raw, location) throws(SpecError) in
            guard case .integer(let i) = raw.content else { throw location.wrongType(raw, expected: expected) }
            guard isAllowed(i) else { throw location.notAllowed(raw, expected: expected) }
            return i
        }
    }

    private static func describeBounds(min: Double?, max: Double?, minExclusive: Bool, maxExclusive: Bool) -> String {
        func number(_ x: Double) -> String {
            x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : TOMLWriter.float(x)
        }
        switch (min, max) {
        case let (lo?, hi?) where !minExclusive && !maxExclusive:
            return "a number from \(number(lo)) to \(number(hi))"
        case let (lo?, hi?):
            return "a number \(minExclusive ? ">" : "≥") \(number(lo)) and \(maxExclusive ? "<" : "≤") \(number(hi))"
        case let (lo?, nil):
            return "a number \(minExclusive ? ">" : "≥") \(number(lo))"
        case let (nil, hi?):
            return "a number \(maxExclusive ? "<" : "≤") \(number(hi))"
        case (nil, nil):
            return "a finite number"
        }
    }
}

extension SpecLocation {
    /// Re-states a type error from `Double.decode` with the caller's fuller expectation.
    fileprivate func wrongTypeOrSame(_ error: SpecError, _ value: TOMLValue, expected: String) -> SpecError {
        switch value.content {
        case .float, .integer: error
        default: wrongType(value, expected: expected)
        }
    }
}

extension String {
    /// `[[a.b]]` → `a.b`, `[a]` → `a`.
    fileprivate var trimmingBrackets: String {
        var s = Substring(self)
        while s.first == "[" { s = s.dropFirst() }
        while s.last == "]" { s = s.dropLast() }
        return String(s)
    }
}
