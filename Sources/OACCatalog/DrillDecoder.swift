import Foundation
import OACDiagnostics
import OACModel

/// `kind: Drill` (table in Schema+Drill.swift). References (services, SLOs, owners) and the window against the
/// date are checked by the compiler (`ModelBuilder.buildDrills`).
extension DocumentDecoder {
    func drill(_ node: YAMLNode, name: Located<String>, location: SourceLocation) -> DrillSpec? {
        guard let f = reader.fields(node, path: "spec", table: Schema.drill) else { return nil }
        var d = DrillSpec(name: name, location: location)
        d.title = reader.string(f, "title")
        if let date = reader.string(f, "date") {
            if Self.parseDay(date.value) == nil {
                reader.diagnostics.error(
                    "`spec.date` must be a date YYYY-MM-DD, found `\(date.value)`", rule: CheckID.invalidTimestamp,
                    at: date.location, hint: "write it like 2026-08-12")
            } else {
                d.date = date
            }
        }
        d.start = timestamp(f, "start")
        d.duration = reader.duration(f, "duration")
        d.services = reader.stringList(f, "services") ?? []
        if d.services.isEmpty, let entry = f.entries["services"], case .sequence = entry.value {
            reader.diagnostics.error(
                "`spec.services` must name at least one service", rule: CheckID.missingField, at: reader.location(entry.value))
        }
        d.slos = reader.stringList(f, "slos")
        d.hypothesis = reader.string(f, "hypothesis")
        d.fault = reader.string(f, "fault")
        d.tool = reader.string(f, "tool")?.value
        if let spend = reader.decimal(f, "maxBudgetSpend") {
            if spend.value > 0, spend.value <= 100 {
                d.maxBudgetSpend = spend
            } else {
                reader.diagnostics.error(
                    "`spec.maxBudgetSpend` must be above 0 and at most 100 (percent of the quarter's error budget), found \(spend.value.plain())",
                    rule: CheckID.invalidValue, at: spend.location)
            }
        }
        if let outcome = reader.string(f, "outcome") {
            if DrillOutcome(rawValue: outcome.value) == nil {
                invalidChoice(outcome, path: "spec.outcome", choices: DrillOutcome.allCases.map(\.rawValue))
            } else {
                d.outcome = outcome
            }
        }
        d.findings = (reader.stringList(f, "findings") ?? []).map(\.value)
        d.actionItems = actionItems(f, path: "spec", table: Schema.drillActionItem)
        return d
    }
}
