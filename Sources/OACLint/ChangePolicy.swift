import Foundation
import OACModel

/// Limits on what one change (`oac lint --base`) may add: series and monthly cost, for the whole platform and
/// for each team, as an absolute figure or as a percentage of the base. Set in `Platform.spec.lint`:
///
///     lint:
///       max-series-increase: 100000          # default
///       max-cost-increase-percent: 10         # default
///       max-cost-increase: 5000               # monthly, in the pricing currency; default off
///       max-team-series-increase: off
///
/// Keys: `max-[team-](series|cost)-increase[-percent]`; a value is a number ≥ 0, or `off`.
public struct ChangePolicy: Sendable, Hashable {
    public enum Measure: String, Sendable, CaseIterable { case series, cost }

    public struct Limit: Sendable, Hashable, Comparable {
        public var measure: Measure
        public var perTeam: Bool
        public var relative: Bool

        /// `max-team-cost-increase-percent`.
        public var key: String {
            "max-" + (perTeam ? "team-" : "") + measure.rawValue + "-increase" + (relative ? "-percent" : "")
        }

        public static func < (a: Limit, b: Limit) -> Bool { a.key < b.key }

        public static let all: [Limit] = [false, true].flatMap { team in
            Measure.allCases.flatMap { m in [false, true].map { Limit(measure: m, perTeam: team, relative: $0) } }
        }
    }

    /// Limit → the most a change may add; a limit not here is off.
    public var limits: [Limit: Decimal]

    /// A change adding more than 100,000 series, or more than 10% of the platform's monthly cost, fails.
    public static let defaults = ChangePolicy(limits: [
        Limit(measure: .series, perTeam: false, relative: false): 100_000,
        Limit(measure: .cost, perTeam: false, relative: true): 10
    ])

    public static let keys: [String: Limit] = Dictionary(uniqueKeysWithValues: Limit.all.map { ($0.key, $0) })

    /// The value of a policy key: a number ≥ 0 (`100_000` allowed), or `off` (nil inside `.some`).
    /// nil when the text is neither.
    public static func parse(_ text: String) -> Decimal?? {
        if text == "off" { return .some(nil) }
        let plain = text.replacingOccurrences(of: "_", with: "")
        guard plain.wholeMatch(of: /[0-9]+(\.[0-9]+)?/) != nil, let d = Decimal(string: plain, locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        return .some(d)
    }
}
