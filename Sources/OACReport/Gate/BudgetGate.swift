import Foundation
import OACModel
import OACSupport

/// The deploy gate: a service's error-budget state from its SLOs' event counts over the policy window, and
/// whether a change of a given class ships. Counts come in slices (a day of a snapshot, or a day ending at the
/// gate's clock from Prometheus); maintenance windows and corrections are taken out of each slice in proportion
/// to the part of it they cover (exact when the rate is steady within the slice, as the daily counts assume).
public enum BudgetGate {
    /// Events of one slice of time.
    public struct Slice: Sendable, Hashable {
        public var start: Date
        public var end: Date
        public var good: Double
        public var total: Double

        public init(start: Date, end: Date, good: Double, total: Double) {
            self.start = start
            self.end = end
            self.good = good
            self.total = total
        }
    }

    /// What a window took out of one SLO's counts.
    public struct Exclusion: Sendable, Hashable {
        public var name: String
        public var reason: String
        public var owner: String
        public var added: String
        public var kind: String
        public var seconds: Double
        public var good: Double
        public var total: Double
    }

    public struct SLOFigures: Sendable, Hashable {
        public var slo: String
        public var objective: Double
        public var window: String
        /// After exclusions.
        public var good: Double
        public var total: Double
        /// Share of the budget spent (nil: no events in the window).
        public var spent: Double?
        public var state: BudgetPolicyState?
        public var excluded: [Exclusion]
    }

    public enum OnNoData: String, Sendable, CaseIterable { case block, allow }

    public struct Decision: Sendable {
        public var service: String
        public var change: ChangeClass
        /// nil when no SLO had data.
        public var state: BudgetPolicyState?
        public var allowed: Bool
        public var reason: String
        public var slos: [SLOFigures]
        public var source: String
        public var policy: BudgetPolicy

        /// A decision with no figures: the data source failed (the gate fails closed).
        public static func failed(service: Service, change: ChangeClass, reason: String, source: String) -> Decision {
            Decision(
                service: service.name, change: change, state: nil, allowed: false, reason: reason, slos: [], source: source,
                policy: service.errorBudgetPolicy)
        }
    }

    /// The windows of a service that exclude events (maintenance and corrections), with their kind.
    public static func windows(_ service: Service) -> [(BudgetWindow, String)] {
        service.maintenanceWindows.map { ($0, "maintenance") } + service.corrections.map { ($0, "correction") }
    }

    /// One SLO's figures from its slices.
    public static func figures(service: Service, slo: SLO, slices: [Slice]) -> SLOFigures {
        var good = 0.0
        var total = 0.0
        for s in slices {
            good += s.good
            total += s.total
        }
        var excluded: [Exclusion] = []
        let applying = windows(service).filter { $0.0.applies(to: slo.name) }
        for s in slices { _ = exclude(s, windows: applying, into: &excluded) }
        for e in excluded {
            good -= e.good
            total -= e.total
        }
        total = max(0, total)
        good = min(max(0, good), total)
        let budget = 1 - slo.objectiveRatio.double
        let policy = service.errorBudgetPolicy
        let spent: Double? = total > 0 ? ((total - good) / total) / budget : nil
        return SLOFigures(
            slo: slo.name, objective: slo.objective.double, window: windowLabel(policy, slo),
            good: good, total: total, spent: spent, state: spent.map(policy.state(budgetSpent:)),
            excluded: excluded)
    }

