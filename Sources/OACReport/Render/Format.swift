import Foundation
import OACModel

/// How numbers read in the report: percentages with as many decimals as the objective needs plus two,
/// budget shares as whole percents, durations in minutes or hours, money with the currency's two decimals.
public enum Format {
    /// Decimals the objective is written with (99.95 → 2).
    static func decimals(_ objective: Double) -> Int {
        let text = SVG.number((objective * 1000).rounded() / 1000)
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: dot, to: text.endIndex) - 1
    }

    /// Attainment: two decimals more than the objective, e.g. 99.953% against 99.9%.
    public static func percent(_ value: Double, objective: Double) -> String {
        fixed(value, decimals(objective) + 2) + "%"
    }

    public static func objective(_ value: Double) -> String {
        SVG.number((value * 1000).rounded() / 1000) + "%"
    }

    static func axisPercent(_ value: Double) -> String {
        let t = String(format: "%.3f", value)
        var s = t
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s + "%"
    }

    /// A fraction as a share of 100: 0.4213 → 42%, 0.0042 → 0.4%, 0 → 0%.
    public static func share(_ fraction: Double) -> String {
        let p = fraction * 100
        if p == 0 { return "0%" }
        if abs(p) < 1 { return fixed(p, 1) + "%" }
        return fixed(p, 0) + "%"
    }

    public static func fixed(_ v: Double, _ decimals: Int) -> String {
        let s = FixedPoint.format(v, decimals: decimals) ?? String(format: "%.\(decimals)f", v)
        return s.hasPrefix("-") && Double(s) == 0 ? String(s.dropFirst()) : s
    }

    /// Minutes as `42 min` or `2 h 05 min`; `–` when unknown.
    public static func minutes(_ m: Double?) -> String {
        guard let m else { return "–" }
        let total = Int(m.rounded())
        if total < 60 { return "\(total) min" }
        return "\(total / 60) h \(String(format: "%02d", total % 60)) min"
    }

    /// `1,234.56` with the currency after it.
    public static func money(_ d: ExactDecimal, _ currency: String) -> String {
        let rounded = CostEstimate.rounded(d.value, 2)
        let text = rounded.plain(maxFractionDigits: 2)
        var parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var cents = parts.count > 1 ? parts[1] : ""
        while cents.count < 2 { cents += "0" }
        let negative = parts[0].hasPrefix("-")
        if negative { parts[0].removeFirst() }
        return (negative ? "-" : "") + grouped(parts[0]) + "." + cents + " " + currency
    }

    /// `1234567` → `1,234,567`.
    public static func grouped(_ digits: String) -> String {
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0, i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    public static func count(_ v: Double) -> String { grouped(String(Int64(v.rounded()))) }

    /// Signed change in points: `+1.2`, `−3.4`, `±0.0`.
    public static func delta(_ v: Double, decimals: Int = 1) -> String {
        let s = fixed(abs(v), decimals)
        if Double(s) == 0 { return "±" + s }
        return (v > 0 ? "+" : "−") + s
    }

    /// `2026-08-14T14:30:05Z`: RFC 3339 in UTC, whole seconds (rounded down), by arithmetic.
    public static func timestamp(_ d: Date) -> String {
        let seconds = Int(max(0, min(d.timeIntervalSince1970, Day.maxUnixTime)).rounded(.down))
        let c = Day(index: seconds / 86_400).civil
        let s = seconds % 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(c.year)-\(two(c.month))-\(two(c.day))T\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))Z"
    }

    /// `14 Aug 2026 14:30 UTC` (what `d MMM yyyy HH:mm 'UTC'` gives), by arithmetic: a date formatter per
    /// call was most of the cost of a report with many incidents.
    public static func date(_ d: Date) -> String {
        let seconds = Int(max(0, min(d.timeIntervalSince1970, Day.maxUnixTime)).rounded(.down))
        let day = Day(index: seconds / 86_400)
        let c = day.civil
        let minute = seconds % 86_400 / 60
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(c.day) \(day.monthName) \(c.year) \(two(minute / 60)):\(two(minute % 60)) UTC"
    }
}
