// A TOML table that keeps its keys in written order, with their positions.

// MARK: - Public API

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