    /// A slice with the windows' share taken out (each window: the part of the slice it covers × the slice's
    /// counts), the amounts added to `excluded` (one entry per window, in the order of `windows`).
    public static func exclude(_ slice: Slice, windows: [(BudgetWindow, String)], into excluded: inout [Exclusion]) -> Slice {
        let length = slice.end.timeIntervalSince(slice.start)
        guard length > 0 else { return slice }
        var out = slice
        for (w, kind) in windows {
            var seconds = 0.0
            for i in w.intervals(from: slice.start, to: slice.end) { seconds += i.end.timeIntervalSince(i.start) }
            guard seconds > 0 else { continue }
            let share = min(1, seconds / length)
            let good = slice.good * share
            let total = slice.total * share
            if let k = excluded.firstIndex(where: { $0.name == w.name && $0.kind == kind }) {
                excluded[k].seconds += seconds
                excluded[k].good += good
                excluded[k].total += total
            } else {
                excluded.append(
                    Exclusion(
                        name: w.name, reason: w.reason, owner: w.owner, added: w.added, kind: kind,
                        seconds: seconds, good: good, total: total))
            }
            out.good -= good
            out.total -= total
        }
        out.total = max(0, out.total)
        out.good = min(max(0, out.good), out.total)
        return out
    }

    public static func decide(
        service: Service, change: ChangeClass, slices: [String: [Slice]], onNoData: OnNoData,
        source: String
    ) -> Decision {
        let policy = service.errorBudgetPolicy
        let figures = service.slos.map { Self.figures(service: service, slo: $0, slices: slices[$0.name] ?? []) }
        let states = figures.compactMap(\.state)
        let missing = figures.filter { $0.state == nil }.map(\.slo)
        var d = Decision(
            service: service.name, change: change, state: states.max(), allowed: true, reason: "", slos: figures,
            source: source, policy: policy)
        if service.slos.isEmpty {
            d.reason = "\(service.name) has no SLO: nothing to judge"
            return d
        }
        if !missing.isEmpty {
            let which = missing.joined(separator: ", ")
            if onNoData == .block {
                d.allowed = false
                d.reason = "no data for \(which) in \(source): the gate fails closed (--on-no-data allow to let it pass)"
                return d
            }
            d.reason = "no data for \(which) in \(source) (allowed by --on-no-data allow); "
        }
        let state = d.state ?? .normal
        d.allowed = policy.allows(change, in: state)
        let worst = figures.filter { $0.state == d.state }.map(\.slo).joined(separator: ", ")
        switch state {
        case .normal:
            d.reason += "error budget left: \(service.name) is in normal state"
        case .review:
            d.reason += "\(worst) spent at least \(policy.reviewAt)% of the budget: \(service.name) is in review (changes need an approver)"
        case .freeze:
            let exceptions = policy.freezeExceptions.map(\.rawValue).joined(separator: ", ")
            d.reason +=
                "\(worst) spent at least \(policy.freezeAt)% of the budget: \(service.name) is frozen; "
                + (d.allowed ? "a \(change.rawValue) change is an exception of the policy" : "only \(exceptions.isEmpty ? "nothing" : exceptions) ship")
        }
        return d
    }

    /// `28d`, or the SLO's own window (`30d`, `calendar month`: the period so far).
    static func windowLabel(_ policy: BudgetPolicy, _ slo: SLO) -> String {
        if policy.window == nil, let period = slo.calendar { return "calendar \(period.rawValue) so far" }
        return policy.window(for: slo).description
    }

    /// Where an SLO's judging window starts when it ends at `end`: `end` − the policy window, or the start of
    /// the calendar period (UTC) for a calendar SLO judged on its own window.
    static func windowStart(_ policy: BudgetPolicy, _ slo: SLO, end: Date) -> Date {
        if policy.window == nil, let period = slo.calendar {
            return period.periodStart(of: Day(containing: end.addingTimeInterval(-1))).start
        }
        return end.addingTimeInterval(-Double(policy.window(for: slo).milliseconds) / 1000)
    }

    // MARK: - Sources

    /// Slices of a snapshot: its last days covering each SLO's policy window (up to `through`).
    public static func slices(snapshot: Snapshot, service: Service) -> [String: [Slice]] {
        var out: [String: [Slice]] = [:]
        for slo in service.slos {
            // Whole days: the window's start rounded down to a midnight.
            let start = windowStart(service.errorBudgetPolicy, slo, end: snapshot.through.end)
            let first = Day(containing: start)
            let series = snapshot.series(service: service.name, slo: slo.name)
            out[slo.name] = (series?.days ?? []).filter { $0.date >= first && $0.date <= snapshot.through }
                .map { Slice(start: $0.date.start, end: $0.date.end, good: $0.good, total: $0.total) }
        }
        return out
    }

