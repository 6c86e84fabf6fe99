import Foundation
import OACDiagnostics
import OACModel
import OACOutput
import OACPromQL
import OACRender
import OACSupport

/// Writes a compiled catalog as OpenSLO v1 documents, so SLOs stay portable: per service a `Service`, and
/// per SLO an `SLO` with its indicator inline (a ratio metric, or a threshold metric for threshold SLIs) and
/// one inline `AlertPolicy` per severity holding a burn-rate `AlertCondition` per burn-rate row.
/// `OpenSLOImporter` reads the result back into the same catalog.
public struct OpenSLOExporter {
    /// Annotation keeping the SLO's own name (OpenSLO names are global, so documents are `<service>-<slo>`).
    public static let sloNameAnnotation = "oac.dev/slo"
    /// Calendar periods are written with this start: a Monday, the 1st of a month and of a quarter, UTC.
    static let calendarStart = "2024-01-01 00:00:00"
    static let ops: [ComparisonOp: String] = [.lessThan: "lt", .lessOrEqual: "lte", .greaterThan: "gt", .greaterOrEqual: "gte"]

    public let model: Model
    public private(set) var diagnostics = Diagnostics()

    public init(model: Model) { self.model = model }

    /// One file per service: `<service>.yaml`.
    public mutating func files() -> [OutputFile] {
        model.services.map { OutputFile(path: "\($0.name).yaml", contents: header + documents($0).joined(separator: "---\n")) }
    }

    /// Every document in one stream.
    public mutating func text() -> String {
        header + model.services.flatMap { documents($0) }.joined(separator: "---\n")
    }

    var header: String { "# Exported by oac from platform \(model.platform.name.replacingOccurrences(of: "\n", with: " ")) as OpenSLO v1.\n" }

    mutating func documents(_ s: Service) -> [String] {
        [service(s)] + s.slos.compactMap { slo(s, $0) }
    }

    func service(_ s: Service) -> String {
        var y = YAMLBuilder(header: nil)
        y.line(0, "apiVersion: \(OpenSLOImporter.apiVersion)")
        y.line(0, "kind: Service")
        y.line(0, "metadata:")
        y.line(2, "name: \(YAMLText.string(s.name))")
        y.line(2, "labels:")
        y.line(4, "owner: \(YAMLText.string(s.owner))")
        y.line(4, "tier: \(YAMLText.string(s.tier))")
        if let r = s.runbook {
            y.line(2, "annotations:")
            y.line(4, "runbook_url: \(YAMLText.string(r))")
        }
        if let d = s.description {
            y.line(0, "spec:")
            y.line(2, "description: \(YAMLText.string(d))")
        } else {
            y.line(0, "spec: {}")
        }
        return y.text
    }

    mutating func slo(_ s: Service, _ slo: SLO) -> String? {
        var y = YAMLBuilder(header: nil)
        let name = NameFitter.fit("\(s.name)-\(slo.name)") ?? slo.name
        y.line(0, "apiVersion: \(OpenSLOImporter.apiVersion)")
        y.line(0, "kind: SLO")
        y.line(0, "metadata:")
        y.line(2, "name: \(YAMLText.string(name))")
        if !slo.alerting.labels.isEmpty {
            y.line(2, "labels:")
            for kv in slo.alerting.labels { y.line(4, "\(YAMLText.string(kv.key)): \(YAMLText.string(kv.value))") }
        }
        y.line(2, "annotations:")
        y.line(4, "\(Self.sloNameAnnotation): \(YAMLText.string(slo.name))")
        for kv in slo.alerting.annotations { y.line(4, "\(YAMLText.string(kv.key)): \(YAMLText.string(kv.value))") }
        y.line(0, "spec:")
        if let d = slo.description { y.line(2, "description: \(YAMLText.string(d))") }
        y.line(2, "service: \(YAMLText.string(s.name))")
        y.line(2, "indicator:")
        y.line(4, "metadata:")
        y.line(6, "name: \(YAMLText.string(name))")
        y.line(4, "spec:")
        let target = ExactDecimal(slo.objective.value / 100)
        var objective: [String] = ["target: \(target)"]
        switch slo.sli {
        case .events(let e):
            ratio(&y, counter: true, counting: e.counting, counted: e.selector.description, total: e.total.description)
        case .eventQueries(let q):
            ratio(&y, counter: false, counting: q.counting, counted: Self.template(q.query), total: Self.template(q.total))
        case .latency(let l):
            let bucket = l.histogram.with(metric: l.histogram.metric + "_bucket", adding: [.init("le", .equal, l.threshold.description)])
            ratio(
                &y, counter: true, counting: .good, counted: bucket.description,
                total: l.histogram.with(metric: l.histogram.metric + "_count").description)
        case .threshold(let t):
            guard let op = Self.ops[t.op] else {
                diagnostics.warning(
                    "SLO `\(slo.name)` of `\(s.name)` is not exported: OpenSLO objectives compare with lt, lte, gt or gte, not `\(t.op.rawValue)`",
                    rule: ImportCheck.rejected, at: nil)
                return nil
            }
            y.line(6, "thresholdMetric:")
            source(&y, 8, t.query)
            // Each rule evaluation is one slice, good when the query meets the threshold.
            objective = [
                "op: \(op)", "value: \(t.value)", "target: \(target)", "timeSliceTarget: 1",
                "timeSliceWindow: \(Self.shorthand(model.platform.prometheus.evaluationInterval))"
            ]
        }
        y.line(2, "timeWindow:")
        if let period = slo.calendar {
            let duration =
                switch period {
                case .week: "1w"
                case .month: "1M"
                case .quarter: "1Q"
                }
            y.line(4, "- duration: \(duration)")
            y.line(6, "isRolling: false")
            y.line(6, "calendar:")
            y.line(8, "startTime: \(YAMLText.string(Self.calendarStart))")
            y.line(8, "timeZone: UTC")
        } else {
            y.line(4, "- duration: \(Self.shorthand(slo.window))")
            y.line(6, "isRolling: true")
        }
        if case .threshold = slo.sli { y.line(2, "budgetingMethod: Timeslices") } else { y.line(2, "budgetingMethod: Occurrences") }
        y.line(2, "objectives:")
        for (i, line) in objective.enumerated() { y.line(i == 0 ? 4 : 6, (i == 0 ? "- " : "") + line) }
        alertPolicies(&y, s, slo, name: name)
        return y.text
    }

