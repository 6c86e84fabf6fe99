import Foundation
import OACPromQL
import OACSupport

extension PromDuration {
    /// Units for people, largest first (weeks are read as days).
    private static let humanUnits: [(String, Int64)] = [
        ("y", 365 * 86_400_000), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)
    ]

    /// A span for people, to its two largest units (`2d2h`, `30d`, `45m`): `about 30d`, never `30d836ms`.
    /// Spans of 1000 years or more read `more than 1000y`. Takes Decimal milliseconds, so no span can trap.
    public static func approximately(milliseconds ms: Decimal) -> String {
        let year = Decimal(humanUnits[0].1)
        if ms >= year * 1000 { return "more than 1000y" }
        if ms < 1 { return "under 1ms" }
        // Largest unit that fits (years, days, hours, minutes, seconds, milliseconds; weeks read as days).
        let steps: [Int64] = humanUnits.map(\.1)
        let first = steps.firstIndex { ms >= Decimal($0) } ?? steps.count - 1
        let step = steps[Swift.min(first + 1, steps.count - 1)]
        var q = ms / Decimal(step)
        var whole = Decimal()
        NSDecimalRound(&whole, &q, 0, .plain)
        let rounded = NSDecimalNumber(decimal: whole).int64Value * step
        return "about " + PromDuration(milliseconds: rounded).twoUnits
    }

    /// The two largest non-zero units of the canonical form, in years, days, hours, minutes, seconds, ms.
    var twoUnits: String {
        var rest = milliseconds
        var out = ""
        var parts = 0
        for (unit, size) in Self.humanUnits where rest >= size && parts < 2 {
            out += "\(rest / size)\(unit)"
            rest %= size
            parts += 1
        }
        return out.isEmpty ? "0s" : out
    }
}

/// A size in bytes: `20GB` (powers of 1000) or `1GiB` (powers of 1024).
public struct ByteSize: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var bytes: Int64

    public init(bytes: Int64) { self.bytes = bytes }

    static let units: [(String, Int64)] = [
        ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40), ("PiB", 1 << 50),
        ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000),
        ("PB", 1_000_000_000_000_000), ("B", 1)
    ]

    /// Parses `20GB`, `1.5TB`, `512MiB`, `100B` or a plain number of bytes.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        var number = t
        var factor: Int64 = 1
        for (unit, size) in Self.units where t.hasSuffix(unit) {
            number = String(t.dropLast(unit.count)).trimmingCharacters(in: .whitespaces)
            factor = size
            break
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Decimal(string: number, locale: Locale(identifier: "en_US_POSIX")),
            value >= 0
        else { return nil }
        let bytes = value * Decimal(factor)
        guard bytes < Decimal(Int64.max) else { return nil }
        self.bytes = NSDecimalNumber(decimal: bytes).int64Value
    }

    public var gigabytes: Double { Double(bytes) / 1e9 }

    public var description: String {
        for (unit, size) in [("TB", Int64(1_000_000_000_000)), ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1000)]
        where bytes >= size && bytes % size == 0 {
            return "\(bytes / size)\(unit)"
        }
        return "\(bytes)B"
    }

    public static func < (l: ByteSize, r: ByteSize) -> Bool { l.bytes < r.bytes }
}

// MARK: - Exact decimals

/// Exact decimal helpers: thresholds like `0.001` must never print as `0.0009999999999999432`.
extension Decimal {
    /// Parses a decimal literal exactly as written (`99.9`, `0.92`, `1e-3`), independent of locale.
    public init?(exactly text: String) {
        // A catalog writes a few distinct numbers thousands of times; parsing one costs microseconds.
        guard let d = DecimalMemo.shared.parsed(text, as: .number, Decimal.init(uncachedExactly:)) else { return nil }
        self = d
    }

    init?(uncachedExactly text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty,
            t.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
            t.contains(where: \.isNumber),
            let d = Decimal(string: t, locale: Locale(identifier: "en_US_POSIX")), !d.isNaN
        else { return nil }
        // Decimal(string:) accepts a prefix; make sure all of it was a number.
        guard Double(t) != nil else { return nil }
        self = d
    }

    /// The plain decimal notation, rounded to at most `scale` fractional digits, no exponent, no trailing zeros.
    public func plain(maxFractionDigits scale: Int = 12) -> String {
        DecimalMemo.shared.plain(self, scale: scale)
    }

    /// The plain decimal notation rounded to at most `digits` significant digits (and no fractional digit a
    /// whole number lacks), no exponent, no trailing zeros.
    public func plain(significantDigits digits: Int) -> String {
        DecimalMemo.shared.plain(self, scale: -digits)
    }

    func uncachedPlain(significantDigits digits: Int) -> String {
        if isZero { return "0" }
        // |self| = significand × 10^exponent; the leading digit stands at 10^(exponent + digit count − 1).
        let count = significand.magnitude.description.utf8.count
        let leading = exponent + count - 1
        return uncachedPlain(maxFractionDigits: Swift.max(0, digits - 1 - leading))
    }

