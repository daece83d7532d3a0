// TOML 1.0 integers and floats (https://toml.io/en/v1.0.0#integer, #float), checked strictly so
// that an error can say exactly what is wrong with a number.

// MARK: - Implementation details

enum TOMLNumber {
    /// Why a token is not a number, said as what was expected instead.
    struct Problem: Error {
        var expected: String
    }

    /// Parses a token that starts with a digit, a sign or a '.' (booleans, inf and nan are
    /// handled by the caller).
    static func parse(_ t: [Unicode.Scalar]) -> Result<TOMLValue.Content, Problem> {
        var j = 0
        var sign = ""
        if t.first == "+" || t.first == "-" {
            sign = t[0] == "-" ? "-" : ""
            j = 1
        }
        if j + 1 < t.count, t[j] == "0", let radix = radix(of: t[j + 1]) {
            guard j == 0 else { return .failure(Problem(expected: "no sign before a 0x, 0o or 0b integer")) }
            return prefixed(Array(t[2...]), radix: radix, prefix: "0\(t[1])")
        }

        let integer = digitGroup(t, from: &j)
        if let problem = integer.problem { return .failure(problem) }
        if integer.digits.isEmpty {
            let atPoint = j < t.count && t[j] == "."
            return .failure(Problem(expected: atPoint ? "a digit before the decimal point" : "a number"))
        }
        if integer.digits.count > 1 && integer.digits.hasPrefix("0") {
            return .failure(Problem(expected: "a decimal number without leading zeros"))
        }
        var text = sign + integer.digits
        var isFloat = false
        if j < t.count, t[j] == "." {
            j += 1
            let fraction = digitGroup(t, from: &j)
            if let problem = fraction.problem { return .failure(problem) }
            if fraction.digits.isEmpty { return .failure(Problem(expected: "digits after the decimal point")) }
            text += "." + fraction.digits
            isFloat = true
        }
        if j < t.count, t[j] == "e" || t[j] == "E" {
            j += 1
            var exponentSign = ""
            if j < t.count, t[j] == "+" || t[j] == "-" {
                exponentSign = t[j] == "-" ? "-" : ""
                j += 1
            }
            let exponent = digitGroup(t, from: &j)
            if let problem = exponent.problem { return .failure(problem) }
            if exponent.digits.isEmpty { return .failure(Problem(expected: "digits in the exponent")) }
            text += "e" + exponentSign + exponent.digits
            isFloat = true
        }
        guard j == t.count else { return .failure(Problem(expected: "a number")) }

        if isFloat {
            guard let x = Double(text), x.isFinite else {
                return .failure(Problem(expected: "a float of magnitude below 1.8e308"))
            }
            return .success(.float(x))
        }
        guard let n = Int(text) else {
            return .failure(Problem(expected: "an integer from \(Int.min) to \(Int.max)"))
        }
        return .success(.integer(n))
    }

    private static func radix(of c: Unicode.Scalar) -> Int? {
        switch c {
        case "x": 16
        case "o": 8
        case "b": 2
        default: nil
        }
    }

    private static func prefixed(_ t: [Unicode.Scalar], radix: Int, prefix: String) -> Result<TOMLValue.Content, Problem> {
        let name = radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary"
        var j = 0
        let group = digitGroup(t, from: &j, radix: radix)
        if let problem = group.problem { return .failure(problem) }
        guard !group.digits.isEmpty, j == t.count else {
            return .failure(Problem(expected: "\(name) digits after \(prefix)"))
        }
        guard let n = Int(group.digits, radix: radix) else {
            return .failure(Problem(expected: "an integer from 0 to \(prefix)\(String(Int.max, radix: radix))"))
        }
        return .success(.integer(n))
    }

    /// Reads digits with single underscores between them, starting at `j`; returns the digits
    /// without underscores.
    private static func digitGroup(_ t: [Unicode.Scalar], from j: inout Int, radix: Int = 10) -> (digits: String, problem: Problem?) {
        var digits = ""
        var previousWasDigit = false
        while j < t.count {
            let c = t[j]
            if c == "_" {
                guard previousWasDigit, j + 1 < t.count, isDigit(t[j + 1], radix: radix) else {
                    return (digits, Problem(expected: "each '_' between two digits"))
                }
                previousWasDigit = false
            } else if isDigit(c, radix: radix) {
                digits.unicodeScalars.append(c)
                previousWasDigit = true
            } else {
                break
            }
            j += 1
        }
        return (digits, nil)
    }

    private static func isDigit(_ c: Unicode.Scalar, radix: Int) -> Bool {
        guard let value = hexDigitValue(c) else { return false }
        return value < radix
    }
}
