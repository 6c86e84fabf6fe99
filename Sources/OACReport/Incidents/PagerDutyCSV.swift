import Foundation
import OACDiagnostics
import OACModel

/// Reads a PagerDuty incidents CSV export. The columns are matched by name, case and spacing ignored, so both
/// the Incidents page export (`Incident Number`, `Created On`, `Resolved On`, `Urgency`, `Service Name`) and
/// the Analytics raw-incident export (`incident_number`, `created_at`, `seconds_to_first_ack`,
/// `seconds_to_resolve`, `priority_name`) map. A bad row is a diagnostic at its file:line:column, never a crash.
/// Rows are read one at a time over the file's bytes (`CSVReader`); only the fields an incident keeps become
/// strings.
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

    /// The header's column of each field, nil when the export has none.
    struct Columns {
        var id, title, service, created, acknowledged, resolved, secondsToAck, secondsToResolve, priority, urgency: Int?

        init(_ header: [String]) {
            let names = header.map(PagerDutyCSV.normalise)
            func column(_ field: String) -> Int? {
                for candidate in PagerDutyCSV.columns[field]! { if let i = names.firstIndex(of: candidate) { return i } }
                return nil
            }
            id = column("id")
            title = column("title")
            service = column("service")
            created = column("created")
            acknowledged = column("acknowledged")
            resolved = column("resolved")
            secondsToAck = column("secondsToAck")
            secondsToResolve = column("secondsToResolve")
            priority = column("priority")
            urgency = column("urgency")
        }
    }

    /// PagerDuty service names are joined with catalog services by service name or job, exact.
    public static func parse(_ text: String, path: String, model: Model) -> Result {
        var diagnostics = Diagnostics()
        var columns: Columns?
        var headerSeen = false
        var refused = false
        // A PagerDuty service name → the catalog service it names (first by the model's order), nil when none.
        var serviceOf: [String: String?] = [:]
        var incidents: [ReportIncident] = []
        CSVReader.forEachRow(text) { row in
            guard !refused else { return }
            guard headerSeen else {
                headerSeen = true
                let c = Columns(row.fields.map { row.text($0) })
                guard c.created != nil else {
                    diagnostics.error(
                        "no creation time column (one of \(PagerDutyCSV.columns["created"]!.joined(separator: ", ")))",
                        rule: ReportCheck.incidentCSV, at: SourceLocation(file: path, line: row.line, column: 1),
                        hint: "export incidents from PagerDuty as CSV; the first row must name the columns")
                    refused = true
                    return
                }
                columns = c
                return
            }
            guard let columns else { return }
            if let incident = incident(row, columns, path: path, model: model, serviceOf: &serviceOf, diagnostics: &diagnostics) {
                incidents.append(incident)
            }
        }
        if !headerSeen {
            diagnostics.error(
                "the incidents CSV is empty", rule: ReportCheck.incidentCSV,
                at: SourceLocation(file: path, line: 1, column: 1), hint: "export incidents from PagerDuty as CSV")
        }
        return Result(incidents: incidents, diagnostics: diagnostics)
    }

    /// One data row: an incident, or nil (a blank row, or a bad one with its diagnostics).
    static func incident(
        _ row: CSVReader.Row, _ columns: Columns, path: String, model: Model, serviceOf: inout [String: String?],
        diagnostics: inout Diagnostics
    ) -> ReportIncident? {
        if row.fields.allSatisfy({ row.isBlank($0) }) { return nil }
        func field(_ i: Int?) -> CSVReader.Field? {
            guard let i, i < row.fields.count else { return nil }
            let f = row.fields[i]
            return row.isBlank(f) ? nil : f
        }
        func location(_ f: CSVReader.Field?) -> SourceLocation {
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
            guard let d = parseDate(row.bytes, CSVReader.trim(row.bytes, f.range)) else {
                diagnostics.error(
                    "\(what) time `\(row.text(f))` is not a date and time", rule: ReportCheck.incidentCSV,
                    at: location(f), hint: "use ISO 8601, e.g. 2026-08-14T14:00:00Z")
                rowOK = false
                return nil
            }
            return d
        }
        func seconds(_ i: Int?, _ what: String) -> Double? {
            guard let f = field(i) else { return nil }
            guard let s = row.trimmed(f).flatMap(Double.init), s.isFinite, s >= 0, s <= PagerDutyCSV.maxSeconds else {
                diagnostics.error(
                    "\(what) `\(row.text(f))` is not a number of seconds (0 to \(Int(PagerDutyCSV.maxSeconds)), ten years)",
                    rule: ReportCheck.incidentCSV, at: location(f))
                rowOK = false
                return nil
            }
            return s
        }
        let createdAt = date(columns.created, "creation", required: true)
        var acknowledged = date(columns.acknowledged, "acknowledgement", required: false)
        var resolved = date(columns.resolved, "resolution", required: false)
        let toAck = seconds(columns.secondsToAck, "seconds to first ack")
        let toResolve = seconds(columns.secondsToResolve, "seconds to resolve")
        guard rowOK, let start = createdAt else { return nil }
        if acknowledged == nil, let toAck { acknowledged = start.addingTimeInterval(toAck) }
        if resolved == nil, let toResolve { resolved = start.addingTimeInterval(toResolve) }
        if let r = resolved, r < start {
            diagnostics.error("resolved before it was created", rule: ReportCheck.incidentCSV, at: location(field(columns.resolved)))
            return nil
        }
        let severity = severityOf(priority: field(columns.priority).flatMap(row.trimmed), urgency: field(columns.urgency).flatMap(row.trimmed))
        var services: [String] = []
        if let s = field(columns.service), let name = row.trimmed(s) {
            let match: String?
            if let known = serviceOf[name] {
                match = known
            } else {
                match = model.services.first(where: { $0.name == name || $0.job == name })?.name
                serviceOf[name] = .some(match)
            }
            if let match {
                services = [match]
            } else {
                diagnostics.warning(
                    "PagerDuty service `\(name)` is not a catalog service; the incident counts but joins no SLO",
                    rule: ReportCheck.unknownService, at: location(s),
                    hint: "name PagerDuty services like the catalog's services or jobs")
            }
        }
        let rawID = field(columns.id).flatMap(row.trimmed) ?? "row-\(row.line)"
        let id = rawID.allSatisfy(\.isNumber) ? "PD-\(rawID)" : rawID
        let title = field(columns.title).flatMap(row.trimmed) ?? "(untitled PagerDuty incident)"
        let incident = Incident(
            id: id, title: title, services: services, severity: severity, started: start,
            detected: start, acknowledged: acknowledged, mitigated: nil, resolved: resolved,
            postmortem: Postmortem(status: .none, url: nil), actionItems: [])
        return ReportIncident(incident, source: .pagerduty, startKnown: false)
    }

    static func normalise(_ s: String) -> String {
        s.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
    }

    /// PagerDuty priorities P1…P5 map to SEV1…SEV4 (P5 → SEV4); without a priority, urgency `high` → SEV2
    /// and anything else → SEV3. Both arrive trimmed.
    static func severityOf(priority: String?, urgency: String?) -> IncidentSeverity {
        if let p = priority?.uppercased() {
            let digits = p.filter(\.isNumber)
            if let n = Int(digits), p.hasPrefix("P") || p.hasPrefix("SEV") {
                return [.sev1, .sev2, .sev3, .sev4][min(max(n, 1), 4) - 1]
            }
        }
        return urgency?.lowercased() == "high" ? .sev2 : .sev3
    }

    /// ISO 8601 with `Z` or an offset, with or without fractional seconds, `T` or a space; `… UTC` suffix.
    static func parseDate(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        return parseDate(bytes, CSVReader.trim(bytes, 0..<bytes.count))
    }

    /// `parseDate` of the (trimmed) bytes `range`: a `… UTC` suffix becomes `Z`, a space after the date `T`, and
    /// a time without zone is UTC; then strict RFC 3339 (`Timestamp.parse`). Only ASCII can be a date.
    static func parseDate(_ bytes: [UInt8], _ range: Range<Int>) -> Date? {
        // 32 space, 84 `T`, 90 `Z`; " UTC" is 32 85 84 67.
        guard range.count <= 64, bytes[range].allSatisfy({ $0 < 0x80 }) else { return nil }
        var t = Array(bytes[range])
        if t.count >= 4, t[(t.count - 4)...].elementsEqual([32, 85, 84, 67]) { t.replaceSubrange((t.count - 4)..., with: [90]) }
        if t.count >= 19, t[10] == 32 { t[10] = 84 }
        if t.count == 19 { t.append(90) }
        return Timestamp.parse(String(decoding: t, as: UTF8.self))
    }
}
