import Foundation

/// Strict RFC 3339 timestamps: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, with `T` or a space (RFC 3339 §5.6
/// allows it; YAML writes it) and a real calendar date: `2026-09-31`, `2026-02-29`, hour 24 and second 60 are
/// refused where a lenient parser rolls them over. Years 1970…9999. The catalog's incident log and the report's
/// inputs (snapshots, PagerDuty exports) read every timestamp through here. Hand-written: a date formatter per
/// call cost most of a PagerDuty CSV row.
public enum RFC3339 {
    /// `basicOffset` also accepts the ISO 8601 basic offset `±HHMM` (PagerDuty exports write it);
    /// `spaceSeparator` accepts a space between date and time.
    public static func parse(_ text: String, basicOffset: Bool = false, spaceSeparator: Bool = true) -> Date? {
        let b = Array(text.utf8)
        func number(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= b.count else { return nil }
            var n = 0
            for i in at..<(at + count) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                n = n * 10 + Int(b[i] - 48)
            }
            return n
        }
        func byte(_ at: Int, _ c: UInt8) -> Bool { at < b.count && b[at] == c }
        // 84 `T`, 116 `t`, 32 space; 45 `-`, 58 `:`, 46 `.`, 90 `Z`, 122 `z`, 43 `+`.
        guard let year = number(0, 4), byte(4, 45), let month = number(5, 2), byte(7, 45), let day = number(8, 2),
            b.count > 10, b[10] == 84 || b[10] == 116 || spaceSeparator && b[10] == 32, let hour = number(11, 2), byte(13, 58),
            let minute = number(14, 2), byte(16, 58), let second = number(17, 2)
        else { return nil }
        guard (1970...9999).contains(year), (1...12).contains(month), hour <= 23, minute <= 59, second <= 59 else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day >= 1, day <= lengths[month - 1] else { return nil }
        var i = 19
        var fraction = 0.0
        if byte(i, 46) {
            i += 1
            var scale = 0.1
            var digits = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                fraction += Double(b[i] - 48) * scale
                scale /= 10
                i += 1
                digits += 1
            }
            guard digits > 0, digits <= 9 else { return nil }
        }
        var offset = 0
        if i < b.count, b[i] == 90 || b[i] == 122 {
            i += 1
        } else if i < b.count, b[i] == 43 || b[i] == 45, let oh = number(i + 1, 2) {
            let colon = byte(i + 3, 58)
            guard colon || basicOffset, let om = number(i + (colon ? 4 : 3), 2), oh <= 23, om <= 59 else { return nil }
            offset = (oh * 60 + om) * 60 * (b[i] == 45 ? -1 : 1)
            i += colon ? 6 : 5
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let seconds = daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// `YYYY-MM-DD` (a real date, years 1970…9999) as its midnight UTC.
    public static func parseDay(_ text: String) -> Date? {
        guard text.utf8.count == 10 else { return nil }
        return parse(text + "T00:00:00Z")
    }

    /// Howard Hinnant's days_from_civil: days since 1970-01-01 in the proleptic Gregorian calendar.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
