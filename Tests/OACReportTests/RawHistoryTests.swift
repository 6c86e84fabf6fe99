import Foundation
import OACModel
import OACPromQL
import OACReport
import OACTestSupport
import Testing

/// The raw-series queries, the join of recorded and raw days, and snapshot versions.
@Suite("History from raw series")
struct RawHistoryTests {
    static func model(slos count: Int = 1) throws -> Model {
        var slos = ""
        for i in 0..<count {
            slos += """
                    - name: avail-\(i)
                      objective: 99.9
                      sli:
                        events:
                          bad: 'http_requests_total{job="api",status=~"5.."}'
                          total: 'http_requests_total{job="api"}'

                """
        }
        let text = """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: raw}
            spec:
              prometheus: {version: "2.42", scrapeInterval: 30s, evaluationInterval: 30s}
              retentionTiers:
                - {name: gold, metrics: {local: 35d, raw: 90d}, logs: 30d}
            ---
            apiVersion: oac/v1
            kind: Team
            metadata: {name: t}
            spec:
              page: {pagerduty: {routingKeyFile: /etc/alertmanager/secrets/t}}
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: t
              tier: gold
              type: api
              runbook: https://runbooks.example.com/api
              targets: {static: ["10.0.0.1:8080"]}
              metrics:
                - {name: http_requests_total, type: counter, labels: {status: 4}}
                - {name: http_request_duration_seconds, type: histogram, buckets: [0.1, 0.5, 1]}
                - {name: queue_age_seconds, type: gauge}
              slos:
                - name: latency
                  objective: 99
                  sli:
                    latency: {histogram: 'http_request_duration_seconds{job="api"}', threshold: 500ms}
                - name: fresh
                  objective: 95
                  sli:
                    threshold: {query: 'max(queue_age_seconds{job="api"})', op: "<=", value: 300}
                - name: imported
                  objective: 99
                  sli:
                    events:
                      badQuery: 'sum(rate(http_requests_total{job="api",status=~"5.."}[$window]))'
                      totalQuery: 'sum(rate(http_requests_total{job="api"}[$window]))'
            \(slos)
            """
        return try CatalogBuilder.model(text)
    }

    @Test("each SLI kind becomes one day's bad and total events, as PromQL that parses back")
    func queries() throws {
        let m = try Self.model()
        let (batches, skipped) = RawSLIQueries.batches(m)
        #expect(skipped.isEmpty)
        let batch = try #require(batches.first)
        #expect(batch.slos == ["api/avail-0", "api/fresh", "api/imported", "api/latency"])
        for text in [batch.bad, batch.total] { _ = try PromQL.parse(text) }
        // Events: increase over the day; no bad series is zero, not missing.
        #expect(
            batch.bad.contains(
                #"label_replace(label_replace(sum(increase(http_requests_total{job="api",status=~"5.."}[1d])) or sum(increase(http_requests_total{job="api"}[1d])) * 0, "service", "api", "", ""), "slo", "avail-0", "", "")"#
            ))
        // Latency: _count minus the threshold's bucket, every spelling of 0.5.
        #expect(
            batch.bad.contains(
                #"sum(increase(http_request_duration_seconds_count{job="api"}[1d])) - sum(increase(http_request_duration_seconds_bucket{job="api",le=~"#))
        // Threshold: 5-minute slices, each one evaluation of the rule's comparison.
        #expect(batch.bad.contains(#"avg_over_time((1 - min((max(queue_age_seconds{job="api"})) <= bool 300))[1d:5m]) * 86400"#))
        #expect(batch.total.contains(#"avg_over_time((min((max(queue_age_seconds{job="api"})) <= bool 300) * 0 + 1)[1d:5m]) * 86400"#))
        // Event queries keep the rules' 5m window and are averaged over the day.
        #expect(batch.total.contains(#"avg_over_time(sum(sum(rate(http_requests_total{job="api"}[5m])))[1d:5m]) * 86400"#))
    }

    @Test("requests are bounded: two per batch of 50 SLOs")
    func bounded() throws {
        let m = try Self.model(slos: 97)  // 100 SLOs in all
        let (batches, _) = RawSLIQueries.batches(m)
        #expect(RawSLIQueries.batchSize == 50)
        #expect(batches.count == 2)
        #expect(batches.map(\.slos.count) == [50, 50])
    }

