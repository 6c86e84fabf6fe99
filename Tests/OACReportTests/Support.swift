import Foundation
import OACModel
import OACReport
import OACTestSupport
import Testing

/// Catalogs and snapshots the report tests build on.
enum ReportFixtures {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A small catalog: two tiers, one team, two services, three SLOs; `extra` is appended (incidents).
    /// `retention`: the Prometheus server's (a quarter-long calendar SLO needs 92d).
    static func model(serviceDescription: String = "Checkout API.", extra: String = "", retention: String = "35d") throws -> Model {
        let text = """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: shop}
            spec:
              prometheus: {version: "2.42", scrapeInterval: 30s, evaluationInterval: 30s, retention: \(retention)}
              retentionTiers:
                - {name: bronze, metrics: {local: 35d, raw: 35d}, logs: 7d}
                - {name: gold, metrics: {local: 35d, raw: 90d, downsampled1h: 2y}, logs: 30d}
            ---
            apiVersion: oac/v1
            kind: Team
            metadata: {name: shop}
            spec:
              page: {pagerduty: {routingKeyFile: /etc/alertmanager/secrets/shop}}
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: checkout}
            spec:
              description: \(quoted(serviceDescription))
              owner: shop
              tier: gold
              type: api
              runbook: https://runbooks.example.com/checkout
              targets: {static: ["10.0.0.1:8080"]}
              metrics:
                - {name: http_requests_total, type: counter, labels: {status: 4}}
              slos:
                - name: availability
                  objective: 99.9
                  sli:
                    events:
                      bad: 'http_requests_total{job="checkout",status=~"5.."}'
                      total: 'http_requests_total{job="checkout"}'
                - name: errors
                  objective: 99
                  sli:
                    events:
                      bad: 'http_requests_total{job="checkout",status=~"4.."}'
                      total: 'http_requests_total{job="checkout"}'
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: batch}
            spec:
              owner: shop
              tier: bronze
              type: batch
              runbook: https://runbooks.example.com/batch
              targets: {static: ["10.0.0.2:8080"]}
              metrics:
                - {name: jobs_total, type: counter, labels: {status: 2}}
              slos:
                - name: success
                  objective: 95
                  sli:
                    events:
                      bad: 'jobs_total{job="batch",status="failed"}'
                      total: 'jobs_total{job="batch"}'
            \(extra)
            """
        return try CatalogBuilder.model(text)
    }

    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static let quarter = Quarter(year: 2026, number: 3)

    /// A snapshot with the given daily (good, total) per SLO id; nil days are absent.
    static func snapshot(
        _ days: [String: [(good: Double, total: Double)?]], objectives: [String: [Double?]] = [:],
        quarter: Quarter = quarter, active: [Snapshot.JobSeries] = []
    ) -> Snapshot {
        let all = quarter.days
        let slos = days.keys.sorted().map { id -> Snapshot.SLOSeries in
            let parts = id.split(separator: "/").map(String.init)
            let counts = days[id]!
            let obj = objectives[id] ?? []
            var out: [Snapshot.DayCount] = []
            for (i, c) in counts.enumerated() {
                guard let c else { continue }
                out.append(Snapshot.DayCount(date: all[i], good: c.good, total: c.total, objective: i < obj.count ? obj[i] : nil))
            }
            let recorded = obj.compactMap { $0 }
            return Snapshot.SLOSeries(
                service: parts[0], slo: parts[1], objective: recorded.last,
                objectiveChanged: Set(recorded).count > 1, days: out)
        }
        return Snapshot(
            quarter: quarter, generatedAt: "2026-10-01T06:00:00Z", source: "test", through: quarter.lastDay,
            slos: slos, activeSeries: active)
    }

    /// Every day of the quarter with the same counts.
    static func flat(good: Double, total: Double, quarter: Quarter = quarter) -> [(good: Double, total: Double)?] {
        Array(repeating: (good, total), count: quarter.days.count)
    }

    static func date(_ s: String) -> Date { Timestamp.parse(s)! }
}

/// xmllint's verdict on a file (run it in tests marked `.requires(.xmllint)`).
enum XMLLint {
    /// `xmllint --noout FILE`: nil when well-formed, else its complaint.
    static func problems(_ xmllint: URL, _ file: URL) throws -> String? {
        let run = try Command.run(xmllint, ["--noout", "--nonet", file.path])
        return run.succeeded ? nil : run.output
    }
}