    func ratio(_ y: inout YAMLBuilder, counter: Bool, counting: EventsSLI.Counting, counted: String, total: String) {
        y.line(6, "ratioMetric:")
        y.line(8, "counter: \(counter)")
        y.line(8, "\(counting.rawValue):")
        source(&y, 10, counted)
        y.line(8, "total:")
        source(&y, 10, total)
    }

    func source(_ y: inout YAMLBuilder, _ indent: Int, _ query: String) {
        y.line(indent, "metricSource:")
        y.line(indent + 2, "type: Prometheus")
        y.line(indent + 2, "spec:")
        y.line(indent + 4, "query: \(YAMLText.string(query))")
    }

    /// The burn-rate rows as inline policies; an SLO without alerts says so with an empty list.
    func alertPolicies(_ y: inout YAMLBuilder, _ s: Service, _ slo: SLO, name: String) {
        let bySeverity = Dictionary(grouping: slo.burnRates, by: \.severity)
        if bySeverity.isEmpty {
            y.line(2, "alertPolicies: []")
            return
        }
        y.line(2, "alertPolicies:")
        for severity in AlertSeverity.allCases.sorted() {
            guard let rows = bySeverity[severity] else { continue }
            y.line(4, "- kind: AlertPolicy")
            y.line(6, "metadata:")
            y.line(8, "name: \(YAMLText.string(NameFitter.fit("\(name)-\(severity.rawValue)") ?? name))")
            y.line(6, "spec:")
            y.line(8, "description: \(YAMLText.string("\(severity.rawValue) alerts of \(s.name) \(slo.name), routed to team \(s.owner)"))")
            y.line(8, "alertWhenBreaching: true")
            y.line(8, "conditions:")
            for row in rows.sorted(by: { $0.long < $1.long }) {
                y.line(10, "- kind: AlertCondition")
                y.line(12, "metadata:")
                y.line(14, "name: \(YAMLText.string(NameFitter.fit("\(name)-\(severity.rawValue)-\(Self.shorthand(row.long))") ?? name))")
                y.line(12, "spec:")
                y.line(14, "description: \(YAMLText.string("burn rate above \(row.factor) over \(row.long), confirmed over \(row.short)"))")
                y.line(14, "severity: \(severity.rawValue)")
                y.line(14, "condition:")
                y.line(16, "kind: burnrate")
                y.line(16, "op: gt")
                y.line(16, "threshold: \(row.factor)")
                y.line(16, "lookbackWindow: \(Self.shorthand(row.long))")
                y.line(16, "alertAfter: \(Self.shorthand(Conventions.alertFor(short: row.short)))")
            }
        }
    }

    /// `$window` back to the `{{.window}}` OpenSLO tools (and Sloth) write.
    static func template(_ query: String) -> String {
        query.replacingOccurrences(of: EventQueriesSLI.windowPlaceholder, with: "{{.window}}")
    }

    /// OpenSLO's shorthand has one unit: the largest of d, h, m that divides the duration.
    static func shorthand(_ d: PromDuration) -> String {
        let ms = d.milliseconds
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000)] where ms % size == 0 {
            return "\(ms / size)\(unit)"
        }
        return "\(max(1, ms / 60_000))m"
    }
}
