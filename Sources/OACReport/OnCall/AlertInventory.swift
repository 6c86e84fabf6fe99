import Foundation

/// oac's alerting rules as the on-call report needs them: the alert names to read from `ALERTS`, and which rules
/// carry a runbook. The CLI fills it from the compiled rules (`OACRender.AlertRuleInventory`); the report does
/// not render rules itself.
public struct AlertInventory: Sendable, Hashable {
    public struct Rule: Sendable, Hashable {
        public var alert: String
        public var severity: String
        /// nil for the platform's self-monitoring rules.
        public var service: String?
        /// The rule's runbook URL; nil when it has none (see `AlertRuleInventory`).
        public var runbook: String?

        public init(alert: String, severity: String, service: String?, runbook: String?) {
            self.alert = alert
            self.severity = severity
            self.service = service
            self.runbook = runbook
        }
    }

    public var rules: [Rule]

    public init(rules: [Rule]) { self.rules = rules }

    /// The distinct alert names, sorted: what the `ALERTS` query selects.
    public var alertNames: [String] { Array(Set(rules.map(\.alert))).sorted() }

    public var withRunbook: Int { rules.filter { $0.runbook != nil }.count }

    /// Services with at least one alert rule without a runbook, sorted.
    public var servicesWithoutRunbook: [String] {
        Array(Set(rules.filter { $0.runbook == nil }.compactMap(\.service))).sorted()
    }
}
