import Foundation
import OACModel
import OACReport
import OACTestSupport
import Testing

/// Backfills a quarter of oac's recorded SLO series into a real Prometheus with promtool, serves it, and checks
/// that `oac report --prometheus` and the `oac snapshot` → `oac report --snapshot` route both give the
/// attainment and budget figures computed independently here.
///
/// The data are the SLO-level recorded series themselves (`oac_slo:total_events:rate5m`,
/// `oac_slo:bad_events:rate5m`, `oac_slo:objective:ratio`) as gauges: the report reads nothing else, so raw
/// counters and rules would only add a rule evaluation the promtool unit tests already cover. Each day holds
/// one constant rate, written four times inside one 2-hour window: promtool 2.42 writes one block per 2 hours
/// with samples, so this keeps the backfill to ~92 blocks (seconds, not minutes), and the day's
/// `avg_over_time(…[1d])` is that constant whatever the sampling.
@Suite("Report end to end", .serialized)
struct ReportEndToEndTests {
    struct SLOData: Sendable {
        var service: String
        var slo: String
        /// Objective (ratio) per day index.
        var objective: @Sendable (Int) -> Double
        /// Total and bad events per second per day index; nil = no data that day.
        var rates: @Sendable (Int) -> (total: Double, bad: Double)?
        /// Split each day's rates over this many series with an extra `region` label (the report sums them).
        var regions: Int
    }

    static let slos: [SLOData] = [
        // Traffic varies 100× between days and bad ratios are high on quiet days: a mean of daily ratios
        // would be far from Σgood/Σtotal.
        SLOData(
            service: "checkout", slo: "availability", objective: { _ in 0.999 },
            rates: { d in
                let total = [4.0, 40, 400][d % 3]
                return (total, total * (d % 3 == 0 ? 0.02 : 0.0004))
            }, regions: 2),
        SLOData(
            service: "checkout", slo: "latency", objective: { _ in 0.99 },
            rates: { d in
                let total = [4.0, 40, 400][d % 3]
                return (total, total * (d == 45 ? 0.5 : 0.004))
            }, regions: 1),
        // The objective is raised from 99% to 99.5% on day 60, and day 40 has no data.
        SLOData(
            service: "search", slo: "availability", objective: { d in d < 60 ? 0.99 : 0.995 },
            rates: { d in
                d == 40 ? nil : (10 + Double(d % 7), (10 + Double(d % 7)) * 0.003)
            }, regions: 1)
    ]

    static func catalog() -> String {
        ReportCatalog.prelude("e2e-report", tiers: ["{name: silver, metrics: {local: 35d, raw: 35d, downsampled5m: 180d, downsampled1h: 1y}, logs: 14d}"])
            .teams([ReportCatalog.team("shop")])
            .service(
                "checkout", owner: "shop", tier: "gold",
                """
                type: api
                runbook: https://runbooks.example.com/checkout
                targets: {static: ["10.0.0.1:8080"]}
                metrics:
                  - {name: http_requests_total, type: counter, labels: {status: 4}}
                  - {name: http_request_duration_seconds, type: histogram, buckets: [0.1, 0.5, 1]}
                slos:
                  - name: availability
                    objective: 99.9
                    sli:
                      events:
                        bad: 'http_requests_total{job="checkout",status=~"5.."}'
                        total: 'http_requests_total{job="checkout"}'
                  - name: latency
                    objective: 99
                    sli:
                      latency: {histogram: 'http_request_duration_seconds{job="checkout"}', threshold: 500ms}
                """
            )
            .service(
                "search", owner: "shop", tier: "silver",
                """
                type: api
                runbook: https://runbooks.example.com/search
                targets: {static: ["10.0.0.2:8080"]}
                metrics:
                  - {name: http_requests_total, type: counter, labels: {status: 4}}
                slos:
                  - name: availability
                    objective: 99.5
                    sli:
                      events:
                        bad: 'http_requests_total{job="search",status=~"5.."}'
                        total: 'http_requests_total{job="search"}'
                """
            ).text
    }

