import Foundation
import OACPromQL

public enum AlertSeverity: String, Sendable, Hashable, CaseIterable, Comparable {
    case page, ticket

    public static func < (l: Self, r: Self) -> Bool { l == .page && r == .ticket }
}

/// One row of a burn-rate table: alert when `budgetPercent` of the budget burns within `long`.
public struct BurnRateWindowSpec: Sendable, Hashable {
    public var severity: AlertSeverity
    public var short: PromDuration
    public var long: PromDuration
    public var budgetPercent: ExactDecimal

    public init(severity: AlertSeverity, short: PromDuration, long: PromDuration, budgetPercent: ExactDecimal) {
        self.severity = severity
        self.short = short
        self.long = long
        self.budgetPercent = budgetPercent
    }

    /// The SRE workbook table for a 30-day window.
    public static let sreWorkbook: [BurnRateWindowSpec] = [
        .init(severity: .page, short: .minutes(5), long: .hours(1), budgetPercent: 2),
        .init(severity: .page, short: .minutes(30), long: .hours(6), budgetPercent: 5),
        .init(severity: .ticket, short: .hours(2), long: .days(1), budgetPercent: 10),
        .init(severity: .ticket, short: .hours(6), long: .days(3), budgetPercent: 10)
    ]

    /// factor = budgetPercent/100 × window / long: exact when it terminates, otherwise to 20 significant digits
    /// (`ExactDecimal.significantDigits`: it reads back as the float64 of the exact rational, and every output
    /// prints the same digits). Never rounded to a fixed number of decimals: a tiny budgetPercent must not become 0.
    public func factor(for window: PromDuration) -> ExactDecimal {
        struct Key: Hashable, Sendable {
            var budgetPercent: DecimalMemo.Bits
            var window: Int64
            var long: Int64
        }
        let key = Key(budgetPercent: DecimalMemo.Bits(budgetPercent.value), window: window.milliseconds, long: long.milliseconds)
        return ExactDecimal(
            DecimalMemo.shared.derived(key) {
                let f = budgetPercent.value.percentToRatio * Decimal(window.milliseconds) / Decimal(long.milliseconds)
                return Decimal(exactly: f.plain(significantDigits: ExactDecimal.significantDigits)) ?? f
            })
    }
}

/// A burn-rate alert of one SLO: the window pair and the factor computed for the SLO's window.
public struct BurnRateAlert: Sendable, Hashable {
    public var severity: AlertSeverity
    public var short: PromDuration
    public var long: PromDuration
    public var budgetPercent: ExactDecimal
    public var factor: ExactDecimal

    public init(
        severity: AlertSeverity, short: PromDuration, long: PromDuration, budgetPercent: ExactDecimal,
        factor: ExactDecimal
    ) {
        self.severity = severity
        self.short = short
        self.long = long
        self.budgetPercent = budgetPercent
        self.factor = factor
    }
}
