import Foundation

/// A Prometheus-style duration (`5m`, `1h30m`, `30d`, `1y`, `500ms`), kept in milliseconds.
public struct PromDuration: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }
    public init(seconds: Int64) { self.milliseconds = seconds * 1000 }
    public static func minutes(_ m: Int64) -> PromDuration { PromDuration(seconds: m * 60) }
    public static func hours(_ h: Int64) -> PromDuration { PromDuration(seconds: h * 3600) }
    public static func days(_ d: Int64) -> PromDuration { PromDuration(seconds: d * 86400) }

    public var seconds: Double { Double(milliseconds) / 1000 }

    static let units: [(String, Int64)] = [
        ("y", 365 * 86_400_000), ("w", 7 * 86_400_000), ("d", 86_400_000), ("h", 3_600_000),
        ("m", 60_000), ("s", 1000), ("ms", 1),
    ]

    /// Parses Prometheus duration syntax: one or more `<int><unit>` in decreasing unit order.
    public init?(parsing text: String) {
        let s = Array(text.utf8)
        guard !s.isEmpty else { return nil }
        var i = 0
        var total: Int64 = 0
        var lastRank = -1
        while i < s.count {
            var n: Int64 = 0
            let start = i
            while i < s.count, s[i] >= 48, s[i] <= 57 {
                let (m, o1) = n.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(s[i] - 48))
                if o1 || o2 { return nil }
                n = a
                i += 1
            }
            guard i > start, i < s.count else { return nil }
            var unit = String(UnicodeScalar(s[i]))
            if s[i] == UInt8(ascii: "m"), i + 1 < s.count, s[i + 1] == UInt8(ascii: "s") { unit = "ms" }
            i += unit.utf8.count
            guard let rank = Self.units.firstIndex(where: { $0.0 == unit }), rank > lastRank else { return nil }
            lastRank = rank
            let (v, o3) = n.multipliedReportingOverflow(by: Self.units[rank].1)
            let (t, o4) = total.addingReportingOverflow(v)
            if o3 || o4 { return nil }
            total = t
        }
        self.milliseconds = total
    }

    /// Canonical Prometheus form: `1h30m`, `30d`, `0s` — what Prometheus itself prints.
    public var description: String {
        if milliseconds == 0 { return "0s" }
        var rest = milliseconds
        var out = ""
        for (unit, size) in Self.units where rest >= size {
            // Prometheus prints weeks and years only when they divide exactly.
            if (unit == "y" || unit == "w"), rest % size != 0 { continue }
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return out
    }

    public static func < (l: PromDuration, r: PromDuration) -> Bool { l.milliseconds < r.milliseconds }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let d = PromDuration(parsing: s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a duration: \(s)")
        }
        self = d
    }
}

/// A size in bytes: `20GB` (powers of 1000) or `1GiB` (powers of 1024).
public struct ByteSize: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var bytes: Int64

    public init(bytes: Int64) { self.bytes = bytes }

    static let units: [(String, Int64)] = [
        ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40), ("PiB", 1 << 50),
        ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000),
        ("PB", 1_000_000_000_000_000), ("B", 1),
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
              value >= 0 else { return nil }
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

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(bytes)
    }
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
              let d = Decimal(string: t, locale: Locale(identifier: "en_US_POSIX")), !d.isNaN else { return nil }
        // Decimal(string:) accepts a prefix; make sure all of it was a number.
        guard Double(t) != nil else { return nil }
        self = d
    }

    /// The plain decimal notation, rounded to at most `scale` fractional digits, no exponent, no trailing zeros.
    public func plain(maxFractionDigits scale: Int = 12) -> String {
        DecimalMemo.shared.plain(self, scale: scale)
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
    public struct Bits: Hashable, Sendable {
        var low: UInt64
        var high: UInt64
        var tail: UInt32

        public init(_ d: Decimal) {
            var low: UInt64 = 0, high: UInt64 = 0, tail: UInt32 = 0
            withUnsafeBytes(of: d) { raw in
                precondition(raw.count == 20, "Decimal is 20 bytes")
                low = raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
                high = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                tail = raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
            }
            (self.low, self.high, self.tail) = (low, high, tail)
        }
    }

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
        if let hit = results[key] { lock.unlock(); return hit }
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
        if let hit = other[k] { lock.unlock(); return hit }
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
        if let hit = parsedTexts[key] { lock.unlock(); return hit }
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
        if let hit = texts[key] { lock.unlock(); return hit }
        lock.unlock()
        let text = d.uncachedPlain(maxFractionDigits: scale)
        lock.lock()
        texts[key] = text
        lock.unlock()
        return text
    }
}

/// A decimal that encodes as a JSON number written exactly (not through Double).
public struct ExactDecimal: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public var value: Decimal

    public init(_ value: Decimal) { self.value = value }
    public init(integerLiteral v: Int) { self.value = Decimal(v) }
    public init?(_ text: String) {
        guard let d = Decimal(exactly: text) else { return nil }
        self.value = d
    }

    public var description: String { value.plain() }
    public var double: Double { value.doubleValue }

    public static func < (l: ExactDecimal, r: ExactDecimal) -> Bool { l.value < r.value }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        self.value = try c.decode(Decimal.self)
    }
}
