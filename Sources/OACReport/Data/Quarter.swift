import Foundation

/// A calendar quarter in UTC, `2026-Q3`: the unit of the scorecard.
public struct Quarter: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int
    /// 1…4.
    public var number: Int

    public init(year: Int, number: Int) {
        self.year = year
        self.number = number
    }

    /// Parses `2026-Q3` (also `2026q3`).
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let parts = t.split(separator: "Q", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        var yearText = String(parts[0])
        if yearText.hasSuffix("-") { yearText.removeLast() }
        guard yearText.count == 4, let y = Int(yearText), y >= 1970, let q = Int(parts[1]), (1...4).contains(q),
              parts[1].count == 1 else { return nil }
        year = y
        number = q
    }

    public var description: String { "\(year)-Q\(number)" }

    /// The first day of the quarter.
    public var firstDay: Day { Day(year: year, month: (number - 1) * 3 + 1, day: 1) }
    /// The first day of the next quarter (the quarter ends at its midnight).
    public var endDay: Day { next.firstDay }
    public var lastDay: Day { Day(index: endDay.index - 1) }
    public var days: [Day] { (firstDay.index..<endDay.index).map { Day(index: $0) } }
    public var start: Date { firstDay.start }
    public var end: Date { endDay.start }

    public var next: Quarter { number == 4 ? Quarter(year: year + 1, number: 1) : Quarter(year: year, number: number + 1) }
    public var previous: Quarter { number == 1 ? Quarter(year: year - 1, number: 4) : Quarter(year: year, number: number - 1) }

    public static func < (l: Quarter, r: Quarter) -> Bool { (l.year, l.number) < (r.year, r.number) }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let q = Quarter(parsing: s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a quarter like 2026-Q3: \(s)")
        }
        self = q
    }
}

/// A UTC calendar day, kept as days since 1970-01-01 so arithmetic never meets time zones or DST.
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var index: Int

    public init(index: Int) { self.index = index }

    /// 9999-12-31T23:59:59Z: later unix times are no day oac handles (and larger ones overflow a day index).
    public static let maxUnixTime = 253_402_300_799.0

    /// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
    public init(year: Int, month: Int, day: Int) {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        index = era * 146_097 + doe - 719_468
    }

    /// `YYYY-MM-DD`, strictly.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= Day.daysIn(year: y, month: m) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The day a moment falls on (UTC).
    public init(containing date: Date) {
        index = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    public var civil: (year: Int, month: Int, day: Int) {
        let z = index + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var start: Date { Date(timeIntervalSince1970: TimeInterval(index) * 86_400) }
    public var end: Date { Date(timeIntervalSince1970: TimeInterval(index + 1) * 86_400) }
    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((index % 7) + 7 + 3) % 7 }

    public var description: String {
        let c = civil
        return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    public var monthName: String { Self.monthNames[civil.month - 1] }
    /// `14 Aug`.
    public var short: String { "\(civil.day) \(monthName)" }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func < (l: Day, r: Day) -> Bool { l.index < r.index }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let d = Day(parsing: s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a date like 2026-07-01: \(s)")
        }
        self = d
    }
}

/// RFC 3339 timestamps as the snapshot and reports write them: UTC, whole seconds, `Z`.
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    /// RFC 3339 with or without fractional seconds.
    /// Strict: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` with a real calendar date (`2026-09-31` and
    /// `2026-02-29` are refused, where a lenient parser rolls them over) and years 1970…9999. Hand-written: a
    /// date formatter per call cost most of a PagerDuty CSV row.
    public static func parse(_ text: String) -> Date? {
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
        guard let year = number(0, 4), byte(4, 45), let month = number(5, 2), byte(7, 45), let day = number(8, 2),
              b.count > 10, b[10] == 84 || b[10] == 116, let hour = number(11, 2), byte(13, 58), let minute = number(14, 2),
              byte(16, 58), let second = number(17, 2) else { return nil }
        guard (1970...9999).contains(year), (1...12).contains(month), hour <= 23, minute <= 59, second <= 59 else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day >= 1, day <= lengths[month - 1] else { return nil }
        var i = 19
        var fraction = 0.0
        if byte(i, 46) {
            i += 1
            var scale = 0.1, digits = 0
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
            // ±HH:MM (RFC 3339) or ±HHMM (ISO 8601 basic).
            let colon = byte(i + 3, 58)
            guard let om = number(i + (colon ? 4 : 3), 2), oh <= 23, om <= 59 else { return nil }
            offset = (oh * 60 + om) * 60 * (b[i] == 45 ? -1 : 1)
            i += colon ? 6 : 5
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let seconds = Day(year: year, month: month, day: day).index * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