    /// The last complete quarter: its data is at most six months old.
    static var quarter: Quarter {
        let today = Day(containing: Date()).civil
        return Quarter(year: today.year, number: (today.month - 1) / 3 + 1).previous
    }

    /// OpenMetrics text: one family after the other, each series in time order, `# EOF` last.
    static func openMetrics(_ quarter: Quarter) -> String {
        let days = quarter.days
        var out = ""
        func samples(_ name: String, _ labels: String, _ value: (Int) -> Double?) {
            for (i, day) in days.enumerated() {
                guard let v = value(i) else { continue }
                for k in 0..<4 {
                    let t = Int(day.start.timeIntervalSince1970) + 10 * 3600 + 450 + k * 1800
                    out += "\(name){\(labels)} \(v) \(t)\n"
                }
            }
        }
        for (name, pick) in [(Conventions.sloTotalRate5m, 0), (Conventions.sloBadRate5m, 1)] {
            out += "# TYPE \(name) gauge\n"
            for s in slos {
                for r in 0..<s.regions {
                    let labels = "service=\"\(s.service)\",slo=\"\(s.slo)\"" + (s.regions > 1 ? ",region=\"r\(r)\"" : "")
                    samples(name, labels) { d in
                        s.rates(d).map { (pick == 0 ? $0.total : $0.bad) / Double(s.regions) }
                    }
                }
            }
        }
        out += "# TYPE \(Conventions.objectiveRatio) gauge\n"
        for s in slos {
            samples(Conventions.objectiveRatio, "service=\"\(s.service)\",slo=\"\(s.slo)\"") { s.objective($0) }
        }
        out += "# TYPE scrape_samples_post_metric_relabeling gauge\n"
        for (instance, n) in [("10.0.0.1:8080", 120.0), ("10.0.0.3:8080", 80.0)] {
            samples("scrape_samples_post_metric_relabeling", "job=\"checkout\",instance=\"\(instance)\"") {
                $0 == days.count - 1 ? n : nil
            }
        }
        return out + "# EOF\n"
    }

    /// Attainment (percent) and budget consumed (fraction), computed here from the rates, event-weighted.
    static func expected(_ s: SLOData, days: Int) -> (attainment: Double, budget: Double, missing: Int) {
        var good = 0.0
        var total = 0.0
        var allowed = 0.0
        var missing = 0
        for d in 0..<days {
            guard let r = s.rates(d) else {
                missing += 1
                continue
            }
            total += r.total * 86400
            good += (r.total - r.bad) * 86400
            allowed += r.total * 86400 * (1 - s.objective(d))
        }
        return (good / total * 100, (total - good) / allowed, missing)
    }

    @Test(
        "a backfilled quarter on a real Prometheus gives the independently computed figures, live and via a snapshot", .requires(.promtool, .prometheus),
        .timeLimit(.minutes(10)))
    func liveQuarter() throws {
        let promtool = try ExternalTool.promtool.require()
        let prometheus = try ExternalTool.prometheus.require()
        let work = try TestSupport.temporaryDirectory("oac-report-e2e")
        defer { try? FileManager.default.removeItem(at: work) }
        let quarter = Self.quarter
        let catalog = work.appendingPathComponent("catalog.yaml")
        try Data(Self.catalog().utf8).write(to: catalog)
        let server = try PrometheusProcess.backfilled(Self.openMetrics(quarter), promtool: promtool, prometheus: prometheus, work: work)
        defer { server.stop() }
        let url = server.url

        // Live.
        let live = work.appendingPathComponent("live")
        let run = try TestSupport.oac([
            "report", catalog.path, "--quarter", quarter.description, "--prometheus", url,
            "--out", live.path
        ])
        try #require(run.status == 0, "oac report failed: \(run.stderr)")
        let liveSummary = try Self.summary(live)
        try Self.check(liveSummary, quarter: quarter)

        // Snapshot, then offline.
        let snapshot = work.appendingPathComponent("q.snapshot.json")
        let snap = try TestSupport.oac([
            "snapshot", catalog.path, "--quarter", quarter.description, "--prometheus", url,
            "-o", snapshot.path
        ])
        try #require(snap.status == 0, "oac snapshot failed: \(snap.stderr)")
        let frozen = try Snapshot.decode(Data(contentsOf: snapshot))
        #expect(frozen.version == Snapshot.currentVersion)
        #expect(frozen.quarter == quarter)
        #expect(frozen.series(service: "search", slo: "availability")?.objectiveChanged == true)
        #expect(frozen.series(service: "checkout", slo: "availability")?.days.count == quarter.days.count)
        let offline = work.appendingPathComponent("offline")
        let render = try TestSupport.oac([
            "report", catalog.path, "--quarter", quarter.description, "--snapshot", snapshot.path,
            "--out", offline.path
        ])
        try #require(render.status == 0, "oac report --snapshot failed: \(render.stderr)")
        let offlineSummary = try Self.summary(offline)
        try Self.check(offlineSummary, quarter: quarter)
        for (a, b) in zip(try Self.slos(liveSummary), try Self.slos(offlineSummary)) {
            #expect(Self.rounded(a["attainment"]) == Self.rounded(b["attainment"]))
            #expect(Self.rounded(a["budgetConsumed"]) == Self.rounded(b["budgetConsumed"]))
        }
    }

