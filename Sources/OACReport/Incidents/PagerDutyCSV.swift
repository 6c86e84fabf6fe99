import Foundation
import OACDiagnostics
import OACModel

/// Reads a PagerDuty incidents CSV export. The columns are matched by name, case and spacing ignored, so both
/// the Incidents page export (`Incident Number`, `Created On`, `Resolved On`, `Urgency`, `Service Name`) and
/// the Analytics raw-incident export (`incident_number`, `created_at`, `seconds_to_first_ack`,
/// `seconds_to_resolve`, `priority_name`) map. A bad row is a diagnostic at its file:line:column, never a crash.
public enum PagerDutyCSV {
    /// The longest time to acknowledge or resolve a row may give (ten years, in seconds): longer is no incident,
    /// and much longer overflows the date arithmetic.
    public static let maxSeconds = 315_576_000.0

    /// Column names each field accepts, after normalising (lowercase, spaces and dashes → `_`).
    static let columns: [String: [String]] = [
        "id": ["incident_number", "id", "incident_id"],
        "title": ["title", "description", "summary", "incident_title"],
        "service": ["service_name", "service"],
        "created": ["created_on", "created_at", "created", "triggered_at", "start_time"],
        "acknowledged": ["acknowledged_on", "acknowledged_at", "first_acknowledged_on", "first_ack_at"],
        "resolved": ["resolved_on", "resolved_at", "resolved", "end_time"],
        "secondsToAck": ["seconds_to_first_ack", "time_to_first_ack_seconds"],
        "secondsToResolve": ["seconds_to_resolve", "time_to_resolve_seconds"],
        "priority": ["priority_name", "priority"],
        "urgency": ["urgency"]
    ]

    public struct Result: Sendable {
        public var incidents: [ReportIncident]
        public var diagnostics: Diagnostics
    }

