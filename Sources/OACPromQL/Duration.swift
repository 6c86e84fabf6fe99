/// A PromQL duration (`5m`, `1h30m`, `500ms`, `1y`) with millisecond resolution.
///
/// Printed in Prometheus' canonical form (`model.Duration.String()`): units
/// `y w d h m s ms`, years and weeks only when they divide the value exactly,
/// `0s` for zero, a leading `-` for negative values (negative offsets).
///
/// The one duration type of oac: the catalog, the model and the renderers all use it. Its JSON form (its
/// canonical text) is declared once, as `JSONWritable` in OACModel's `Model+JSON.swift`.
public struct PromDuration: Equatable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public static func seconds(_ s: Int64) -> PromDuration { PromDuration(milliseconds: s * 1000) }
    public static func minutes(_ m: Int64) -> PromDuration { PromDuration(milliseconds: m * 60_000) }
    public static func hours(_ h: Int64) -> PromDuration { PromDuration(milliseconds: h * 3_600_000) }
    public static func days(_ d: Int64) -> PromDuration { PromDuration(milliseconds: d * 86_400_000) }

    public var seconds: Double { Double(milliseconds) / 1000 }

    public static func < (lhs: PromDuration, rhs: PromDuration) -> Bool { lhs.milliseconds < rhs.milliseconds }

    static let units: [(name: String, ms: Int64, exact: Bool)] = [
        ("y", 365 * 86_400_000, true),
        ("w", 7 * 86_400_000, true),
        ("d", 86_400_000, false),
        ("h", 3_600_000, false),
        ("m", 60_000, false),
        ("s", 1000, false),
        ("ms", 1, false)
    ]

    public var description: String {
        if milliseconds == 0 { return "0s" }
        var out = milliseconds < 0 ? "-" : ""
        // magnitude (Int64.min cannot be negated; it is never produced by the parser)
        var ms = milliseconds == Int64.min ? Int64.max : abs(milliseconds)
        for unit in Self.units {
            if unit.exact && ms % unit.ms != 0 { continue }
            let v = ms / unit.ms
            if v > 0 {
                out += "\(v)\(unit.name)"
                ms -= v * unit.ms
            }
        }
        return out
    }

    /// Parses a Prometheus duration string (`1h30m`, `5m`, `500ms`, `2w`); units
    /// must appear in descending order and each at most once.
    /// Returns nil for malformed input or values that overflow.
    public init?(parsing text: String) {
        // Durations are ASCII: read the UTF-8 bytes (a non-ASCII byte is no digit and no unit, so it fails).
        var text = text
        guard let total = text.withUTF8({ Self.parse($0) }) else { return nil }
        self.milliseconds = total
    }

    static func parse(_ s: UnsafeBufferPointer<UInt8>) -> Int64? {
        if s.isEmpty { return nil }
        var i = 0
        var total: Int64 = 0
        var lastUnitIndex = -1
        while i < s.count {
            var value: Int64 = 0
            let digitsStart = i
            while i < s.count, s[i] >= 48, s[i] <= 57 {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(s[i] - 48))
                if o1 || o2 { return nil }
                value = a
                i += 1
            }
            if i == digitsStart || i == s.count { return nil }
            let unitIndex: Int
            switch s[i] {
            case UInt8(ascii: "y"): unitIndex = 0
            case UInt8(ascii: "w"): unitIndex = 1
            case UInt8(ascii: "d"): unitIndex = 2
            case UInt8(ascii: "h"): unitIndex = 3
            case UInt8(ascii: "m"):
                if i + 1 < s.count, s[i + 1] == UInt8(ascii: "s") {
                    unitIndex = 6
                    i += 1
                } else {
                    unitIndex = 4
                }
            case UInt8(ascii: "s"): unitIndex = 5
            default: return nil
            }
            i += 1
            if unitIndex <= lastUnitIndex { return nil }
            lastUnitIndex = unitIndex
            let (product, o1) = value.multipliedReportingOverflow(by: Self.units[unitIndex].ms)
            let (sum, o2) = total.addingReportingOverflow(product)
            if o1 || o2 { return nil }
            total = sum
        }
        return total
    }

    /// Converts a number of seconds (as written in `[300]` or `offset 1.5`) into a duration.
    /// Sub-millisecond parts are truncated, like Prometheus does.
    public init?(seconds: Double) {
        let ms = (seconds * 1000).rounded(.towardZero)
        guard ms.isFinite, ms > -9.2e18, ms < 9.2e18 else { return nil }
        self.milliseconds = Int64(ms)
    }
}

extension Unicode.Scalar {
    var digitValue: Int? {
        let v = value
        return v >= 48 && v <= 57 ? Int(v - 48) : nil
    }
}
