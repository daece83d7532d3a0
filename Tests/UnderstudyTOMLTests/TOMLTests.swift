import XCTest
@testable import UnderstudyTOML

/// The TOML reader: a corpus of valid documents with the data they must give, and a corpus of
/// broken ones with the exact error each must report.
final class TOMLTests: XCTestCase {

    private func parse(_ text: String, file: String = "spec.toml") throws -> TOMLTable {
        try TOMLDocument(parsing: text, file: file).root
    }

    // MARK: - Valid documents

    /// Each document, parsed and written back canonically with sorted keys, gives this text.
    private let validCorpus: [(name: String, toml: String, canonical: String)] = [
        ("empty", "", ""),
        ("comments and blank lines", "# a comment\n\n   \t\n# another\n", ""),
        ("bare, quoted and dotted keys",
         """
         a = 1
         "b c" = 2
         'd.e' = 3
         f.g . h = 4
         "" = 5
         1234 = 6
         A-b_c = 7

         """,
         #"""
         "" = 5
         1234 = 6
         A-b_c = 7
         a = 1
         "b c" = 2
         "d.e" = 3

         [f.g]
         h = 4

         """#),
        ("dotted float-looking key", "3.14159 = \"pi\"\n", "[3]\n14159 = \"pi\"\n"),
        ("basic string escapes",
         #"s = "tab\there \"q\" back\\slash \u00e9 \U0001F600 \b\f\r\n""#,
         #"s = "tab\there \"q\" back\\slash é 😀 \b\f\r\n"\#n"#),
        ("literal strings keep backslashes", #"p = 'C:\Users\n'"#, #"p = "C:\\Users\\n""# + "\n"),
        ("multi-line basic string trims first newline and joins backslash lines",
         "s = \"\"\"\nRoses\n  are \\\n     red\"\"\"\n",
         "s = \"Roses\\n  are red\"\n"),
        ("multi-line strings may end with quotes", "a = \"\"\"x\"\"\"\"\"\nb = '''y'''''\n", "a = \"x\\\"\\\"\"\nb = \"y''\"\n"),
        ("multi-line literal string", "s = '''\nfirst\n  \\second'''\n", "s = \"first\\n  \\\\second\"\n"),
        ("CRLF line endings", "a = 1\r\ns = \"\"\"x\r\ny\"\"\"\r\n", "a = 1\ns = \"x\\ny\"\n"),
        ("integers", "a = +99\nb = -17\nc = 0\nd = 1_000_000\ne = 0xDEAD_beef\nf = 0o755\ng = 0b1101\nh = 9223372036854775807\ni = -9223372036854775808\n",
         "a = 99\nb = -17\nc = 0\nd = 1000000\ne = 3735928559\nf = 493\ng = 13\nh = 9223372036854775807\ni = -9223372036854775808\n"),
        ("floats", "a = 1.0\nb = 3.1415\nc = -0.01\nd = 5e+22\ne = 1e06\nf = -2E-2\ng = 6.626e-34\nh = 224_617.445_991\ni = -0.0\nj = inf\nk = -inf\nl = nan\nm = +1.5\n",
         "a = 1.0\nb = 3.1415\nc = -0.01\nd = 5e22\ne = 1000000.0\nf = -0.02\ng = 6.626e-34\nh = 224617.445991\ni = -0.0\nj = inf\nk = -inf\nl = nan\nm = 1.5\n"),
        ("booleans", "t = true\nf = false\n", "f = false\nt = true\n"),
        ("arrays: multi-line, trailing comma, comments, nesting, mixed types",
         "a = [\n  1, # one\n  2,\n]\nb = []\nc = [[1, 2], [\"x\"]]\nd = [1, \"two\", 3.0, {k = 1}]\n",
         "a = [1, 2]\nb = []\nc = [[1, 2], [\"x\"]]\nd = [1, \"two\", 3.0, { k = 1 }]\n"),
        ("inline tables with dotted keys", "p = { x = 1, y.z = 2, w = {} }\n", "[p]\nx = 1\n\n[p.w]\n\n[p.y]\nz = 2\n"),
        ("tables and subtables", "[env]\nid = \"x\"\n[env.track]\nradius = 10\n[other]\n",
         "[env]\nid = \"x\"\n\n[env.track]\nradius = 10\n\n[other]\n"),
        ("implicit super-table defined later", "[a.b]\nc = 1\n[a]\nd = 2\n", "[a]\nd = 2\n\n[a.b]\nc = 1\n"),
        ("dotted keys then a sub-table header", "[fruit]\napple.color = \"red\"\n[fruit.apple.texture]\nsmooth = true\n",
         "[fruit.apple]\ncolor = \"red\"\n\n[fruit.apple.texture]\nsmooth = true\n"),
        ("arrays of tables with sub-tables",
         "[[method]]\nname = \"BC\"\n[method.opts]\nx = 1\n[[method]]\nname = \"DAgger\"\n[[method.phase]]\nn = 1\n",
         "[[method]]\nname = \"BC\"\n\n[method.opts]\nx = 1\n\n[[method]]\nname = \"DAgger\"\n\n[[method.phase]]\nn = 1\n"),
        ("whitespace around everything", " \t a\t=\t1 # c\n [ t . u ] # c\n\tv = 2\n [[ w ]]\n",
         "a = 1\n\n[t.u]\nv = 2\n\n[[w]]\n"),
        ("byte-order mark", "\u{FEFF}a = 1\n", "a = 1\n"),
        ("no final newline", "a = 1", "a = 1\n"),
    ]

    func test_validDocuments_parseToTheExpectedData() throws {
        for (name, toml, canonical) in validCorpus {
            do {
                let table = try parse(toml)
                XCTAssertEqual(TOMLWriter.write(table, sortedKeys: true), canonical, name)
            } catch {
                XCTFail("\(name): \(error)")
            }
        }
    }

    func test_values_haveTheirTypes() throws {
        let t = try parse("i = 42\nf = 42.0\ns = \"42\"\nb = true\n")
        guard case .integer(42)? = t["i"]?.content else { return XCTFail("i") }
        guard case .float(let f)? = t["f"]?.content, f == 42 else { return XCTFail("f") }
        guard case .string("42")? = t["s"]?.content else { return XCTFail("s") }
        guard case .boolean(true)? = t["b"]?.content else { return XCTFail("b") }
    }

    func test_keysKeepTheirWrittenOrder() throws {
        let t = try parse("z = 1\na = 2\n[m]\n[b]\n")
        XCTAssertEqual(t.keys, ["z", "a", "m", "b"])
    }

    func test_everyKeyAndValueCarriesItsPosition() throws {
        let text = """
        # header comment
        name = "driving-loop"
        [env]
          id   = 'x'
        track = { radius = 10.0 }
        sizes = [
            16,   32 ]
        [[method]]
        a.b = true
        """
        let t = try parse(text)
        XCTAssertNil(t.position)
        XCTAssertEqual(t.entry("name")?.keyPosition, TOMLPosition(line: 2, column: 1))
        XCTAssertEqual(t["name"]?.position, TOMLPosition(line: 2, column: 8))
        guard case .table(let env)? = t["env"]?.content else { return XCTFail("env") }
        XCTAssertEqual(env.position, TOMLPosition(line: 3, column: 1))
        XCTAssertEqual(env.entry("id")?.keyPosition, TOMLPosition(line: 4, column: 3))
        XCTAssertEqual(env["id"]?.position, TOMLPosition(line: 4, column: 10))
        guard case .table(let track)? = env["track"]?.content else { return XCTFail("track") }
        XCTAssertEqual(track.position, TOMLPosition(line: 5, column: 9))
        XCTAssertEqual(track["radius"]?.position, TOMLPosition(line: 5, column: 20))
        guard case .array(let sizes)? = env["sizes"]?.content else { return XCTFail("sizes") }
        XCTAssertEqual(env["sizes"]?.position, TOMLPosition(line: 6, column: 9))
        XCTAssertEqual(sizes.map(\.position), [TOMLPosition(line: 7, column: 5), TOMLPosition(line: 7, column: 11)])
        guard case .array(let methods)? = t["method"]?.content, case .table(let method)? = methods.first?.content else {
            return XCTFail("method")
        }
        XCTAssertEqual(method.position, TOMLPosition(line: 8, column: 1))
        guard case .table(let a)? = method["a"]?.content else { return XCTFail("a") }
        XCTAssertEqual(a.position, TOMLPosition(line: 9, column: 1))
        XCTAssertEqual(a.entry("b")?.keyPosition, TOMLPosition(line: 9, column: 3))
        XCTAssertEqual(a["b"]?.position, TOMLPosition(line: 9, column: 7))
    }

    // MARK: - Broken documents

    /// Each broken document and the exact error it must give.
    private let brokenCorpus: [(name: String, toml: String, error: String)] = [
        ("unterminated string", "name = \"abc\n",
         #"spec.toml:1:8: found an unterminated string (expected a closing quote (") before the end of the line)"#),
        ("unterminated literal string", "name = 'abc",
         "spec.toml:1:8: found an unterminated string (expected a closing quote (') before the end of the line)"),
        ("unterminated multi-line string", "a = 1\ns = \"\"\"abc\n\ndef\n",
         #"spec.toml:2:5: found an unterminated multi-line string (expected closing quotes (""") before the end of the file)"#),
        ("bad escape", #"s = "a\qb""#,
         #"spec.toml:1:7: found escape '\q' (expected one of \b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX)"#),
        ("short unicode escape", #"s = "\u12G4""#,
         #"spec.toml:1:6: found escape '\u12' (expected \u followed by 4 hexadecimal digits)"#),
        ("surrogate escape", #"s = "\uD800""#,
         #"spec.toml:1:6: found escape '\uD800' (expected a Unicode scalar value (not a surrogate, at most \U0010FFFF))"#),
        ("control character in a string", "s = \"a\u{07}b\"",
         #"spec.toml:1:7: found control character U+0007 in a string (expected text, with control characters written as escapes such as \u0007)"#),
        ("duplicate key", "seed = 1\nseeds = 2\nseed = 3\n",
         "spec.toml:3:1: duplicate key 'seed' (expected each key once per table)\nhint: first defined at 1:1"),
        ("duplicate key in a table", "[env]\nid = \"a\"\n id = \"b\"\n",
         "spec.toml:3:2: duplicate key 'env.id' (expected each key once per table)\nhint: first defined at 2:1"),
        ("duplicate key in an array of tables", "[[method]]\n[[method]]\nname = 1\nname = 2\n",
         "spec.toml:4:1: duplicate key 'method[1].name' (expected each key once per table)\nhint: first defined at 3:1"),
        ("redefined table", "[env]\nid = \"a\"\n\n[env]\n",
         "spec.toml:4:1: found table [env] defined again (expected each table to be defined once)\nhint: 'env' was first defined at 1:1"),
        ("table defined by dotted keys, then by a header", "env.id = 1\n[env]\n",
         "spec.toml:2:1: found table [env] defined again (expected each table to be defined once)\nhint: 'env' was first defined by dotted keys at 1:1"),
        ("dotted keys into a table that has a header", "[a.b]\nc = 1\n[a]\nb.d = 2\n",
         "spec.toml:4:1: found 'a.b.d', but table [a.b] has its own header (expected the keys of [a.b] under its header)\nhint: [a.b] is defined at 1:1"),
        ("dotted key through a value", "a = 1\na.b = 2\n",
         "spec.toml:2:1: found 'a.b', but 'a' is already an integer (expected a key not used yet)\nhint: 'a' is defined at 1:1"),
        ("extending an inline table", "t = { x = 1 }\nt.y = 2\n",
         "spec.toml:2:1: found 't.y', but 't' is already an inline table (expected a key not used yet)\nhint: 't' is defined at 1:1; an inline table is complete where it is written"),
        ("array of tables over a table", "[m]\n[[m]]\n",
         "spec.toml:2:1: found [[m]], but 'm' is already a table (expected a key not used yet)\nhint: 'm' is defined at 1:1"),
        ("table over an array of tables", "[[m]]\n[m]\n",
         "spec.toml:2:1: found [m], but 'm' is an array of tables (expected [[m]] to add a table to it)\nhint: 'm' is defined at 1:1"),
        ("array of tables over a static array", "m = []\n[[m]]\n",
         "spec.toml:2:1: found [[m]], but 'm' is already an array (expected a key not used yet)\nhint: 'm' is defined at 1:1"),
        ("missing =", "seeds 10\n", "spec.toml:1:7: found '10' (expected '=' after the key)"),
        ("missing value", "seeds =\n", "spec.toml:1:8: found end of line (expected a value: a string, number, boolean, array or inline table)"),
        ("missing value at end of file", "seeds = ", "spec.toml:1:9: found end of file (expected a value: a string, number, boolean, array or inline table)"),
        ("two values", "seeds = 1 2\n", "spec.toml:1:11: found '2' (expected end of line or a comment after the value)"),
        ("unquoted string", "id = driving-loop\n",
         "spec.toml:1:6: found 'driving-loop' (expected a value: a string, number, boolean, array or inline table)\nhint: strings need quotes: \"driving-loop\""),
        ("capitalised boolean", "ok = True\n",
         "spec.toml:1:6: found 'True' (expected a value: a string, number, boolean, array or inline table)\nhint: booleans are written true or false"),
        ("leading zero", "seeds = 010\n", "spec.toml:1:9: found '010' (expected a decimal number without leading zeros)"),
        ("double underscore", "seeds = 1__0\n", "spec.toml:1:9: found '1__0' (expected each '_' between two digits)"),
        ("trailing underscore", "seeds = 10_\n", "spec.toml:1:9: found '10_' (expected each '_' between two digits)"),
        ("no digits after the point", "x = 1.\n", "spec.toml:1:5: found '1.' (expected digits after the decimal point)"),
        ("no digit before the point", "x = .5\n", "spec.toml:1:5: found '.5' (expected a digit before the decimal point)"),
        ("no exponent digits", "x = 1e\n", "spec.toml:1:5: found '1e' (expected digits in the exponent)"),
        ("letters after a number", "x = 12abc\n", "spec.toml:1:5: found '12abc' (expected a number)"),
        ("integer overflow", "x = 9223372036854775808\n",
         "spec.toml:1:5: found '9223372036854775808' (expected an integer from -9223372036854775808 to 9223372036854775807)"),
        ("float overflow", "x = 1e400\n", "spec.toml:1:5: found '1e400' (expected a float of magnitude below 1.8e308)"),
        ("signed hexadecimal", "x = -0xFF\n", "spec.toml:1:5: found '-0xFF' (expected no sign before a 0x, 0o or 0b integer)"),
        ("bad hexadecimal digit", "x = 0xFG\n", "spec.toml:1:5: found '0xFG' (expected hexadecimal digits after 0x)"),
        ("date", "when = 1979-05-27\n",
         "spec.toml:1:8: found date or time '1979-05-27' (expected a value: a string, number, boolean, array or inline table)\nhint: dates and times are not supported in specs; write them as strings"),
        ("time", "when = 07:32:00\n",
         "spec.toml:1:8: found date or time '07:32:00' (expected a value: a string, number, boolean, array or inline table)\nhint: dates and times are not supported in specs; write them as strings"),
        ("unclosed array", "x = [1, 2\n\n", "spec.toml:3:1: found end of file (expected ',' or ']' in the array begun at 1:5)"),
        ("unclosed array after a comma", "x = [1,\n", "spec.toml:2:1: found end of file (expected a value or ']' to close the array begun at 1:5)"),
        ("missing comma in an array", "x = [1 2]\n", "spec.toml:1:8: found '2' (expected ',' or ']' in the array begun at 1:5)"),
        ("leading comma in an array", "x = [,1]\n", "spec.toml:1:6: found ',' (expected a value: a string, number, boolean, array or inline table)"),
        ("inline table over lines", "t = { a = 1,\n b = 2 }\n",
         "spec.toml:1:13: found end of line (expected a key in the inline table begun at 1:5; an inline table is written on one line)"),
        ("trailing comma in an inline table", "t = { a = 1, }\n",
         "spec.toml:1:14: found '}' (expected a key in the inline table begun at 1:5; no comma before '}')"),
        ("duplicate key in an inline table", "t = { a = 1, a = 2 }\n",
         "spec.toml:1:14: duplicate key 't.a' (expected each key once per table)\nhint: first defined at 1:7"),
        ("unclosed header", "[env\nid = 1\n", "spec.toml:1:5: found end of line (expected ']' to close the table header)"),
        ("empty header", "[]\n", "spec.toml:1:2: found ']' (expected a key)"),
        ("unclosed array-of-tables header", "[[method]\n", "spec.toml:1:10: found end of line (expected ']]' to close the table header)"),
        ("text after a header", "[env] id = 1\n", "spec.toml:1:7: found 'id' (expected end of line or a comment after the table header)"),
        ("line starting with =", "= 1\n", "spec.toml:1:1: found '=' (expected a key, a [table] header, a comment or end of line)"),
        ("multi-line string as a key", "\"\"\"k\"\"\" = 1\n", #"spec.toml:1:1: found '"""' (expected a key; a multi-line string cannot be a key)"#),
        ("control character in a comment", "# bell \u{07}\n",
         "spec.toml:1:8: found control character U+0007 in a comment (expected printable text up to the end of the line)"),
        ("lone carriage return", "a = 1\rb = 2\n",
         "spec.toml:1:6: found a carriage return not followed by a line feed (expected end of line or a comment after the value)"),
        ("too many quotes closing a multi-line string", "s = \"\"\"a\"\"\"\"\"\"\n",
         #"spec.toml:1:9: found 6 quotes in a row (expected at most two " inside a multi-line string before the closing """)"#),
    ]

    func test_brokenDocuments_reportExactPositionAndMessage() {
        for (name, toml, expected) in brokenCorpus {
            do {
                _ = try parse(toml)
                XCTFail("\(name): parsed, expected \(expected)")
            } catch {
                XCTAssertEqual("\(error)", expected, name)
            }
        }
    }

    func test_invalidUTF8_isAnErrorAtItsPosition() {
        let bytes = Array("a = 1\nb = \"".utf8) + [0xFF] + Array("\"\n".utf8)
        XCTAssertThrowsError(try TOMLDocument(parsing: bytes, file: "x.toml")) { error in
            XCTAssertEqual("\(error)", "x.toml:2:6: found bytes that are not UTF-8 (expected a UTF-8 text file)")
        }
    }

    func test_bytesAndTextParseAlike() throws {
        let text = "a = \"é\"\n[b]\nc = [1.5, 2]\n"
        XCTAssertEqual(try TOMLDocument(parsing: Array(text.utf8), file: "x"), try TOMLDocument(parsing: text, file: "x"))
    }

    func test_errorPositionsCountScalarsNotBytes() {
        XCTAssertThrowsError(try parse("s = \"θé\" x\n")) { error in
            XCTAssertEqual((error as? TOMLError)?.position, TOMLPosition(line: 1, column: 10))
        }
    }
}