    @Test("an unreachable Prometheus is a clear error and exit 1, with nothing written")
    func unreachable() throws {
        let work = try TestSupport.temporaryDirectory("oac-report-down")
        defer { try? FileManager.default.removeItem(at: work) }
        let catalog = work.appendingPathComponent("catalog.yaml")
        try Data(Self.catalog().utf8).write(to: catalog)
        // A port that was free a moment ago: nothing listens there.
        let port = try MetricsServer.freePort(on: ["127.0.0.1"])
        let out = work.appendingPathComponent("report")
        let run = try TestSupport.oac([
            "report", catalog.path, "--quarter", "2026-Q3", "--prometheus", "http://127.0.0.1:\(port)",
            "--attempts", "2", "--timeout", "5", "--out", out.path
        ])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: Prometheus at http://127.0.0.1:\(port) is unreachable"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let snap = try TestSupport.oac([
            "snapshot", catalog.path, "--quarter", "2026-Q3", "--prometheus", "http://127.0.0.1:\(port)",
            "--attempts", "1", "-o", work.appendingPathComponent("s.json").path
        ])
        #expect(snap.status == 1)
        #expect(snap.stderr.contains("unreachable"))
    }

    // MARK: - Helpers

    static func summary(_ dir: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: dir.appendingPathComponent("summary.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func slos(_ summary: [String: Any]) throws -> [[String: Any]] {
        try #require(summary["slos"] as? [[String: Any]])
    }

    static func rounded(_ any: Any?) -> Double? {
        guard let n = any as? NSNumber else { return nil }
        return (n.doubleValue * 10_000).rounded() / 10_000
    }

    static func check(_ summary: [String: Any], quarter: Quarter) throws {
        #expect(summary["quarter"] as? String == quarter.description)
        let rows = try slos(summary)
        #expect(rows.count == Self.slos.count)
        for s in Self.slos {
            let row = try #require(rows.first { $0["service"] as? String == s.service && $0["slo"] as? String == s.slo })
            let e = expected(s, days: quarter.days.count)
            #expect(rounded(row["attainment"]) == (e.attainment * 10_000).rounded() / 10_000, "\(s.service)/\(s.slo) attainment")
            #expect(rounded(row["budgetConsumed"]) == (e.budget * 10_000).rounded() / 10_000, "\(s.service)/\(s.slo) budget")
            #expect(row["met"] as? Bool == (e.budget <= 1))
            #expect(row["daysWithoutData"] as? Int == e.missing)
        }
        let search = try #require(rows.first { $0["service"] as? String == "search" })
        #expect(search["objectiveChanged"] as? Bool == true)
        #expect(rounded(search["objective"]) == 99.5)
        let cost = try #require(summary["cost"] as? [String: Any])
        let measured = try #require(cost["measuredSeriesByJob"] as? [String: Any])
        #expect(rounded(measured["checkout"]) == 200)
    }
}
