import Foundation
import OACDiagnostics
import OACModel
import OACPromQL

/// `errorBudgetPolicy`, `maintenanceWindows[]` and `corrections[]` (tables in Schema+Budget.swift).
extension DocumentDecoder {
    func budgetPolicy(_ f: NodeReader.Fields, _ key: String, path: String) -> BudgetPolicySpec? {
        guard let node = reader.value(f, key), let pf = reader.fields(node, path: path, table: Schema.budgetPolicy) else { return nil }
        var p = BudgetPolicySpec(location: pf.location)
        func percent(_ k: String) -> Located<Decimal>? {
            guard let v = reader.decimal(pf, k) else { return nil }
            guard v.value > 0, v.value <= 1000 else {
                reader.diagnostics.error("`\(path).\(k)` must be above 0 and at most 1000 (percent of the budget), found \(v.value.plain())",
                                         rule: CheckID.invalidValue, at: v.location)
                return nil
            }
            return v
        }
        p.reviewAt = percent("reviewAt")
        p.freezeAt = percent("freezeAt")
        if let wn = reader.value(pf, "window") {
            if reader.scalarText(wn) == "slo" {
                p.windowIsSLO = true
            } else {
                p.windowDuration = reader.duration(wn, path: "\(path).window")
            }
        }
        if let list = reader.stringList(pf, "freezeExceptions") {
            var classes: [ChangeClass] = []
            for v in list {
                guard let c = ChangeClass(rawValue: v.value) else {
                    invalidChoice(v, path: "\(path).freezeExceptions", choices: ChangeClass.allCases.map(\.rawValue))
                    continue
                }
                classes.append(c)
            }
            p.freezeExceptions = ChangeClass.allCases.filter(classes.contains)
        }
        return p
    }

    func budgetWindows(_ f: NodeReader.Fields, _ key: String, correction: Bool) -> [BudgetWindowSpec] {
        var out: [BudgetWindowSpec] = []
        for (i, node) in (reader.sequence(f, key) ?? []).enumerated() {
            let path = "spec.\(key)[\(i)]"
            let table = correction ? Schema.correction : Schema.maintenanceWindow
            guard let wf = reader.fields(node, path: path, table: table) else { continue }
            var w = BudgetWindowSpec(location: wf.location)
            w.name = reader.string(wf, "name")
            if let n = w.name { checkName(n, what: "\(path).name") }
            w.reason = reader.string(wf, "reason")?.value
            w.owner = reader.string(wf, "owner")
            if let added = reader.string(wf, "added") {
                if Self.parseDay(added.value) == nil {
                    reader.diagnostics.error("`\(path).added` must be a date YYYY-MM-DD, found `\(added.value)`",
                                             rule: CheckID.invalidTimestamp, at: added.location)
                } else {
                    w.added = added.value
                }
            }
            w.slos = reader.stringList(wf, "slos") ?? []
            let start = timestamp(wf, "start"), end = timestamp(wf, "end")
            let weekly = reader.value(wf, "weekly")
            if weekly != nil, wf.entries["start"] != nil || wf.entries["end"] != nil {
                reader.diagnostics.error("`\(path)` sets both `weekly` and `start`/`end`: a window is one-off or recurring",
                                         rule: CheckID.invalidValue, at: wf.location, hint: "keep one of them")
                out.append(w)
                continue
            }
            if let wn = weekly {
                w.schedule = weeklySchedule(wn, zone: reader.string(wf, "timeZone"), path: path)
            } else if wf.entries["timeZone"] != nil {
                reader.diagnostics.error("`\(path).timeZone` only applies to a `weekly` window", rule: CheckID.invalidValue,
                                         at: wf.location, hint: "one-off windows are RFC 3339 timestamps with their own offset")
            } else if let s = start, let e = end {
                if e.value <= s.value {
                    reader.diagnostics.error("`\(path).end` must be after `start`", rule: CheckID.invalidValue, at: e.location)
                } else {
                    w.schedule = .once(start: s.value, end: e.value)
                }
            } else if wf.entries["start"] == nil || wf.entries["end"] == nil, !correction {
                reader.diagnostics.error("`\(path)` needs `start` and `end`, or `weekly`", rule: CheckID.missingField, at: wf.location,
                                         hint: "start: 2026-08-15T02:00:00Z, end: 2026-08-15T04:00:00Z")
            }
            out.append(w)
        }
        return out
    }

    func weeklySchedule(_ node: YAMLNode, zone: Located<String>?, path: String) -> BudgetWindow.Schedule? {
        guard let f = reader.fields(node, path: "\(path).weekly", table: Schema.weeklySchedule) else { return nil }
        var days: [Weekday] = []
        for d in reader.stringList(f, "days") ?? [] {
            guard let day = Weekday(rawValue: d.value) else {
                invalidChoice(d, path: "\(path).weekly.days", choices: Weekday.allCases.map(\.rawValue))
                return nil
            }
            days.append(day)
        }
        if days.isEmpty, f.entries["days"] != nil {
            reader.diagnostics.error("`\(path).weekly.days` lists no day", rule: CheckID.invalidValue, at: f.location)
            return nil
        }
        func clock(_ key: String, allow24: Bool) -> Int? {
            guard let v = reader.string(f, key) else { return nil }
            guard let m = Self.parseClock(v.value), m < 1440 || (allow24 && m == 1440) else {
                reader.diagnostics.error("`\(path).weekly.\(key)` must be a time HH:MM, found `\(v.value)`", rule: CheckID.invalidValue,
                                         at: v.location, hint: "such as \"02:00\"")
                return nil
            }
            return m
        }
        guard let start = clock("start", allow24: false), let end = clock("end", allow24: true) else { return nil }
        guard end > start else {
            reader.diagnostics.error("`\(path).weekly.end` must be after `start` (a window ends on the day it starts)",
                                     rule: CheckID.invalidValue, at: f.location, hint: "split a window over midnight into two")
            return nil
        }
        let tz = zone?.value ?? "UTC"
        if let zone, TimeZone(identifier: zone.value) == nil || zone.value.isEmpty || zone.value.contains(where: { $0.isWhitespace || $0 == "\"" }) {
            reader.diagnostics.error("`\(path).timeZone` `\(zone.value)` is not an IANA time zone", rule: CheckID.invalidValue,
                                     at: zone.location, hint: "such as UTC or Europe/Berlin")
            return nil
        }
        return .weekly(days: Weekday.allCases.filter(days.contains), start: start, end: end, timeZone: tz)
    }

    /// `HH:MM` → minutes after midnight (`24:00` → 1440).
    static func parseClock(_ s: String) -> Int? {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              parts[0].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isASCII), h >= 0, m >= 0, m < 60, h < 24 || (h == 24 && m == 0) else {
            return nil
        }
        return h * 60 + m
    }
}
