// The Swift types a spec key can be read as, with the words errors use for them.

import UnderstudyTOML

// MARK: - Public API

/// A type that `SpecTable.require(_:as:)` and `optional(_:as:)` can read a TOML value as.
///
/// Conforming types: `String`, `Int`, `Double` (accepts integers too), `Bool`, arrays of any
/// of these (element errors name `key[i]` and point at the element), and `TOMLValue` (any value,
/// unchecked).
public protocol SpecValue {
    /// The type as errors name it, with its article: "an integer", "an array of strings".
    static var expectedDescription: String { get }
    /// The plural, for arrays of this type: "integers", "arrays of strings".
    static var expectedPlural: String { get }
    /// Converts `value`, or throws a `SpecError` at `location` when it has the wrong type.
    static func decode(_ value: TOMLValue, at location: SpecLocation) throws(SpecError) -> Self
}

extension SpecValue {
    public static var expectedPlural: String {
        let words = expectedDescription.split(separator: " ", maxSplits: 1)
        return (words.count == 2 && (words[0] == "a" || words[0] == "an") ? String(words[1]) : expectedDescription) + "s"
    }
}

extension String: SpecValue {
    public static var expectedDescription: String { "a string" }
    public static func decode(_ value: TOMLValue, at location: SpecLocation) throws(SpecError) -> String {
        guard case .string(let s) = value.content else { throw location.wrongType(value, expected: expectedDescription) }
        return s
    }
}

extension Int: SpecValue {
    public static var expectedDescription: String { "an integer" }
    public static func decode(_ value: TOMLValue, at location: SpecLocation) throws(SpecError) -> Int {
        guard case .integer(let i) = value.content else { throw location.wrongType(value, expected: expectedDescription) }
        return i
    }
}

extension Double: SpecValue {
    public static var expectedDescription: String { "a number" }
    /// Accepts floats and integers (exactly representable ones, |i| ≤ 2^53); refuses `inf` and
    /// `nan`, which no spec setting means.
    public static func decode(_ value: TOMLValue, at location: SpecLocation) throws(SpecError) -> Double {
        switch value.content {
        case .float(let x):
            guard x.isFinite else { throw location.notAllowed(value, expected: "a finite number") }
            return x
        case .integer(let i):
            guard i.magnitude <= 1 << 53 else {
                throw location.notAllowed(value, expected: "a number of magnitude at most 2^53, or a float")
            }
            return Double(i)
        default:
            throw location.wrongType(value, expected: expectedDescription)
        }
    }
}

extension Bool: SpecValue {
    public static var expectedDescription: String { "a boolean" }
    public static func decode(_ value: TOMLValue, at location: SpecLocation) throws(SpecError) -> Bool {
        guard case .boolean(let b) = value.content else { throw location.wrongType(value, expected: expectedDescription) }
        return b
    }
}

extension Array: SpecValue where Element: SpecValue {
    public static var expectedDescription: String { "an array of \(Element.expectedPlural)" }
    public static var expectedPlural: String { "arrays of \(Element.expectedPlural)" }
    public static func decode(_ value: TOMLValue, at location: SpecLocation) throws(SpecError) -> [Element] {
        guard case .array(let items) = value.content else { throw location.wrongType(value, expected: expectedDescription) }
        var result: [Element] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            result.append(try Element.decode(item, at: location.element(index, position: item.position)))
        }
        return result
    }
}

extension TOMLValue: SpecValue {
    public static var expectedDescription: String { "a value" }
    public static func decode(_ value: TOMLValue, at location: SpecLocation) throws(SpecError) -> TOMLValue { value }
}
