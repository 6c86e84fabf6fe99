import Foundation
import OACPromQL
import OACSupport

/// What a change claims to be when it asks the deploy gate (`oac gate --change-class`).
public enum ChangeClass: String, Sendable, Hashable, CaseIterable {
    /// Ordinary work: new features, refactoring.
    case feature
    /// A fix for the reliability problem that spends the budget.
    case fix
    /// A security fix.
    case security
    /// A change that answers a P0 (a SEV1 incident or an order from the business).
    case p0
}

/// The state an error-budget policy puts an SLO (and its service) in, from the share of the budget spent.
public enum BudgetPolicyState: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Budget left: changes ship as usual.
    case normal
    /// Most of the budget spent: changes ship with an approver.
    case review
    /// Budget exhausted: only the policy's exceptions ship.
    case freeze

    /// The value of the recorded policy-state series: 0 normal, 1 review, 2 freeze.
    public var value: Int {
        switch self {
        case .normal: 0
        case .review: 1
        case .freeze: 2
        }
    }

    public static func < (l: BudgetPolicyState, r: BudgetPolicyState) -> Bool { l.value < r.value }
}

/// An error-budget policy, resolved for one service (platform, then its tier, then the service).
public struct BudgetPolicy: Sendable, Hashable {
    /// Percent of the budget spent from which the state is `review` (the Workbook's example: a warning well before
    /// the budget is gone).
    public var reviewAt: ExactDecimal
    /// Percent of the budget spent from which the state is `freeze`.
    public var freezeAt: ExactDecimal
    /// The window the budget is judged on; nil = each SLO's own window.
    public var window: PromDuration?
    /// The change classes a frozen service still ships (sorted as `ChangeClass.allCases`).
    public var freezeExceptions: [ChangeClass]

    public init(reviewAt: ExactDecimal, freezeAt: ExactDecimal, window: PromDuration?, freezeExceptions: [ChangeClass]) {
        self.reviewAt = reviewAt
        self.freezeAt = freezeAt
        self.window = window
        self.freezeExceptions = freezeExceptions
    }

    /// 75% → review, 100% → freeze, judged on the SLO window; fixes, security and P0 changes ship when frozen.
    public static let defaults = BudgetPolicy(
        reviewAt: 75, freezeAt: 100, window: nil,
        freezeExceptions: [.fix, .security, .p0])

    /// The state for a share of the budget spent (a ratio: 1 = the whole budget).
    public func state(budgetSpent ratio: Double) -> BudgetPolicyState {
        if ratio * 100 >= freezeAt.double { return .freeze }
        if ratio * 100 >= reviewAt.double { return .review }
        return .normal
    }

    /// Whether a change of this class ships in this state (`review` ships everything, with an approver).
    public func allows(_ change: ChangeClass, in state: BudgetPolicyState) -> Bool {
        state != .freeze || freezeExceptions.contains(change)
    }

    /// The window an SLO is judged on.
    public func window(for slo: SLO) -> PromDuration { window ?? slo.window }
}

public enum Weekday: String, Sendable, Hashable, CaseIterable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday
}

/// A window of planned work or a correction of the record: its events do not count against the budget, and
/// (maintenance only) its alerts are muted in Alertmanager.
public struct BudgetWindow: Sendable, Hashable {
    public enum Schedule: Sendable, Hashable {
        /// One interval, `[start, end)`.
        case once(start: Date, end: Date)
        /// Every listed weekday from `start` to `end` (minutes after local midnight; `end` may be 1440) in a time zone.
        case weekly(days: [Weekday], start: Int, end: Int, timeZone: String)
    }

    public var name: String
    public var reason: String
    /// The team that answers for it (the audit trail: who, why, when added).
    public var owner: String
    /// `YYYY-MM-DD`.
    public var added: String
    /// The SLOs it applies to; empty = every SLO of the service.
    public var slos: [String]
    public var schedule: Schedule

    public init(name: String, reason: String, owner: String, added: String, slos: [String], schedule: Schedule) {
        self.name = name
        self.reason = reason
        self.owner = owner
        self.added = added
        self.slos = slos
        self.schedule = schedule
    }

    public func applies(to slo: String) -> Bool { slos.isEmpty || slos.contains(slo) }

    /// The intervals of the window that overlap `[from, to)`, clipped to it, in time order.
    public func intervals(from: Date, to: Date) -> [(start: Date, end: Date)] {
        switch schedule {
        case .once(let s, let e):
            let a = max(s, from)
            let b = min(e, to)
            return a < b ? [(a, b)] : []
        case .weekly(let days, let start, let end, let zone):
            guard let tz = TimeZone(identifier: zone) else { return [] }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = tz
            var out: [(start: Date, end: Date)] = []
            // Local days from the day before `from` (a window may start the evening before) to `to`.
            var day = calendar.startOfDay(for: from.addingTimeInterval(-86_400))
            while day < to {
                let weekday = (calendar.component(.weekday, from: day) + 5) % 7  // Sunday = 1 → 6
                if days.contains(Weekday.allCases[weekday]),
                    let a = calendar.date(byAdding: .minute, value: start, to: day),
                    let b = calendar.date(byAdding: .minute, value: end, to: day)
                {
                    let s = max(a, from)
                    let e = min(b, to)
                    if s < e { out.append((s, e)) }
                }
                guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
                day = next
            }
            return out
        }
    }
}

// MARK: - JSON form

extension ChangeClass: JSONWritable {}
extension BudgetPolicyState: JSONWritable {}
extension Weekday: JSONWritable {}

extension BudgetPolicy: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("freezeAt", freezeAt)
            $0.field("freezeExceptions", freezeExceptions)
            $0.field("reviewAt", reviewAt)
            $0.field("window", window)
        }
    }
}

extension BudgetWindow: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("added", added)
            $0.field("name", name)
            $0.field("owner", owner)
            $0.field("reason", reason)
            $0.field("schedule", schedule)
            $0.field("slos", slos)
        }
    }
}

extension BudgetWindow.Schedule: JSONWritable {
    public func write(to json: inout JSONWriter) {
        switch self {
        case .once(let start, let end):
            json.enumCase("once") {
                $0.field("end", Self.rfc3339(end))
                $0.field("start", Self.rfc3339(start))
            }
        case .weekly(let days, let start, let end, let zone):
            json.enumCase("weekly") {
                $0.field("days", days)
                $0.field("end", Self.clock(end))
                $0.field("start", Self.clock(start))
                $0.field("timeZone", zone)
            }
        }
    }

    /// `HH:MM` of minutes after midnight (`24:00` for 1440).
    public static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }

    /// RFC 3339 in UTC, whole seconds.
    public static func rfc3339(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
