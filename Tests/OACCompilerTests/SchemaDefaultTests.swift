import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import Testing

@testable import OACCompiler

/// The defaults the schema tables (and so docs/catalog.md) promise: leaving a key out builds the same model
/// as writing its default.
@Suite("Schema defaults")
struct SchemaDefaultTests {
    /// A catalog that has every mapping with a default; `# @table-id` marks where a key of that table goes.
    static let base = """
        apiVersion: oac/v1
        kind: Platform
        metadata: {name: p}
        spec:
          prometheus:
            retention: 400d
            # @platform.prometheus
          regions:
            - name: r1
              address: "r1-{shard}:9090"
              # @platform.region
          global:
            address: "g:9090"
            # @platform.global
            thanos:
              # @platform.thanos
          retentionTiers:
            - {name: silver, metrics: {local: 15d}, logs: 30d}
          pricing:
            # @platform.pricing
          alerting:
            owner: t
            # @platform.alerting
            smtp:
              smarthost: "mail:25"
              from: a@example.com
              # @platform.smtp
          kubernetes:
            namespace: monitoring
            # @platform.kubernetes
            dashboards:
              # @platform.kubernetes.dashboards
          errorBudgetPolicy:
            # @budgetPolicy
        ---
        apiVersion: oac/v1
        kind: Team
        metadata: {name: t}
        spec:
          page: {pagerduty: {routingKeyFile: /etc/alertmanager/secrets/pd/key}}
          # @team
          workingHours:
            # @team.workingHours
        ---
        apiVersion: oac/v1
        kind: Service
        metadata: {name: s}
        spec:
          owner: t
          tier: silver
          # @service
          targets:
            kubernetes:
              namespace: ns
              # @service.kubernetes
          scrape:
            interval: 30s
            # @service.scrape
            tls:
              serverName: s.example.com
              # @service.scrape.tls
          metrics:
            - name: http_requests_total
              type: counter
              # @service.metric
          slos:
            - name: availability
              objective: 99.9
              sli: {events: {bad: 'http_requests_total{job="s",code="500"}', total: 'http_requests_total{job="s"}'}}
              # @slo
              alerting:
                minEventsPerHour: 1
                # @slo.alerting
          maintenanceWindows:
            - name: patching
              reason: node patching
              owner: t
              added: 2026-08-01
              weekly: {days: [sunday], start: "03:00", end: "04:00"}
              # @service.maintenanceWindow
        ---
        apiVersion: oac/v1
        kind: IncidentLog
        incidents:
          - id: INC-1
            title: Outage
            services: [s]
            severity: SEV2
            started: 2026-08-14T14:00:00Z
            detected: 2026-08-14T14:05:00Z
            resolved: 2026-08-14T15:00:00Z
            # @incident
            postmortem:
              url: https://pm.example.com/1
              # @incident.postmortem
            actionItems:
              - title: Fix it
                # @incident.actionItem
        ---
        apiVersion: oac/v1
        kind: Drill
        metadata: {name: d}
        spec:
          title: Zone loss
          date: 2026-08-19
          services: [s]
          hypothesis: holds
          fault: a zone down
          outcome: held
          # @drill
          actionItems:
            - title: Automate it
              # @drill.actionItem

        """

    static func model(_ text: String) -> (Model?, [Diagnostic]) {
        let r = Compiler.check([SourceFile(path: "c.yaml", contents: text)])
        return (r.model, r.diagnostics.sorted)
    }

    /// Every key with a written default (`default: .value(…)`); an empty list or mapping is trivially the
    /// same as nothing and is left out, and a mapping's default is its keys' defaults (`postmortem.status`).
    static let defaulted: [String] = Schema.tables.flatMap { t in
        t.keys.compactMap { k -> String? in
            guard case .value(let v)? = k.defaultValue, !["[]", "{}"].contains(v), k.childTable == nil else { return nil }
            return "\(t.id) \(k.name)"
        }
    }

    @Test("the base catalog builds without a diagnostic")
    func baseIsValid() {
        let (model, d) = Self.model(Self.base)
        #expect(model != nil && d.filter { $0.severity == .error }.isEmpty, "\(d)")
    }

    @Test("leaving a key out builds the same model as writing its documented default", arguments: defaulted)
    func defaultHolds(_ id: String) throws {
        let parts = id.split(separator: " ").map(String.init)
        let table = try #require(Schema.table(parts[0]))
        let key = try #require(table[parts[1]])
        guard case .value(let value)? = key.defaultValue else { return }
        let marker = "# @\(table.id)\n"
        let lines = Self.base.split(separator: "\n", omittingEmptySubsequences: false)
        let at = try #require(
            lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) + "\n" == marker },
            "the base catalog has no place for \(table.id)")
        let indent = lines[at].prefix { $0 == " " }
        var written = lines
        written[at] = "\(indent)\(key.name): \(value)"
        let (without, d0) = Self.model(Self.base)
        let (with, d1) = Self.model(written.joined(separator: "\n"))
        #expect(d1.filter { $0.severity == .error }.isEmpty, "\(id): \(d1)")
        #expect(without != nil && without == with, "\(id): writing the default `\(value)` builds another model than leaving it out \(d0)")
    }

    @Test("every table with a written default has its place in the base catalog")
    func everyTableCovered() {
        let tables = Set(Self.defaulted.map { String($0.split(separator: " ")[0]) })
        for id in tables where !["incidentLog"].contains(id) {
            #expect(Self.base.contains("# @\(id)\n"), "\(id)")
        }
    }
}
