/// Small pieces of HTML shared by the report and the comparison pages: self-contained (inline
/// CSS, no scripts), every text from a spec or a result escaped.
enum HTML {
    /// `text` safe inside element content and double-quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A relative link target: path segments percent-encoded where HTML or URLs would misread them.
    static func href(_ path: String) -> String {
        var out = ""
        for b in path.utf8 {
            let c = Character(Unicode.Scalar(b))
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "-_.~/".contains(c) {
                out.append(c)
            } else {
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(b >> 4)]) + String(hex[Int(b & 15)])
            }
        }
        return out
    }

    static let style = """
    body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #262626; background: #fff;
           max-width: 1160px; margin: 1em auto; padding: 0 1em; line-height: 1.45; overflow-wrap: break-word; }
    h1 { font-size: 1.6em; margin-bottom: 0.2em; }
    h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #e3e3e3; padding-bottom: 0.2em; }
    table { border-collapse: collapse; font-size: 0.92em; }
    th, td { padding: 0.25em 0.8em; border-bottom: 1px solid #e3e3e3; text-align: left; }
    th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
    td.num { white-space: nowrap; }
    .table { overflow-x: auto; max-width: 100%; }
    .unit { font-weight: normal; color: #666; font-size: 0.88em; }
    .note, .back { font-size: 0.92em; color: #555; }
    code.digest { word-break: break-all; }
    th { background: #f4f4f4; }
    tr.group td { border-top: 2px solid #bdbdbd; }
    figure { margin: 1.5em 0; }
    figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
    figcaption { font-size: 0.92em; color: #444; max-width: 60em; }
    pre { background: #f7f7f7; padding: 0.8em; overflow-x: auto; font-size: 0.88em; }
    .meta { color: #555; }
    .same { color: #009E73; } .differ { color: #D55E00; }
    """

    /// A complete page around `body`.
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// A figure: the PNG (at its size in points as CSS pixels), linked to its SVG, and the caption.
    static func figure(directory: String, name: String, width: Double, caption: String, extra: String = "") -> String {
        let png = href("\(directory)/\(name).png"), svg = href("\(directory)/\(name).svg")
        return """
        <figure id="\(escape(name))">
        <a href="\(svg)"><img src="\(png)" width="\(Int(width.rounded()))" alt="\(escape(caption))"></a>
        <figcaption><strong>\(escape(name))</strong> — \(escape(caption)) <a href="\(svg)">SVG</a>\(extra)</figcaption>
        </figure>
        """
    }
}