    /// The PromQL of the live gate: events in the `seconds` before the evaluation time, the mean 5-minute rate
    /// over them × their length (the report's daily figure with `seconds` = 86400).
    public static func sliceQuery(_ series: String, service: String, seconds: Int) -> String {
        "sum by (\(Conventions.sloLabel)) (avg_over_time(\(series){\(Conventions.serviceLabel)=\(PromQLText.quote(service))}[\(seconds)s])) * \(seconds)"
    }

    /// Slices from Prometheus on the report's days: one per UTC day from the day the earliest window starts to
    /// yesterday (a `query_range` evaluated at each midnight), and today so far (an instant query at `now`).
    public static func slices(client: PrometheusClient, service: Service, now: Date) throws -> [String: [Slice]] {
        let today = Day(containing: now)
        let earliest = service.slos.map { windowStart(service.errorBudgetPolicy, $0, end: now) }.min() ?? now
        let first = Day(containing: earliest)
        var totals: [PrometheusClient.Series] = []
        var bads: [PrometheusClient.Series] = []
        if first < today {
            let start = Day(index: first.index + 1).start
            let end = today.start
            totals = try client.queryRange(
                sliceQuery(Conventions.sloTotalRate5m, service: service.name, seconds: 86_400),
                start: start, end: end, step: 86_400)
            bads = try client.queryRange(
                sliceQuery(Conventions.sloBadRate5m, service: service.name, seconds: 86_400),
                start: start, end: end, step: 86_400)
        }
        let sofar = Int(now.timeIntervalSince(today.start))
        var todayTotals: [(labels: [String: String], value: Double)] = []
        var todayBads: [(labels: [String: String], value: Double)] = []
        if sofar >= 60 {
            todayTotals = try client.query(sliceQuery(Conventions.sloTotalRate5m, service: service.name, seconds: sofar), at: now)
            todayBads = try client.query(sliceQuery(Conventions.sloBadRate5m, service: service.name, seconds: sofar), at: now)
        }
        var out: [String: [Slice]] = [:]
        for slo in service.slos {
            let from = Day(containing: windowStart(service.errorBudgetPolicy, slo, end: now))
            var b: [Double: Double] = [:]
            for p in bads.first(where: { $0.labels[Conventions.sloLabel] == slo.name })?.points ?? [] { b[p.time] = p.value }
            func slice(_ start: Date, _ end: Date, total: Double, bad: Double?) -> Slice? {
                guard total.isFinite, total >= 0 else { return nil }
                let bad = min(total, max(0, bad.flatMap { $0.isFinite ? $0 : nil } ?? 0))
                return Slice(start: start, end: end, good: total - bad, total: total)
            }
            var list: [Slice] = (totals.first { $0.labels[Conventions.sloLabel] == slo.name }?.points ?? []).compactMap { p in
                // The point at a midnight holds the day before it.
                let end = Date(timeIntervalSince1970: p.time)
                guard Day(containing: end.addingTimeInterval(-1)) >= from else { return nil }
                return slice(end.addingTimeInterval(-86_400), end, total: p.value, bad: b[p.time])
            }
            if let t = todayTotals.first(where: { $0.labels[Conventions.sloLabel] == slo.name }),
                let s = slice(
                    today.start, now, total: t.value,
                    bad: todayBads.first(where: { $0.labels[Conventions.sloLabel] == slo.name })?.value)
            {
                list.append(s)
            }
            out[slo.name] = list
        }
        return out
    }
}

/// PromQL string quoting without importing the parser module (OACReport stays off OACPromQL).
enum PromQLText {
    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
