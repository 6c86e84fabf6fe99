import Foundation
import OACDiagnostics
import OACModel

/// `kind: IncidentLog` (tables in Schema+Incidents.swift).
extension DocumentDecoder {
    // MARK: - Incidents

    func incidentLog(_ top: NodeReader.Fields) -> IncidentLogSpec {
        var log = IncidentLogSpec(location: top.location)
        for (i, n) in (reader.sequence(top, "incidents") ?? []).enumerated() {
            let path = "incidents[\(i)]"
            guard
                let f = reader.fields(
                    n, path: path,
                    table: Schema.incident)
            else { continue }
            var inc = IncidentSpec(location: f.location)
            inc.id = reader.string(f, "id")
            inc.title = reader.string(f, "title")
            inc.services = reader.stringList(f, "services") ?? []
            if inc.services.isEmpty, let entry = f.entries["services"], !reader.isNull(entry.value), case .sequence = entry.value {
                reader.diagnostics.error(
                    "`\(path).services` must name at least one service", rule: CheckID.missingField,
                    at: reader.location(entry.value))
            }
            inc.severity = reader.string(f, "severity")
            if let s = inc.severity, IncidentSpec.severity(s.value) == nil {
                reader.diagnostics.error(
                    "`\(path).severity` must be SEV1…SEV4 (or P1…P4), found `\(s.value)`",
                    rule: CheckID.invalidValue, at: s.location)
            }
            inc.started = timestamp(f, "started")
            inc.detected = timestamp(f, "detected")
            inc.acknowledged = timestamp(f, "acknowledged")
            inc.mitigated = timestamp(f, "mitigated")
            inc.resolved = timestamp(f, "resolved")
            inc.summary = reader.string(f, "summary")
            if let pn = reader.value(f, "postmortem"),
                let pf = reader.fields(pn, path: "\(path).postmortem", table: Schema.postmortem)
            {
                inc.postmortemStatus = reader.string(pf, "status")
                if let st = inc.postmortemStatus, Postmortem.Status(rawValue: st.value) == nil {
                    invalidChoice(st, path: "\(path).postmortem.status", choices: Postmortem.Status.allCases.map(\.rawValue))
                }
                inc.postmortemURL = reader.string(pf, "url")?.value
            }
            inc.actionItems = actionItems(f, path: path, table: Schema.actionItem)
            log.incidents.append(inc)
        }
        return log
    }

    /// `actionItems` of an incident or a drill: each a mapping of `table`, its `due` a date.
    func actionItems(_ f: NodeReader.Fields, path: String, table: SchemaTable) -> [ActionItemSpec] {
        var items: [ActionItemSpec] = []
        for (j, an) in (reader.sequence(f, "actionItems") ?? []).enumerated() {
            let apath = "\(path).actionItems[\(j)]"
            guard let af = reader.fields(an, path: apath, table: table) else { continue }
            var item = ActionItemSpec(
                location: af.location, title: reader.string(af, "title"),
                owner: reader.string(af, "owner"), due: reader.string(af, "due"),
                priority: reader.string(af, "priority")?.value, status: reader.string(af, "status"))
            if let due = item.due, Self.parseDay(due.value) == nil {
                reader.diagnostics.error(
                    "`\(apath).due` must be a date YYYY-MM-DD, found `\(due.value)`",
                    rule: CheckID.invalidTimestamp, at: due.location)
                item.due = nil
            }
            items.append(item)
        }
        return items
    }

    func timestamp(_ f: NodeReader.Fields, _ key: String) -> Located<Date>? {
        guard let s = reader.string(f, key) else { return nil }
        guard let d = Self.parseTimestamp(s.value) else {
            reader.diagnostics.error(
                "`\(f.path).\(key)` is not an RFC 3339 timestamp: `\(s.value)`",
                rule: CheckID.invalidTimestamp, at: s.location,
                hint: "write it like 2026-08-14T14:00:00Z")
            return nil
        }
        return Located(d, at: s.location)
    }

    /// Strict RFC 3339 (`RFC3339.parse`): a real calendar date and time, `T` or a space, `Z` or `±HH:MM`.
    static func parseTimestamp(_ s: String) -> Date? { RFC3339.parse(s) }

    static func parseDay(_ s: String) -> Date? { RFC3339.parseDay(s) }
}

extension IncidentSpec {
    public static func severity(_ s: String) -> IncidentSeverity? {
        switch s.uppercased() {
        case "SEV1", "P1": .sev1
        case "SEV2", "P2": .sev2
        case "SEV3", "P3": .sev3
        case "SEV4", "P4": .sev4
        default: nil
        }
    }
}
