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
                reader.diagnostics.error(
                    "`\(path).\(k)` must be above 0 and at most 1000 (percent of the budget), found \(v.value.plain())",
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
                    reader.diagnostics.error(
                        "`\(path).added` must be a date YYYY-MM-DD, found `\(added.value)`",
                        rule: CheckID.invalidTimestamp, at: added.location)
                } else {
                    w.added = added.value
                }
            }
            w.slos = reader.stringList(wf, "slos") ?? []
            w.path = path
            w.start = timestamp(wf, "start")
            w.end = timestamp(wf, "end")
            w.timeZone = reader.string(wf, "timeZone")
            if let wn = reader.value(wf, "weekly"), let sf = reader.fields(wn, path: "\(path).weekly", table: Schema.weeklySchedule) {
                var weekly = WeeklySpec(location: sf.location)
                for d in reader.stringList(sf, "days") ?? [] {
                    if let day = Weekday(rawValue: d.value) {
                        if !weekly.days.contains(day) { weekly.days.append(day) }
                    } else {
                        invalidChoice(d, path: "\(path).weekly.days", choices: Weekday.allCases.map(\.rawValue))
                    }
                }
                weekly.start = reader.string(sf, "start")
                weekly.end = reader.string(sf, "end")
                w.weekly = weekly
            }
            out.append(w)
        }
        return out
    }
}