    /// `services` maps a PagerDuty service name to catalog services (by service name or job, exact).
    public static func parse(_ text: String, path: String, model: Model) -> Result {
        var diagnostics = Diagnostics()
        let rows = CSV.parse(text)
        guard let header = rows.first, !header.fields.isEmpty else {
            diagnostics.error(
                "the incidents CSV is empty", rule: ReportCheck.incidentCSV,
                at: SourceLocation(file: path, line: 1, column: 1), hint: "export incidents from PagerDuty as CSV")
            return Result(incidents: [], diagnostics: diagnostics)
        }
        let names = header.fields.map { normalise($0.text) }
        func column(_ field: String) -> Int? {
            for candidate in columns[field]! { if let i = names.firstIndex(of: candidate) { return i } }
            return nil
        }
        let idColumn = column("id")
        let created = column("created")
        guard let createdColumn = created else {
            diagnostics.error(
                "no creation time column (one of \(columns["created"]!.joined(separator: ", ")))",
                rule: ReportCheck.incidentCSV, at: SourceLocation(file: path, line: header.line, column: 1),
                hint: "export incidents from PagerDuty as CSV; the first row must name the columns")
            return Result(incidents: [], diagnostics: diagnostics)
        }
        let titleColumn = column("title")
        let serviceColumn = column("service")
        let ackColumn = column("acknowledged")
        let resolvedColumn = column("resolved")
        let ackSeconds = column("secondsToAck")
        let resolveSeconds = column("secondsToResolve")
        let priorityColumn = column("priority")
        let urgencyColumn = column("urgency")

        var incidents: [ReportIncident] = []
        for row in rows.dropFirst() {
            if row.fields.allSatisfy({ $0.text.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            func field(_ i: Int?) -> CSV.Field? {
                guard let i, i < row.fields.count else { return nil }
                let f = row.fields[i]
                return f.text.trimmingCharacters(in: .whitespaces).isEmpty ? nil : f
            }
            func location(_ f: CSV.Field?) -> SourceLocation {
                SourceLocation(file: path, line: f?.line ?? row.line, column: f?.column ?? 1)
            }
            var rowOK = true
            func date(_ i: Int?, _ what: String, required: Bool) -> Date? {
                guard let f = field(i) else {
                    if required {
                        diagnostics.error("row has no \(what) time", rule: ReportCheck.incidentCSV, at: location(nil))
                        rowOK = false
                    }
                    return nil
                }
                guard let d = parseDate(f.text) else {
                    diagnostics.error(
                        "\(what) time `\(f.text)` is not a date and time", rule: ReportCheck.incidentCSV,
                        at: location(f), hint: "use ISO 8601, e.g. 2026-08-14T14:00:00Z")
                    rowOK = false
                    return nil
                }
                return d
            }
            func seconds(_ i: Int?, _ what: String) -> Double? {
                guard let f = field(i) else { return nil }
                guard let s = Double(f.text.trimmingCharacters(in: .whitespaces)), s.isFinite, s >= 0,
                    s <= PagerDutyCSV.maxSeconds
                else {
                    diagnostics.error(
                        "\(what) `\(f.text)` is not a number of seconds (0 to \(Int(PagerDutyCSV.maxSeconds)), ten years)",
                        rule: ReportCheck.incidentCSV, at: location(f))
                    rowOK = false
                    return nil
                }
                return s
            }
            let createdAt = date(createdColumn, "creation", required: true)
            var acknowledged = date(ackColumn, "acknowledgement", required: false)
            var resolved = date(resolvedColumn, "resolution", required: false)
            let toAck = seconds(ackSeconds, "seconds to first ack")
            let toResolve = seconds(resolveSeconds, "seconds to resolve")
            guard rowOK, let start = createdAt else { continue }
            if acknowledged == nil, let toAck { acknowledged = start.addingTimeInterval(toAck) }
            if resolved == nil, let toResolve { resolved = start.addingTimeInterval(toResolve) }
            if let r = resolved, r < start {
                diagnostics.error("resolved before it was created", rule: ReportCheck.incidentCSV, at: location(field(resolvedColumn)))
                continue
            }
            let severity = severityOf(priority: field(priorityColumn)?.text, urgency: field(urgencyColumn)?.text)
            var services: [String] = []
            if let s = field(serviceColumn) {
                let name = s.text.trimmingCharacters(in: .whitespaces)
                if let match = model.services.first(where: { $0.name == name || $0.job == name }) {
                    services = [match.name]
                } else {
                    diagnostics.warning(
                        "PagerDuty service `\(name)` is not a catalog service; the incident counts but joins no SLO",
                        rule: ReportCheck.unknownService, at: location(s),
                        hint: "name PagerDuty services like the catalog's services or jobs")
                }
            }
            let rawID = field(idColumn)?.text.trimmingCharacters(in: .whitespaces) ?? "row-\(row.line)"
            let id = rawID.allSatisfy(\.isNumber) ? "PD-\(rawID)" : rawID
            let title = field(titleColumn)?.text.trimmingCharacters(in: .whitespaces) ?? "(untitled PagerDuty incident)"
            let incident = Incident(
                id: id, title: title, services: services, severity: severity, started: start,
                detected: start, acknowledged: acknowledged, mitigated: nil, resolved: resolved,
                postmortem: Postmortem(status: .none, url: nil), actionItems: [])
            incidents.append(ReportIncident(incident, source: .pagerduty, startKnown: false))
        }
        return Result(incidents: incidents, diagnostics: diagnostics)
    }

    static func normalise(_ s: String) -> String {
        s.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
    }

    /// PagerDuty priorities P1…P5 map to SEV1…SEV4 (P5 → SEV4); without a priority, urgency `high` → SEV2
    /// and anything else → SEV3.
    static func severityOf(priority: String?, urgency: String?) -> IncidentSeverity {
        if let p = priority?.trimmingCharacters(in: .whitespaces).uppercased() {
            let digits = p.filter(\.isNumber)
            if let n = Int(digits), p.hasPrefix("P") || p.hasPrefix("SEV") {
                return [.sev1, .sev2, .sev3, .sev4][min(max(n, 1), 4) - 1]
            }
        }
        return urgency?.lowercased().trimmingCharacters(in: .whitespaces) == "high" ? .sev2 : .sev3
    }

    /// ISO 8601 with `Z` or an offset, with or without fractional seconds, `T` or a space; `… UTC` suffix.
    static func parseDate(_ text: String) -> Date? {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix(" UTC") { t = String(t.dropLast(4)) + "Z" }
        if t.count >= 19, t[t.index(t.startIndex, offsetBy: 10)] == " " {
            t.replaceSubrange(t.index(t.startIndex, offsetBy: 10)...t.index(t.startIndex, offsetBy: 10), with: "T")
        }
        if t.count == 19 { t += "Z" }
        return Timestamp.parse(t)
    }
}

/// RFC 4180 CSV with the line and column where each field starts, for diagnostics.
enum CSV {
    struct Field: Sendable {
        var text: String
        var line: Int
        var column: Int
    }

    struct Row: Sendable {
        var line: Int
        var fields: [Field]
    }

    static func parse(_ text: String) -> [Row] {
        var rows: [Row] = []
        var fields: [Field] = []
        var current = ""
        var line = 1
        var column = 1
        var fieldLine = 1
        var fieldColumn = 1
        var rowLine = 1
        var inQuotes = false
        var afterQuote = false
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var i = 0
        func endField() {
            fields.append(Field(text: current, line: fieldLine, column: fieldColumn))
            current = ""
            afterQuote = false
        }
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" {
                        current.unicodeScalars.append("\"")
                        i += 2
                        column += 2
                        continue
                    }
                    inQuotes = false
                    afterQuote = true
                } else {
                    current.unicodeScalars.append(c)
                    if c == "\n" {
                        line += 1
                        column = 0
                    }
                }
                i += 1
                column += 1
                continue
            }
            switch c {
            case "\"" where current.isEmpty && !afterQuote:
                inQuotes = true
            case ",":
                endField()
                fieldLine = line
                fieldColumn = column + 1
            case "\r":
                break
            case "\n":
                endField()
                rows.append(Row(line: rowLine, fields: fields))
                fields = []
                line += 1
                column = 0
                rowLine = line
                fieldLine = line
                fieldColumn = 1
            default:
                current.unicodeScalars.append(c)
            }
            i += 1
            column += 1
        }
        if !current.isEmpty || !fields.isEmpty || afterQuote {
            endField()
            rows.append(Row(line: rowLine, fields: fields))
        }
        return rows
    }
}
