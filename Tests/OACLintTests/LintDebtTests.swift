import Foundation
import OACCatalog
import OACCompiler
import OACLint
import Testing

/// The debt trend's counts: each rule finding counted for the team it is about.
@Suite("Lint findings per team")
struct LintDebtTests {
    static let catalog = """
        apiVersion: oac/v1
        kind: Platform
        metadata: {name: acme}
        spec:
          retentionTiers:
            - {name: gold, metrics: {local: 35d, raw: 90d}, logs: 30d}
            - {name: bronze, metrics: {local: 35d}, logs: 7d}
        ---
        apiVersion: oac/v1
        kind: Team
        metadata: {name: web}
        spec:
          ticket: {slack: {channel: "#web", apiURLFile: /etc/alertmanager/secrets/web-slack}}
        ---
        apiVersion: oac/v1
        kind: Team
        metadata: {name: data}
        spec:
          page: {pagerduty: {routingKeyFile: /etc/alertmanager/secrets/data-pd}}
        ---
        apiVersion: oac/v1
        kind: Service
        metadata: {name: api}
        spec:
          owner: web
          tier: gold
          metrics:
            - {name: http_requests_total, type: counter, labels: {code: 5}}
          slos:
            - name: availability
              objective: 99.9
              sli:
                events:
                  bad: 'http_requests_total{job="api",code=~"5.."}'
                  total: 'http_requests_total{job="api"}'
        ---
        apiVersion: oac/v1
        kind: Service
        metadata: {name: etl}
        spec:
          owner: data
          tier: gold
          runbook: https://runbooks.example.com/etl
          metrics:
            - {name: rows_total, type: counter, labels: {status: 2}}
          slos:
            - name: success
              objective: 99
              sli:
                events:
                  bad: 'rows_total{job="etl",status="failed"}'
                  total: 'rows_total{job="etl"}'
        """

    @Test("a service's finding counts for its owner, a tier's for the platform; compiler checks are not debt")
    func byTeam() throws {
        let (report, _) = LintHarness.lint([SourceFile(path: "catalog.yaml", contents: Self.catalog)])
        let model = try #require(Compiler.check([SourceFile(path: "catalog.yaml", contents: Self.catalog)]).model)
        let counts = LintDebt.byTeam(report, model: model)
        // api (web, gold): no runbook, and web has no page receiver though gold pages: two findings for web.
        #expect(counts["web"] == ["missing-runbook": 1, "owner-without-page-receiver": 1])
        // About the platform: bronze holds no service, and no `alerting.owner` is set. etl (data) is clean.
        #expect(counts[LintDebt.platformOwner] == ["missing-owner": 1, "unused-tier": 1])
        #expect(counts["data"] == nil)
    }
}
