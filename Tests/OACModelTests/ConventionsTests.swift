import Foundation
import OACModel
import OACPromQL
import Testing

/// `Conventions` (Sources/OACModel/Conventions.swift): the names and constants every renderer shares.
@Suite("Conventions")
struct ConventionsTests {
    @Test("week 0 starts on Monday 1970-01-05 00:00 UTC, 4 days after the epoch (a Thursday)")
    func firstMonday() throws {
        #expect(Conventions.firstMonday == 4 * 86_400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        let date = Date(timeIntervalSince1970: TimeInterval(Conventions.firstMonday))
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .weekday], from: date)
        #expect([parts.year, parts.month, parts.day, parts.hour] == [1970, 1, 5, 0])
        #expect(parts.weekday == 2)  // Gregorian weekdays count from Sunday = 1
    }

    @Test(
        "a burn-rate alert waits a fifth of its short window, in whole minutes, at least one",
        arguments: [
            (PromDuration.minutes(5), PromDuration.minutes(1)), (.minutes(30), .minutes(6)), (.hours(2), .minutes(24)),
            (.hours(6), .minutes(72)), (.minutes(1), .minutes(1)), (.minutes(7), .minutes(1)), (.minutes(14), .minutes(2))
        ])
    func alertFor(short: PromDuration, expected: PromDuration) {
        #expect(Conventions.alertFor(short: short) == expected)
    }

    @Test("every recorded series is a valid Prometheus metric name of the form level:metric[:operations]")
    func recordNames() {
        let names = [
            Conventions.sliBadRate5m, Conventions.sliTotalRate5m, Conventions.sloBadRate5m, Conventions.sloTotalRate5m,
            Conventions.sloBadRate1h, Conventions.sloTotalRate1h, Conventions.errorRatio(.days(30)),
            Conventions.burnRate(.hours(1)), Conventions.errorRatioSLOWindow, Conventions.attainmentSLOWindow,
            Conventions.errorBudgetRemaining, Conventions.objectiveRatio, Conventions.errorBudgetRatio,
            Conventions.windowSeconds, Conventions.sloInfo, Conventions.calendarPeriodIndex,
            Conventions.errorRatioCalendarPeriod
        ]
        #expect(Set(names).count == names.count)
        for name in names {
            #expect(name.wholeMatch(of: /oac_sl[io]:[a-z0-9_]+(:[a-z0-9_]+)?/) != nil, "\(name)")
        }
        #expect(Conventions.errorRatio(.days(30)) == "oac_slo:error_ratio:rate30d")
    }
}