    func uncachedPlain(maxFractionDigits scale: Int) -> String {
        var value = self
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, scale, .plain)
        var s = rounded.description
        if s.contains("e") || s.contains("E") {
            s = NSDecimalNumber(decimal: rounded).stringValue
        }
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        if s == "-0" { s = "0" }
        return s
    }

    public var doubleValue: Double { NSDecimalNumber(decimal: self).doubleValue }

    /// `self × other`, `self / other`, `self + other`, `self − other` through `DecimalMemo` (same results).
    public func times(_ other: Decimal) -> Decimal { DecimalMemo.shared.product(self, other) }
    public func over(_ other: Decimal) -> Decimal { DecimalMemo.shared.quotient(self, other) }
    public func plus(_ other: Decimal) -> Decimal { DecimalMemo.shared.sum(self, other) }
    public func minus(_ other: Decimal) -> Decimal { DecimalMemo.shared.difference(self, other) }

    /// `self / 100`, exact: a shift of the decimal exponent (a percent as a ratio), without Decimal division.
    public var percentToRatio: Decimal {
        Decimal(sign: sign, exponent: exponent - 2, significand: significand)
    }
}

/// Results of Decimal arithmetic by operand. Foundation's Decimal takes microseconds per multiplication and
/// tens of microseconds per division or formatting, while a catalog holds a handful of distinct objectives,
/// windows and factors that every renderer combines again for each of thousands of SLOs.
public final class DecimalMemo: @unchecked Sendable {
    public static let shared = DecimalMemo()

    /// The 20 bytes of a Decimal. Equal bits mean equal values (the converse need not hold: a miss only recomputes).
    public typealias Bits = DecimalBits

    enum Op: UInt8 { case product, quotient, difference, sum }

    struct Pair: Hashable {
        var op: Op
        var a: Bits
        var b: Bits
    }

    struct Format: Hashable {
        var value: Bits
        var scale: Int
    }

    private let lock = NSLock()
    private var results: [Pair: Decimal] = [:]
    private var texts: [Format: String] = [:]
    private var other: [AnyHashable: Decimal] = [:]

    private func cached(_ op: Op, _ a: Decimal, _ b: Decimal, _ compute: () -> Decimal) -> Decimal {
        let key = Pair(op: op, a: Bits(a), b: Bits(b))
        lock.lock()
        if let hit = results[key] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let value = compute()
        lock.lock()
        results[key] = value
        lock.unlock()
        return value
    }

    public func product(_ a: Decimal, _ b: Decimal) -> Decimal { cached(.product, a, b) { a * b } }
    public func quotient(_ a: Decimal, _ b: Decimal) -> Decimal { cached(.quotient, a, b) { a / b } }
    public func difference(_ a: Decimal, _ b: Decimal) -> Decimal { cached(.difference, a, b) { a - b } }
    public func sum(_ a: Decimal, _ b: Decimal) -> Decimal { cached(.sum, a, b) { a + b } }

    /// Any other derived value, by a key naming its operands (and what is computed from them).
    public func derived<Key: Hashable & Sendable>(_ key: Key, _ compute: () -> Decimal) -> Decimal {
        let k = AnyHashable(key)
        lock.lock()
        if let hit = other[k] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let value = compute()
        lock.lock()
        other[k] = value
        lock.unlock()
        return value
    }

    /// What a parsed text was read as: each reading has its own cache.
    public enum Reading: UInt8, Sendable { case number, seconds }

    struct ParsedKey: Hashable {
        var reading: Reading
        var text: String
    }

    private var parsedTexts: [ParsedKey: Decimal?] = [:]
    static let parsedTextLimit = (entries: 4096, bytes: 64)

    /// `parse(text)`, cached by reading and text (short texts only, and a bounded number of them: input may be
    /// hostile).
    public func parsed(_ text: String, as reading: Reading, _ parse: (String) -> Decimal?) -> Decimal? {
        guard text.utf8.count <= Self.parsedTextLimit.bytes else { return parse(text) }
        let key = ParsedKey(reading: reading, text: text)
        lock.lock()
        if let hit = parsedTexts[key] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let value = parse(text)
        lock.lock()
        if parsedTexts.count < Self.parsedTextLimit.entries { parsedTexts[key] = value }
        lock.unlock()
        return value
    }

    func plain(_ d: Decimal, scale: Int) -> String {
        let key = Format(value: Bits(d), scale: scale)
        lock.lock()
        if let hit = texts[key] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        // A negative scale asks for that many significant digits instead.
        let text = scale < 0 ? d.uncachedPlain(significantDigits: -scale) : d.uncachedPlain(maxFractionDigits: scale)
        lock.lock()
        texts[key] = text
        lock.unlock()
        return text
    }
}

/// A decimal that writes as a JSON number exactly (not through Double).
public struct ExactDecimal: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public var value: Decimal

    public init(_ value: Decimal) { self.value = value }
    public init(integerLiteral v: Int) { self.value = Decimal(v) }
    public init?(_ text: String) {
        guard let d = Decimal(exactly: text) else { return nil }
        self.value = d
    }

    /// Plain notation to 20 significant digits: every terminating value a catalog writes or the maths yields
    /// prints exactly, and a non-terminating quotient (7/30 of a budget) reads back as the same float64 as the
    /// exact rational. Never rounded to a fixed number of decimals (a tiny threshold must not print as 0).
    public var description: String { value.plain(significantDigits: Self.significantDigits) }
    /// The same value for people: four significant digits (`0.2333` for 7/30, `14.88` as it is).
    public var rounded: String { value.plain(significantDigits: 4) }
    public var double: Double { value.doubleValue }
    public static let significantDigits = 20

    public static func < (l: ExactDecimal, r: ExactDecimal) -> Bool { l.value < r.value }
}
