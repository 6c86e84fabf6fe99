import Foundation
import OACDiagnostics
import OACModel
import Yams

/// Imports Sloth specs: `version: prometheus/v1` files, the Kubernetes `sloth.slok.dev/v1
/// PrometheusServiceLevel` form (camelCase keys, the same content under `spec`), and the `openslo/v1alpha`
/// SLOs Sloth also reads.
public struct SlothImporter {
    /// Labels oac sets on every alert itself; a spec's value for them cannot be kept.
    static let reservedLabels: Set<String> = [
        "service", "slo", "team", "tier", "severity", "alertname", "sloth_id",
        "sloth_service", "sloth_slo", "sloth_window", "sloth_severity"
    ]
    /// Annotations oac writes itself.
    static let reservedAnnotations: Set<String> = ["summary", "description", "title", "dashboard"]

    public var catalog = ImportedCatalog()
    public var diagnostics = Diagnostics()

    public init() {}

    /// Imports every document of one file.
    public mutating func importFile(path: String, contents: String) {
        catalog.sources.append(path)
        let input = YAMLInput(file: path)
        for doc in YAMLInput.documents(contents, file: path, diagnostics: &diagnostics) {
            if input.string(doc, "version") != nil {
                importPrometheusV1(doc, input: input)
                continue
            }
            let api = input.string(doc, "apiVersion") ?? ""
            let kind = input.string(doc, "kind") ?? ""
            switch (api, kind) {
            case ("sloth.slok.dev/v1", "PrometheusServiceLevel"):
                importPrometheusV1(input.value(doc, "spec"), input: input, kubernetes: true)
            case ("openslo/v1alpha", "SLO"):
                var openslo = OpenSLOImporter()
                openslo.importV1alpha(doc, input: input)
                merge(openslo)
            case ("sloth.slok.dev/v1", "AlertWindows"):
                diagnostics.warning(
                    "Sloth `AlertWindows` are not imported: oac's burn-rate windows are the platform's `spec.alerting.burnRateWindows`",
                    rule: ImportCheck.notKept, at: input.location(doc),
                    hint: "copy the windows into the Platform as {severity, short, long, budgetPercent} rows")
            default:
                diagnostics.error(
                    "not a Sloth spec: expected `version: prometheus/v1`, `apiVersion: sloth.slok.dev/v1` with `kind: PrometheusServiceLevel`, or `apiVersion: openslo/v1alpha`",
                    rule: ImportCheck.invalid, at: input.location(doc))
            }
        }
    }

    mutating func merge(_ other: OpenSLOImporter) {
        diagnostics.append(contentsOf: other.diagnostics)
        catalog.teams.formUnion(other.catalog.teams)
        for s in other.catalog.services {
            let i = catalog.serviceIndex(s.name)
            catalog.services[i].description = catalog.services[i].description ?? s.description
            catalog.services[i].owner = catalog.services[i].owner ?? s.owner
            for slo in s.slos { catalog.add(slo, to: s.name, at: nil, diagnostics: &diagnostics) }
        }
    }

    // MARK: - prometheus/v1

    mutating func importPrometheusV1(_ spec: Node?, input: YAMLInput, kubernetes: Bool = false) {
        guard let spec else {
            diagnostics.error("missing `spec`", rule: ImportCheck.invalid, at: nil)
            return
        }
        if !kubernetes, let v = input.string(spec, "version"), v != "prometheus/v1" {
            diagnostics.error(
                "unsupported Sloth spec version `\(v)`; oac imports prometheus/v1", rule: ImportCheck.invalid,
                at: input.location(input.value(spec, "version")))
            return
        }
        input.reportUnknown(
            spec, known: ["version", "service", "labels", "slos", "slo_plugins", "sloPlugins"],
            path: kubernetes ? "spec" : "", diagnostics: &diagnostics)
        guard let serviceText = input.string(spec, "service") else {
            diagnostics.error("missing required field `service`", rule: ImportCheck.invalid, at: input.location(spec))
            return
        }
        let serviceLocation = input.location(input.value(spec, "service"))
        guard let service = NameFitter.name(serviceText, what: "service", at: serviceLocation, diagnostics: &diagnostics)
        else { return }
        let index = catalog.serviceIndex(service)
        var common = input.stringMap(input.value(spec, "labels"), what: "label", diagnostics: &diagnostics)
        // `owner` (or `team`) names the owning team; everything else becomes an alert label.
        if let owner = common.first(where: { $0.key == "owner" }) ?? common.first(where: { $0.key == "team" }) {
            if let team = NameFitter.name(owner.value, what: "owner", at: owner.at, diagnostics: &diagnostics) {
                if let previous = catalog.services[index].owner, previous != team {
                    diagnostics.warning(
                        "service `\(service)` is owned by `\(previous)` in an earlier spec; `\(team)` is not kept",
                        rule: ImportCheck.notKept, at: owner.at)
                } else {
                    catalog.services[index].owner = team
                    catalog.teams.insert(team)
                }
            }
            common.removeAll { $0.key == owner.key }
        }
        if let plugins = input.value(spec, "slo_plugins", "sloPlugins") {
            pluginsNotKept(plugins, input: input)
        }
        let slos = input.sequence(input.value(spec, "slos"))
        if slos.isEmpty {
            diagnostics.error("`slos` must list at least one SLO", rule: ImportCheck.invalid, at: input.location(spec))
        }
        for node in slos {
            if let slo = importSLO(node, input: input, common: common, service: index) {
                catalog.add(slo, to: service, at: input.location(node), diagnostics: &diagnostics)
            }
        }
    }

