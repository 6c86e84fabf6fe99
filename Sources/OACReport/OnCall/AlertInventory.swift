import Foundation
import OACModel
import OACRender

/// oac's alerting rules as the compiler writes them (each service's SLO groups and the self-monitoring group),
/// reduced to what the on-call report needs: the alert names to read from `ALERTS`, and which rules carry a
/// runbook.
public struct AlertInventory: Sendable, Hashable {
    public struct Rule: Sendable, Hashable {
        public var alert: String
        public var severity: String
        /// nil for the platform's self-monitoring rules.
        public var service: String?
        /// The rule's `runbook_url` when it is a runbook: not empty and not the service dashboard the SLO alerts
        /// fall back to when the service declares no `runbook`.
        public var runbook: String?
    }

    public var rules: [Rule]

    public init(rules: [Rule]) { self.rules = rules }

    public init(_ model: Model) {
        var rules: [Rule] = []
        func add(_ groups: [RuleGroup], service: Service?) {
            let dashboard = service.flatMap { Conventions.serviceDashboardURL(grafana: model.platform.grafana.url, service: $0.name) }
            for group in groups {
                for case .alert(let a) in group.rules {
                    let url = a.annotations.first { $0.0 == "runbook_url" }?.1 ?? ""
                    rules.append(
                        Rule(
                            alert: a.alert, severity: a.labels.first { $0.0 == Conventions.severityLabel }?.1 ?? "",
                            service: service?.name, runbook: url.isEmpty || url == dashboard ? nil : url))
                }
            }
        }
        for s in model.services where !s.slos.isEmpty { add(SLORules(model: model, service: s).sloGroups(), service: s) }
        add([SelfMonitoringRules.group(model)], service: nil)
        self.rules = rules
    }

    /// The distinct alert names, sorted: what the `ALERTS` query selects.
    public var alertNames: [String] { Array(Set(rules.map(\.alert))).sorted() }

    public var withRunbook: Int { rules.filter { $0.runbook != nil }.count }

    /// Services with at least one alert rule without a runbook, sorted.
    public var servicesWithoutRunbook: [String] {
        Array(Set(rules.filter { $0.runbook == nil }.compactMap(\.service))).sorted()
    }
}
