import Foundation
import OACModel
import OACRender
import Testing

/// The alerting rules the report's on-call health counts: every rule the compiler writes, and which of them
/// link a runbook (a service's dashboard, the SLO alerts' fallback, is not one).
@Suite("Alert rule inventory")
struct AlertRuleInventoryTests {
    static func catalog(runbook: Bool, grafana: Bool) -> String {
        """
        apiVersion: oac/v1
        kind: Platform
        metadata: {name: p}
        spec:
          prometheus: {version: "2.42", scrapeInterval: 30s, evaluationInterval: 30s, retention: 40d}
          retentionTiers: [{name: std, metrics: {local: 40d}, logs: 30d}]
        \(grafana ? "  grafana: {url: https://grafana.example.com}" : "")
        ---
        apiVersion: oac/v1
        kind: Team
        metadata: {name: t}
        spec:
          page: {pagerduty: {routingKeyFile: /etc/alertmanager/secrets/t}}
        ---
        apiVersion: oac/v1
        kind: Service
        metadata: {name: s}
        spec:
          owner: t
          tier: std
          type: api
        \(runbook ? "  runbook: https://runbooks.example.com/s" : "")
          targets: {static: ["10.0.0.1:8080"]}
          metrics: [{name: r_total, type: counter, labels: {code: 5}}]
          slos:
            - name: a
              objective: 99
              sli: {events: {bad: 'r_total{job="s",code="500"}', total: 'r_total{job="s"}'}}
            - name: b
              objective: 99.9
              alerting: {page: false}
              sli: {events: {bad: 'r_total{job="s",code="500"}', total: 'r_total{job="s"}'}}
        """
    }

    @Test("one entry per rule written: burn-rate rows (2 page + 2 ticket, or 2 ticket without pages), no-data, freeze, self-monitoring")
    func counts() throws {
        let e = AlertRuleInventory.entries(try RenderTestSupport.model(Self.catalog(runbook: true, grafana: false)))
        // SLO a: 4 burn-rate + 1 no-data; SLO b: 2 ticket burn-rate + 1 no-data; the service's freeze: 1; 6 self-monitoring.
        #expect(e.filter { $0.service == "s" }.count == 9)
        #expect(e.filter { $0.service == "s" && $0.severity == "page" }.count == 2)
        #expect(e.filter { $0.service == nil }.count == 6)
        #expect(e.allSatisfy { $0.runbook != nil })
    }

    @Test("without a service runbook its rules have none, whether they link the dashboard or nothing")
    func dashboardIsNoRunbook() throws {
        for grafana in [false, true] {
            let e = AlertRuleInventory.entries(try RenderTestSupport.model(Self.catalog(runbook: false, grafana: grafana)))
            #expect(e.filter { $0.service == "s" }.allSatisfy { $0.runbook == nil }, "grafana: \(grafana)")
            // The self-monitoring rules link their docs.
            #expect(e.filter { $0.service == nil }.allSatisfy { $0.runbook?.contains("self-monitoring") == true })
        }
    }
}