    mutating func pluginsNotKept(_ node: Node, input: YAMLInput) {
        let ids = input.sequence(input.value(node, "chain")).compactMap { input.string($0, "id") }
        diagnostics.warning(
            "Sloth SLO plugins (\(ids.isEmpty ? "none listed" : ids.joined(separator: ", "))) are not imported: oac has no plugin chain",
            rule: ImportCheck.notKept, at: input.location(node),
            hint: "the SLO is imported with oac's own rules; check the plugin's effect is not needed")
    }

    mutating func importSLO(
        _ node: Node, input: YAMLInput, common: [(key: String, value: String, at: SourceLocation)],
        service: Int
    ) -> ImportedSLO? {
        let at = input.location(node)
        input.reportUnknown(
            node, known: ["name", "objective", "description", "labels", "sli", "alerting", "plugins"],
            path: "slos[]", diagnostics: &diagnostics)
        guard let rawName = input.string(node, "name") else {
            diagnostics.error("an SLO without `name`", rule: ImportCheck.invalid, at: at)
            return nil
        }
        guard
            let name = NameFitter.name(
                rawName, what: "SLO", at: input.location(input.value(node, "name")),
                diagnostics: &diagnostics)
        else { return nil }
        guard let objective = input.decimal(input.value(node, "objective")) else {
            diagnostics.error("SLO `\(name)` needs a numeric `objective`", rule: ImportCheck.invalid, at: at)
            return nil
        }
        guard objective > 0, objective < 100 else {
            diagnostics.warning(
                "SLO `\(name)`: objective \(objective) is outside (0, 100); not imported",
                rule: ImportCheck.rejected, at: input.location(input.value(node, "objective")))
            return nil
        }
        if let plugins = input.value(node, "plugins") { pluginsNotKept(plugins, input: input) }
        let sliNode = input.value(node, "sli")
        let sliAt = input.location(sliNode)
        let mapping = SLIMapping(slo: name, location: sliAt)
        let sli: ImportedSLI?
        if let events = input.value(sliNode, "events") {
            guard let error = input.string(events, "errorQuery", "error_query"),
                let total = input.string(events, "totalQuery", "total_query")
            else {
                diagnostics.error(
                    "SLO `\(name)`: `sli.events` needs an error query and a total query",
                    rule: ImportCheck.invalid, at: input.location(events))
                return nil
            }
            sli = SLIMapping(slo: name, location: input.location(input.value(events, "errorQuery", "error_query")))
                .events(counting: .bad, counted: error, total: total, counter: .rates, diagnostics: &diagnostics)
        } else if let raw = input.value(sliNode, "raw") {
            guard let q = input.string(raw, "errorRatioQuery", "error_ratio_query") else {
                diagnostics.error(
                    "SLO `\(name)`: `sli.raw` needs an error ratio query", rule: ImportCheck.invalid,
                    at: input.location(raw))
                return nil
            }
            sli = mapping.rawErrorRatio(q, diagnostics: &diagnostics)
        } else if let plugin = input.value(sliNode, "plugin") {
            diagnostics.warning(
                "SLO `\(name)`: the SLI plugin `\(input.string(plugin, "id") ?? "?")` is Go code run by Sloth; oac cannot import it",
                rule: ImportCheck.rejected, at: input.location(plugin),
                hint: "write the plugin's queries as `events: {badQuery, totalQuery}` in the catalog")
            return nil
        } else {
            diagnostics.error(
                "SLO `\(name)` needs `sli.events`, `sli.raw` or `sli.plugin`", rule: ImportCheck.invalid,
                at: sliNode == nil ? at : sliAt)
            return nil
        }
        guard let sli else { return nil }
        var slo = ImportedSLO(
            name: name, description: input.string(node, "description"), objective: objective,
            window: .rolling(.days(30)), sli: sli)
        // Labels: the spec's common labels, the SLO's, the alerting's, in that order (later wins).
        var labels: [String: (String, SourceLocation)] = [:]
        let own = input.stringMap(input.value(node, "labels"), what: "label", diagnostics: &diagnostics)
        let alerting = input.value(node, "alerting")
        let alertLabels = input.stringMap(input.value(alerting, "labels"), what: "label", diagnostics: &diagnostics)
        for l in common + own + alertLabels {
            if Self.reservedLabels.contains(l.key) || l.key == "owner" {
                diagnostics.warning(
                    "label `\(l.key): \(l.value)` is not kept: oac sets `\(l.key)` itself",
                    rule: ImportCheck.notKept, at: l.at,
                    hint: l.key == "tier" ? "oac's tier is the service's retention tier (--tier)" : nil)
                continue
            }
            labels[l.key] = (l.value, l.at)
        }
        slo.labels = labels.map { KeyValue($0.key, $0.value.0) }.sorted { $0.key < $1.key }
        importAlerting(alerting, input: input, into: &slo, service: service)
        return slo
    }