    static let labels = ["service": "api", "slo": "avail-0"]
    static func series(_ values: [Double?]) -> [PrometheusClient.Series] {
        let t0 = ReportFixtures.quarter.firstDay.end.timeIntervalSince1970
        let points = values.enumerated().compactMap { i, v in v.map { (time: t0 + Double(i) * 86_400, value: $0) } }
        return [PrometheusClient.Series(labels: labels, points: points)]
    }

    @Test("a day without a recording takes the raw counts and is marked; a day with both keeps the recording")
    func join() throws {
        let s = QuarterFetcher.assembleForTesting(
            quarter: ReportFixtures.quarter, totals: Self.series([nil, 1000, 1000]), bads: Self.series([nil, 10, 10]),
            objectives: [], raw: (totals: Self.series([500, 1000.5, 1000]), bads: Self.series([5, 10, 10])))
        let slo = try #require(s.series(service: "api", slo: "avail-0"))
        #expect(slo.days.map(\.total) == [500, 1000, 1000])
        #expect(slo.days.map(\.good) == [495, 990, 990])
        #expect(slo.days.map(\.isRaw) == [true, false, false])
        // 0.05% apart: within the tolerance.
        #expect(slo.mismatches == nil)
    }

    @Test("recordings and raw counts more than 0.1% apart are a data-quality finding, not at 0.1%")
    func mismatch() throws {
        // Day 1: total 0.2% apart. Day 2: bad events 1 apart of 1000 (0.1%): not over.
        let s = QuarterFetcher.assembleForTesting(
            quarter: ReportFixtures.quarter, totals: Self.series([1000, 1000]), bads: Self.series([10, 10]),
            objectives: [], raw: (totals: Self.series([1002, 1000]), bads: Self.series([10, 11])))
        let slo = try #require(s.series(service: "api", slo: "avail-0"))
        #expect(slo.mismatches?.map(\.date) == [ReportFixtures.quarter.firstDay])
        try s.validate()
        let again = try Snapshot.decode(Data(s.encoded().utf8))
        #expect(again == s)
        let card = ScorecardBuilder(model: try Self.model()).build(data: s, previous: nil, incidents: [])
        #expect(card.dataQuality.mismatches.map(\.slo) == ["api/avail-0"])
        #expect(!card.dataQuality.isClean)
    }

    @Test("a version 1 snapshot (before raw days) still reads and renders; this oac writes version 3")
    func oldSnapshot() throws {
        let v1 = """
            {"activeSeries":[],"generatedAt":"2026-10-01T06:00:00Z","quarter":"2026-Q3","slos":[{"days":[{"date":"2026-07-01","good":990,"objective":99.9,"total":1000}],"objective":99.9,"objectiveChanged":false,"service":"api","slo":"avail-0"}],"source":"old","through":"2026-09-30","version":1}
            """
        let s = try Snapshot.decode(Data(v1.utf8))
        #expect(s.version == 1)
        #expect(s.slos[0].days[0].isRaw == false)
        #expect(s.slos[0].mismatches == nil)
        let card = ScorecardBuilder(model: try Self.model()).build(data: s, previous: nil, incidents: [])
        #expect(card.slos.first { $0.id == "api/avail-0" }?.attainment == 99)
        _ = try ReportRenderer(templates: .defaults, oacVersion: "test").render(card)
        // The committed example snapshots are version 1 (2026-Q2) and 3 (2026-Q3, with its alert history).
        let example = ReportFixtures.repoRoot.appendingPathComponent("catalog/example/report/2026-Q3.snapshot.json")
        #expect(try Snapshot.decode(Data(contentsOf: example)).quarter == ReportFixtures.quarter)
        #expect(Snapshot.currentVersion == 3)
        #expect(try Snapshot.decode(Data(ReportFixtures.snapshot([:]).encoded().utf8)).version == 3)
        #expect(throws: Snapshot.FormatError.self) { try Snapshot.decode(Data(#"{"version":4}"#.utf8)) }
    }
}
