import Foundation
import OACModel

/// oac's alerting rules as the compiler writes them (each service's SLO groups and the self-monitoring group),
/// reduced to what the report's on-call health counts: each rule's name, severity, service and runbook.
public enum AlertRuleInventory {
    public struct Entry: Sendable, Hashable {
        public var alert: String
        public var severity: String
        /// nil for the platform's self-monitoring rules.
        public var service: String?
        /// The rule's `runbook_url` when it is a runbook: not empty and not the service dashboard the SLO alerts
        /// fall back to when the service declares no `runbook`.
        public var runbook: String?
    }

    public static func entries(_ model: Model) -> [Entry] {
        var out: [Entry] = []
        func add(_ groups: [RuleGroup], service: Service?) {
            let dashboard = service.flatMap { Conventions.serviceDashboardURL(grafana: model.platform.grafana.url, service: $0.name) }
            for group in groups {
                for case .alert(let a) in group.rules {
                    let url = a.annotations.first { $0.0 == "runbook_url" }?.1 ?? ""
                    out.append(
                        Entry(
                            alert: a.alert, severity: a.labels.first { $0.0 == Conventions.severityLabel }?.1 ?? "",
                            service: service?.name, runbook: url.isEmpty || url == dashboard ? nil : url))
                }
            }
        }
        for s in model.services where !s.slos.isEmpty { add(SLORules(model: model, service: s).sloGroups(), service: s) }
        add([SelfMonitoringRules.group(model)], service: nil)
        return out
    }
}
