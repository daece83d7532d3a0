/// A YAML value as Kubernetes manifests need it, emitted in block style with every string
/// double-quoted (so no value is ever read as a number, a boolean or null by accident) and map
/// keys in the order given.
public indirect enum YAML: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    case string(String)
    case integer(Int)
    case bool(Bool)
    case list([YAML])
    case map([Entry])

    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: YAML
        public init(_ key: String, _ value: YAML) {
            self.key = key
            self.value = value
        }
    }

    public static func map(_ entries: [(String, YAML)]) -> YAML { .map(entries.map { Entry($0.0, $0.1) }) }

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    /// The value of `key` in a map (nil otherwise).
    public subscript(key: String) -> YAML? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// The value as a YAML document (every line ends in a newline).
    public var text: String {
        switch self {
        case .map(let entries) where !entries.isEmpty: return Self.lines(self, indent: 0).joined(separator: "\n") + "\n"
        case .list(let items) where !items.isEmpty: return Self.lines(self, indent: 0).joined(separator: "\n") + "\n"
        default: return inline + "\n"
        }
    }

    /// Scalars and empty collections, as they appear after `key: ` or `- `.
    private var inline: String {
        switch self {
        case .string(let s): return Self.quoted(s)
        case .integer(let i): return "\(i)"
        case .bool(let b): return b ? "true" : "false"
        case .list: return "[]"
        case .map: return "{}"
        }
    }

    private var isBlock: Bool {
        switch self {
        case .list(let items): return !items.isEmpty
        case .map(let entries): return !entries.isEmpty
        default: return false
        }
    }

    private static func lines(_ value: YAML, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .map(let entries) where !entries.isEmpty:
            return entries.flatMap { entry -> [String] in
                let key = plainKey(entry.key) ? entry.key : quoted(entry.key)
                guard entry.value.isBlock else { return [pad + key + ": " + entry.value.inline] }
                return [pad + key + ":"] + lines(entry.value, indent: indent + 2)
            }
        case .list(let items) where !items.isEmpty:
            return items.flatMap { item -> [String] in
                switch item {
                case .map(let entries) where !entries.isEmpty:
                    var block = lines(item, indent: indent + 2)
                    block[0] = pad + "- " + block[0].dropFirst(indent + 2)
                    return block
                case .list(let inner) where !inner.isEmpty:
                    return [pad + "-"] + lines(item, indent: indent + 2)
                default:
                    return [pad + "- " + item.inline]
                }
            }
        default:
            return [pad + value.inline]
        }
    }

    /// Keys that read back as the same string without quotes.
    private static func plainKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first) else { return false }
        let reserved: Set<String> = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"]
        return !reserved.contains(key.lowercased()) && key.unicodeScalars.allSatisfy { s in
            ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || "_.-/".unicodeScalars.contains(s)
        }
    }

    /// A double-quoted YAML string: `\` and `"` escaped, and every character YAML would fold or
    /// treat as a line break written as an escape.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for s in text.unicodeScalars {
            switch s {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{85}": out += "\\N"
            case "\u{2028}": out += "\\L"
            case "\u{2029}": out += "\\P"
            case "\u{FEFF}": out += "\\uFEFF"
            default:
                if s.value < 0x20 || s.value == 0x7F {
                    let hex = String(s.value, radix: 16, uppercase: true)
                    out += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(s)
                }
            }
        }
        return out + "\""
    }
}
