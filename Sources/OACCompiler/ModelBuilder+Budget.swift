import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import OACPromQL

extension ModelBuilder {
    // MARK: - Error-budget policy, maintenance windows, corrections

    /// The service's policy: the defaults, then the platform's keys, then its tier's, then its own.
    mutating func resolvePolicy(_ s: ServiceSpec, slos: [SLO]) -> BudgetPolicy {
        var policy = BudgetPolicy.defaults
        let platform = catalog.platforms.first
        let tier = platform?.retentionTiers.first { $0.name.value == s.tier?.value }
        var last: BudgetPolicySpec?
        for spec in [platform?.errorBudgetPolicy, tier?.errorBudgetPolicy, s.errorBudgetPolicy].compactMap({ $0 }) {
            if let v = spec.reviewAt { policy.reviewAt = ExactDecimal(v.value) }
            if let v = spec.freezeAt { policy.freezeAt = ExactDecimal(v.value) }
            if spec.windowIsSLO { policy.window = nil }
            if let v = spec.windowDuration { policy.window = v.value }
            if let v = spec.freezeExceptions { policy.freezeExceptions = v }
            last = spec
        }
        if policy.freezeAt < policy.reviewAt, let last {
            diagnostics.error(
                "service `\(s.name.value)`: the error-budget policy freezes at \(policy.freezeAt)% but reviews only from \(policy.reviewAt)%",
                rule: CheckID.invalidValue, at: last.freezeAt?.location ?? last.location,
                hint: "`freezeAt` must be at least `reviewAt` (the Workbook's order: review, then freeze)")
        }
        return policy
    }

    /// Checks and resolves `maintenanceWindows` or `corrections`: names unique in the service, owners are teams, SLOs exist.
    mutating func buildWindows(
        _ specs: [BudgetWindowSpec], service s: ServiceSpec, slos: [SLO], teams: Set<String>,
        correction: Bool, seen: inout [String: SourceLocation]
    ) -> [BudgetWindow] {
        var out: [BudgetWindow] = []
        let sloNames = slos.map(\.name)
        for w in specs {
            if let n = w.name {
                if let first = seen[n.value] {
                    diagnostics.error(
                        "window `\(n.value)` is defined twice in service `\(s.name.value)`", rule: CheckID.duplicateName,
                        at: n.location, hint: "first defined at \(first)")
                }
                seen[n.value] = n.location
            }
            if let o = w.owner, !teams.contains(o.value) {
                unresolved(o, what: "team", candidates: Array(teams), field: "owner")
            }
            for slo in w.slos where !sloNames.contains(slo.value) {
                unresolved(slo, what: "SLO", candidates: sloNames, field: "slos")
            }
            guard let schedule = schedule(w, correction: correction), let name = w.name, let reason = w.reason,
                let owner = w.owner, let added = w.added
            else { continue }
            out.append(
                BudgetWindow(
                    name: name.value, reason: reason, owner: owner.value, added: added,
                    slos: w.slos.map(\.value), schedule: schedule))
        }
        return out.sorted { $0.name < $1.name }
    }

    /// A window's schedule: `start` and `end` (end after start), or `weekly` (clock times `HH:MM`, end after start,
    /// an IANA time zone); nil with a diagnostic otherwise.
    mutating func schedule(_ w: BudgetWindowSpec, correction: Bool) -> BudgetWindow.Schedule? {
        let path = w.path
        if let weekly = w.weekly {
            if w.start != nil || w.end != nil {
                diagnostics.error(
                    "`\(path)` sets both `weekly` and `start`/`end`: a window is one-off or recurring",
                    rule: CheckID.invalidValue, at: w.start?.location ?? w.location, hint: "keep one of them")
                return nil
            }
            func clock(_ v: Located<String>?, _ key: String, allow24: Bool) -> Int? {
                guard let v else { return nil }
                guard let m = Self.parseClock(v.value), m < 1440 || (allow24 && m == 1440) else {
                    diagnostics.error(
                        "`\(path).weekly.\(key)` must be a time HH:MM, found `\(v.value)`", rule: CheckID.invalidValue,
                        at: v.location, hint: "such as \"02:00\"")
                    return nil
                }
                return m
            }
            let start = clock(weekly.start, "start", allow24: false)
            let end = clock(weekly.end, "end", allow24: true)
            var zone = "UTC"
            if let tz = w.timeZone {
                let plain = !tz.value.isEmpty && tz.value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/_+-".contains($0)) }
                guard plain, TimeZone(identifier: tz.value) != nil else {
                    diagnostics.error(
                        "`\(path).timeZone` `\(tz.value)` is not an IANA time zone", rule: CheckID.invalidValue,
                        at: tz.location, hint: "such as UTC or Europe/Berlin")
                    return nil
                }
                zone = tz.value
            }
            guard let start, let end else { return nil }
            guard end > start else {
                diagnostics.error(
                    "`\(path).weekly.end` must be after `start` (a window ends on the day it starts)",
                    rule: CheckID.invalidValue, at: weekly.end?.location ?? weekly.location,
                    hint: "split a window over midnight into two")
                return nil
            }
            guard !weekly.days.isEmpty else {
                diagnostics.error("`\(path).weekly.days` lists no day", rule: CheckID.invalidValue, at: weekly.location)
                return nil
            }
            return .weekly(days: Weekday.allCases.filter(weekly.days.contains), start: start, end: end, timeZone: zone)
        }
        if let tz = w.timeZone {
            diagnostics.error(
                "`\(path).timeZone` only applies to a `weekly` window", rule: CheckID.invalidValue, at: tz.location,
                hint: "one-off windows are RFC 3339 timestamps with their own offset")
            return nil
        }
        guard let start = w.start, let end = w.end else {
            if !correction || (w.start == nil) != (w.end == nil) {
                diagnostics.error(
                    "`\(path)` needs `start` and `end`\(correction ? "" : ", or `weekly`")", rule: CheckID.missingField,
                    at: w.start?.location ?? w.end?.location ?? w.location,
                    hint: "start: 2026-08-15T02:00:00Z, end: 2026-08-15T04:00:00Z")
            }
            return nil
        }
        guard end.value > start.value else {
            diagnostics.error("`\(path).end` must be after `start`", rule: CheckID.invalidValue, at: end.location)
            return nil
        }
        return .once(start: start.value, end: end.value)
    }

    /// `HH:MM` → minutes after midnight (`24:00` → 1440).
    static func parseClock(_ s: String) -> Int? {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            parts[0].allSatisfy({ $0.isASCII && $0.isNumber }), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
            let h = Int(parts[0]), let m = Int(parts[1]), m < 60, h < 24 || (h == 24 && m == 0)
        else { return nil }
        return h * 60 + m
    }
}