    mutating func importAlerting(_ alerting: Node?, input: YAMLInput, into slo: inout ImportedSLO, service: Int) {
        guard let alerting else { return }
        input.reportUnknown(
            alerting,
            known: [
                "name", "labels", "annotations", "page_alert", "pageAlert", "ticket_alert",
                "ticketAlert"
            ],
            path: "slos[].alerting", diagnostics: &diagnostics)
        if let name = input.string(alerting, "name") {
            diagnostics.warning(
                "alert name `\(name)` is not kept: oac's burn-rate alerts are `\(Conventions.burnRateAlert)`, told apart by their `service` and `slo` labels",
                rule: ImportCheck.notKept, at: input.location(input.value(alerting, "name")),
                hint: "match alertname=\"\(Conventions.burnRateAlert)\", slo=\"\(slo.name)\" where `\(name)` was used")
        }
        var annotations: [KeyValue] = []
        for a in input.stringMap(input.value(alerting, "annotations"), what: "annotation", diagnostics: &diagnostics) {
            if ["runbook", "runbook_url"].contains(a.key), let url = URL(string: a.value), url.host != nil,
                ["http", "https"].contains(url.scheme?.lowercased() ?? "")
            {
                if let existing = catalog.services[service].runbook, existing != a.value {
                    diagnostics.warning(
                        "runbook `\(a.value)` differs from the service's runbook `\(existing)`; kept as annotation `runbook`",
                        rule: ImportCheck.notKept, at: a.at)
                    annotations.append(KeyValue("runbook", a.value))
                } else {
                    catalog.services[service].runbook = a.value
                }
                continue
            }
            if Self.reservedAnnotations.contains(a.key) || a.key == "runbook_url" {
                diagnostics.warning("annotation `\(a.key)` is not kept: oac writes its own", rule: ImportCheck.notKept, at: a.at)
                continue
            }
            annotations.append(KeyValue(a.key, a.value))
        }
        slo.annotations = annotations.sorted { $0.key < $1.key }
        for (keys, severity) in [(["page_alert", "pageAlert"], AlertSeverity.page), (["ticket_alert", "ticketAlert"], .ticket)] {
            guard let node = input.value(alerting, keys[0], keys[1]) else { continue }
            if input.bool(node, "disable") == true {
                if severity == .page { slo.page = false } else { slo.ticket = false }
            }
            for l in input.stringMap(input.value(node, "labels"), what: "label", diagnostics: &diagnostics) {
                let hint =
                    l.key == "severity"
                    ? "oac sets severity=\(severity.rawValue); route on that in Alertmanager"
                    : "oac's alert labels apply to page and ticket alerts alike; add it under `alerting.labels` if both may carry it"
                diagnostics.warning(
                    "\(severity.rawValue) alert label `\(l.key): \(l.value)` is not kept", rule: ImportCheck.notKept,
                    at: l.at, hint: hint)
            }
            for a in input.stringMap(input.value(node, "annotations"), what: "annotation", diagnostics: &diagnostics) {
                diagnostics.warning(
                    "\(severity.rawValue) alert annotation `\(a.key)` is not kept", rule: ImportCheck.notKept,
                    at: a.at, hint: "oac's alert annotations apply to page and ticket alerts alike")
            }
        }
    }
}
