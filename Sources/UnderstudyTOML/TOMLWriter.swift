// Canonical TOML text, for the `spec.toml` a run directory keeps (docs/ARCHITECTURE.md,
// "Output formats"): the same table always gives the same bytes, and the text parses back to an equal
// table (`TOMLDocument(parsing: TOMLWriter.write(t), ...).root == t`).

// MARK: - Public API

/// Writes TOML tables as canonical text.
///
/// Layout: within each table, its plain keys first (one `key = value` per line), then its
/// subtables as `[a.b]` sections and its arrays of tables as `[[a.b]]` sections, each section
/// preceded by one blank line. A table that holds only sections gets no header of its own.
/// Tables inside arrays that also hold other values are written inline. Strings are basic
/// strings with escapes; floats are the shortest text that reads back to the same bits and
/// always contain `.` or an exponent (or are `inf`, `-inf`, `nan`), so they read back as floats.
public enum TOMLWriter {
    /// The canonical text of `table` as a document; keys in their given order, or sorted
    /// (by Swift's `String` ordering) within each table when `sortedKeys` is true.
    public static func write(_ table: TOMLTable, sortedKeys: Bool = false) -> String {
        var out = ""
        writeSection(table, path: [], isArrayElement: false, sortedKeys: sortedKeys, to: &out)
        return out
    }

    /// The shortest text that parses back to exactly `x`, always read as a float: `1.0`,
    /// `0.1`, `1e-5`, `1.5e300`, `-0.0`, `inf`, `-inf`, `nan`.
    public static func float(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        // Swift's `description` is the shortest round-trip text, the same on every platform;
        // it already has a '.' or an exponent. Only its exponent form is tidied: 1e-05 → 1e-5.
        let text = x.description
        guard let e = text.firstIndex(of: "e") else { return text }
        let mantissa = text[..<e]
        var exponent = text[text.index(after: e)...]
        var sign = ""
        if exponent.first == "-" { sign = "-"; exponent = exponent.dropFirst() }
        if exponent.first == "+" { exponent = exponent.dropFirst() }
        while exponent.count > 1 && exponent.first == "0" { exponent = exponent.dropFirst() }
        return "\(mantissa)e\(sign)\(exponent)"
    }

    /// `s` as a TOML basic string with its quotes, e.g. for naming a value in a message:
    /// `"a\"b"`.
    public static func string(_ s: String) -> String {
        var out = ""
        writeString(s, to: &out)
        return out
    }

    /// A key as TOML writes it: bare when it can be (`seeds`, `method-1`), else a basic string
    /// (`"a b"`).
    public static func key(_ key: String) -> String {
        let bare = !key.isEmpty && key.unicodeScalars.allSatisfy {
            ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
        return bare ? key : string(key)
    }

    /// `parent.key` as a dotted TOML key, the key quoted when it is not bare; `parent` is already
    /// written this way, and `""` for the root.
    public static func keyPath(_ parent: String, _ key: String) -> String {
        parent.isEmpty ? TOMLWriter.key(key) : parent + "." + TOMLWriter.key(key)
    }

    // MARK: - Implementation details

    private static func writeSection(_ table: TOMLTable, path: [String], isArrayElement: Bool, sortedKeys: Bool, to out: inout String) {
        let entries = sortedKeys ? table.entries.sorted { $0.key < $1.key } : table.entries
        let plain = entries.filter { !isSection($0.value) }
        let sections = entries.filter { isSection($0.value) }
        let name = path.joined(separator: ".")
        if isArrayElement {
            if !out.isEmpty { out += "\n" }
            out += "[[\(name)]]\n"
        } else if !path.isEmpty && (!plain.isEmpty || sections.isEmpty) {
            if !out.isEmpty { out += "\n" }
            out += "[\(name)]\n"
        }
        for entry in plain {
            out += TOMLWriter.key(entry.key) + " = "
            writeInline(entry.value, sortedKeys: sortedKeys, to: &out)
            out += "\n"
        }
        for entry in sections {
            let childPath = path + [TOMLWriter.key(entry.key)]
            switch entry.value.content {
            case .table(let child):
                writeSection(child, path: childPath, isArrayElement: false, sortedKeys: sortedKeys, to: &out)
            case .array(let items):
                for case .table(let child) in items.map(\.content) {
                    writeSection(child, path: childPath, isArrayElement: true, sortedKeys: sortedKeys, to: &out)
                }
            default:
                break
            }
        }
    }

    /// Tables and non-empty arrays made only of tables are written as sections.
    private static func isSection(_ value: TOMLValue) -> Bool {
        switch value.content {
        case .table: return true
        case .array(let items): return !items.isEmpty && items.allSatisfy(\.isTable)
        default: return false
        }
    }

    static func writeInline(_ value: TOMLValue, sortedKeys: Bool = false, to out: inout String) {
        switch value.content {
        case .string(let s): writeString(s, to: &out)
        case .integer(let i): out += String(i)
        case .float(let x): out += float(x)
        case .boolean(let b): out += b ? "true" : "false"
        case .array(let items):
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += ", " }
                writeInline(item, sortedKeys: sortedKeys, to: &out)
            }
            out += "]"
        case .table(let table):
            if table.isEmpty { out += "{}"; return }
            let entries = sortedKeys ? table.entries.sorted { $0.key < $1.key } : table.entries
            out += "{ "
            for (k, entry) in entries.enumerated() {
                if k > 0 { out += ", " }
                out += TOMLWriter.key(entry.key) + " = "
                writeInline(entry.value, sortedKeys: sortedKeys, to: &out)
            }
            out += " }"
        }
    }

    /// A TOML basic string: `"` and `\` escaped, control characters as `\b \t \n \f \r` or
    /// `\uXXXX`; everything else as itself.
    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\u{0C}": out += "\\f"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u" + hex(scalar.value, digits: 4)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
