import Foundation
import OACModel
import OACSupport

/// A calendar quarter in UTC, `2026-Q3`: the unit of the scorecard.
public struct Quarter: Hashable, Comparable, Sendable, Decodable, CustomStringConvertible {
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
            parts[1].count == 1
        else { return nil }
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
public struct Day: Hashable, Comparable, Sendable, Decodable, CustomStringConvertible {
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
            (1...12).contains(m), d >= 1, d <= Day.daysIn(year: y, month: m)
        else { return nil }
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

    /// RFC 3339 with or without fractional seconds, strict (`RFC3339.parse`), with `T`; the ISO 8601 basic offset
    /// `±HHMM` too, as PagerDuty exports write it.
    public static func parse(_ text: String) -> Date? { RFC3339.parse(text, basicOffset: true, spaceSeparator: false) }
}

/// `2026-Q3`.
extension Quarter: JSONWritable {
    public func write(to json: inout JSONWriter) { json.string(description) }
}

/// `2026-07-01`.
extension Day: JSONWritable {
    public func write(to json: inout JSONWriter) { json.string(description) }
}
