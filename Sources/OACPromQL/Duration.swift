/// A PromQL duration (`5m`, `1h30m`, `500ms`, `1y`) with millisecond resolution.
///
/// Printed in Prometheus' canonical form (`model.Duration.String()`): units
/// `y w d h m s ms`, years and weeks only when they divide the value exactly,
/// `0s` for zero, a leading `-` for negative values (negative offsets).
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
        ("ms", 1, false),
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
        let scalars = Array(text.unicodeScalars)
        if scalars.isEmpty { return nil }
        var i = 0
        var total: Int64 = 0
        var lastUnitIndex = -1
        while i < scalars.count {
            var value: Int64 = 0
            let digitsStart = i
            while i < scalars.count, let d = scalars[i].digitValue {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(d))
                if o1 || o2 { return nil }
                value = a
                i += 1
            }
            if i == digitsStart { return nil }
            // unit
            var unitName = ""
            if i < scalars.count {
                let c = scalars[i]
                if c == "m", i + 1 < scalars.count, scalars[i + 1] == "s" {
                    unitName = "ms"
                    i += 2
                } else if "ywdhms".unicodeScalars.contains(c) {
                    unitName = String(Character(c))
                    i += 1
                }
            }
            guard let unitIndex = Self.units.firstIndex(where: { $0.name == unitName }) else { return nil }
            if unitIndex <= lastUnitIndex { return nil }
            lastUnitIndex = unitIndex
            let (product, o1) = value.multipliedReportingOverflow(by: Self.units[unitIndex].ms)
            let (sum, o2) = total.addingReportingOverflow(product)
            if o1 || o2 { return nil }
            total = sum
        }
        self.milliseconds = total
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
