/// Canonical JSON, so equal results are equal bytes: sorted keys, shortest round-trip numbers, no NaN or
/// infinity, no insignificant whitespace unless `pretty`.
public enum CanonicalJSON {
    /// The canonical text of `value`; with `pretty`, two-space indentation and one member per line.
    public static func string(_ value: JSONValue, pretty: Bool = false) throws -> String {
        var out = ""
        try write(value, to: &out, path: "", indent: pretty ? 0 : nil)
        if pretty { out += "\n" }
        return out
    }

    /// The shortest decimal text that parses back to exactly `x` (Swift's `description`,
    /// which is the same on every platform); integers in range print without a fraction.
    public static func number(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 0x1p53 {
            return x == 0 ? (x.sign == .minus ? "-0.0" : "0") : String(Int64(x))
        }
        return x.description
    }

    static func write(_ value: JSONValue, to out: inout String, path: String, indent: Int?) throws {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .number(let x):
            guard x.isFinite else { throw DeterminismError.nonFiniteNumber(path: path, value: x) }
            out += number(x)
        case .string(let s): writeString(s, to: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                newline(&out, indent.map { $0 + 1 })
                try write(item, to: &out, path: "\(path)[\(i)]", indent: indent.map { $0 + 1 })
            }
            newline(&out, indent)
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                newline(&out, indent.map { $0 + 1 })
                writeString(key, to: &out)
                out += indent == nil ? ":" : ": "
                try write(members[key]!, to: &out, path: path.isEmpty ? key : "\(path).\(key)", indent: indent.map { $0 + 1 })
            }
            newline(&out, indent)
            out += "}"
        }
    }

    static func newline(_ out: inout String, _ indent: Int?) {
        guard let indent else { return }
        out += "\n" + String(repeating: "  ", count: indent)
    }

    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
