import Foundation
import OACModel
import OACReport
import OACTestSupport
import Testing

/// History from raw series, on a real Prometheus: a quarter of raw counters, histogram buckets and a gauge,
/// backfilled with promtool and served by `PrometheusProcess.backfilled` (as `ReportEndToEndTests` does), gives the
/// attainment and budget worked out by hand below — for a service with no recordings at all (`shop`) and for
/// one whose `oac_slo:*` recordings cover only the quarter's second half (`cart`), whose first half the page
/// then marks as computed from raw data.
///
/// The sampling makes the hand computation exact without a dense quarter (promtool writes a block per 2 hours
/// that holds samples, and a block costs a pass over the input): every sample of day d lies in the day's first
/// two hours. A counter is written at the day's start s (value c_d, the events of the days before) and at
/// s + 60 s (c_d + r_d × 60); day d's range (s, s + 1d] then holds s + 60 and the next day's s, whose values
/// differ by r_d × (86400 − 60), and `increase` extrapolates the 60 s to the range start (they are less than
/// 1.1 average intervals away): exactly r_d × 86400 events. (Prometheus 2 also includes the sample at s itself:
/// c_{d+1} − c_d, the same number.) The threshold gauge is written 24 times, at s + 60 + 300k: the rules'
/// 5-minute slices see each sample exactly once, so the day's good share is (good samples ÷ 24) and its total
/// is 86400, as `avg_over_time` of the recorded rates gives.
@Suite("Report history from raw series", .serialized)
struct ReportRawHistoryTests {
    /// Per day index: the events SLI's total and bad rates, the histogram's count and fast-bucket rates, the
    /// threshold gauge's bad samples of 24.
    static func total(_ d: Int) -> Double { [4.0, 40, 400][d % 3] }
    static func bad(_ d: Int) -> Double { d % 3 == 0 ? 0.08 : d % 7 == 0 ? 0.4 : 0.004 }
    static func count(_ d: Int) -> Double { [10.0, 20, 30][d % 3] }
    static func fast(_ d: Int) -> Double { d == 50 ? count(d) * 0.5 : count(d) - 0.05 }
    static func badSlices(_ d: Int) -> Int { d % 5 == 0 ? 6 : d == 11 ? 24 : 0 }

    static let services = ["shop", "cart"]
    /// `cart` has recordings from this day index on.
    static func recordedFrom(_ days: Int) -> Int { days / 2 }

    static func catalog() -> String {
        var builder = ReportCatalog.prelude("raw-history").teams([ReportCatalog.team("shop")])
        for (i, s) in services.enumerated() {
            builder = builder.service(
                s, owner: "shop", tier: "gold",
                """
                type: api
                runbook: https://runbooks.example.com/\(s)
                targets: {static: ["10.0.0.\(i + 1):8080"]}
                metrics:
                  - {name: http_requests_total, type: counter, labels: {status: 4}}
                  - {name: http_request_duration_seconds, type: histogram, buckets: [0.1, 0.5, 1]}
                  - {name: queue_age_seconds, type: gauge}
                slos:
                  - name: availability
                    objective: 99.9
                    sli:
                      events:
                        bad: 'http_requests_total{job="\(s)",status=~"5.."}'
                        total: 'http_requests_total{job="\(s)"}'
                  - name: latency
                    objective: 99
                    sli:
                      latency: {histogram: 'http_request_duration_seconds{job="\(s)"}', threshold: 500ms}
                  - name: freshness
                    objective: 95
                    sli:
                      threshold: {query: 'max(queue_age_seconds{job="\(s)"})', op: "<=", value: 300}
                """)
        }
        return builder.text
    }

    /// (total, bad) events per day of one SLO, by hand from the rates above.
    static func truth(_ slo: String, day d: Int) -> (total: Double, bad: Double) {
        switch slo {
        case "availability": (total(d) * 86400, bad(d) * 86400)
        case "latency": (count(d) * 86400, (count(d) - fast(d)) * 86400)
        default: (86400, 86400 * Double(badSlices(d)) / 24)
        }
    }

    static let objectives = ["availability": 0.999, "latency": 0.99, "freshness": 0.95]

    /// Attainment (percent) and budget consumed over the quarter: Σgood ÷ Σtotal and Σbad ÷ (Σtotal × (1 − objective)).
    static func expected(_ slo: String, days: Int) -> (attainment: Double, budget: Double) {
        var t = 0.0
        var b = 0.0
        for d in 0..<days {
            let x = truth(slo, day: d)
            t += x.total
            b += x.bad
        }
        return ((t - b) / t * 100, b / (t * (1 - objectives[slo]!)))
    }

    static func openMetrics(_ quarter: Quarter) -> String {
        let days = quarter.days
        let n = days.count
        var out = ""
        func start(_ d: Int) -> Int { Int(days[0].start.timeIntervalSince1970) + d * 86400 }
        /// A counter of `rate(d)` events a second: samples at s and s + 60 each day, and at the quarter's end.
        func counter(_ name: String, _ labels: String, _ rate: (Int) -> Double) {
            var c = 1_000_000.0
            for d in 0..<n {
                out += "\(name){\(labels)} \(c) \(start(d))\n"
                out += "\(name){\(labels)} \(c + rate(d) * 60) \(start(d) + 60)\n"
                c += rate(d) * 86400
            }
            out += "\(name){\(labels)} \(c) \(start(n))\n"
        }
        out += "# TYPE http_requests_total unknown\n"
        for s in services {
            counter("http_requests_total", "job=\"\(s)\",status=\"200\"") { total($0) - bad($0) }
            counter("http_requests_total", "job=\"\(s)\",status=\"500\"") { bad($0) }
        }
        out += "# TYPE http_request_duration_seconds_count unknown\n"
        for s in services { counter("http_request_duration_seconds_count", "job=\"\(s)\"") { count($0) } }
        out += "# TYPE http_request_duration_seconds_bucket unknown\n"
        for s in services { counter("http_request_duration_seconds_bucket", "job=\"\(s)\",le=\"0.5\"") { fast($0) } }
        out += "# TYPE queue_age_seconds unknown\n"
        for s in services {
            for d in 0..<n {
                for k in 0..<24 {
                    out += "queue_age_seconds{job=\"\(s)\"} \(k < badSlices(d) ? 900 : 30) \(start(d) + 60 + 300 * k)\n"
                }
            }
        }
        // `cart`'s recordings, second half only: the day's constant rates, written inside its first two hours.
        for (name, pickBad) in [(Conventions.sloTotalRate5m, false), (Conventions.sloBadRate5m, true)] {
            out += "# TYPE \(name) unknown\n"
            for slo in ["availability", "freshness", "latency"] {
                for d in recordedFrom(n)..<n {
                    let x = truth(slo, day: d)
                    let v = (pickBad ? x.bad : x.total) / 86400
                    for k in 0..<4 {
                        out += "\(name){service=\"cart\",slo=\"\(slo)\"} \(v) \(start(d) + 600 + 1200 * k)\n"
                    }
                }
            }
        }
        return out + "# EOF\n"
    }

    @Test(
        "a quarter of raw series gives the hand-computed attainment and budget, with and without recordings for its second half",
        .requires(.promtool, .prometheus), .timeLimit(.minutes(10)))
    func rawQuarter() throws {
        let promtool = try ExternalTool.promtool.require()
        let prometheus = try ExternalTool.prometheus.require()
        let work = try TestSupport.temporaryDirectory("oac-report-raw")
        defer { try? FileManager.default.removeItem(at: work) }
        let quarter = ReportEndToEndTests.quarter
        let n = quarter.days.count
        let catalog = work.appendingPathComponent("catalog.yaml")
        try Data(Self.catalog().utf8).write(to: catalog)
        let server = try PrometheusProcess.backfilled(Self.openMetrics(quarter), promtool: promtool, prometheus: prometheus, work: work)
        defer { server.stop() }
        let url = server.url

        let live = work.appendingPathComponent("live")
        let run = try TestSupport.oac(["report", catalog.path, "--quarter", quarter.description, "--prometheus", url, "--out", live.path])
        try #require(run.status == 0, "oac report failed: \(run.stderr)")
        let summary = try ReportEndToEndTests.summary(live)
        let rows = try ReportEndToEndTests.slos(summary)
        for service in Self.services {
            for slo in ["availability", "latency", "freshness"] {
                let row = try #require(rows.first { $0["service"] as? String == service && $0["slo"] as? String == slo })
                let e = Self.expected(slo, days: n)
                let attainment = try #require((row["attainment"] as? NSNumber)?.doubleValue)
                let budget = try #require((row["budgetConsumed"] as? NSNumber)?.doubleValue)
                #expect(abs(attainment - e.attainment) <= 1e-4, "\(service)/\(slo) attainment \(attainment), by hand \(e.attainment)")
                #expect(abs(budget - e.budget) <= 1e-3, "\(service)/\(slo) budget \(budget), by hand \(e.budget)")
                #expect(row["daysWithoutData"] as? Int == 0)
                #expect(row["daysFromRawSeries"] as? Int == (service == "shop" ? n : Self.recordedFrom(n)), "\(service)/\(slo)")
            }
        }
        // The page and summary.json say which days came from raw data; the two ways agree, so no finding.
        let quality = try #require(summary["dataQuality"] as? [String: Any])
        let raw = try #require(quality["daysFromRawSeries"] as? [String: [String]])
        #expect(raw["cart/availability"] == quarter.days.prefix(Self.recordedFrom(n)).map(\.description))
        #expect(raw["shop/freshness"]?.count == n)
        #expect((quality["recordedRawMismatch"] as? [String: Any])?.isEmpty == true)
        let html = try String(contentsOf: live.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("Days computed from raw series"))
        #expect(html.contains("\(Self.recordedFrom(n)) DAYS FROM RAW SERIES"))
        let md = try String(contentsOf: live.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(md.contains("cart/availability (\(Self.recordedFrom(n)) days)"), "\(md)")

        // The snapshot keeps the marks: offline, the same figures.
        let snapshot = work.appendingPathComponent("q.snapshot.json")
        let snap = try TestSupport.oac(["snapshot", catalog.path, "--quarter", quarter.description, "--prometheus", url, "-o", snapshot.path])
        try #require(snap.status == 0, "oac snapshot failed: \(snap.stderr)")
        let frozen = try Snapshot.decode(Data(contentsOf: snapshot))
        #expect(frozen.version == Snapshot.currentVersion)
        let cart = try #require(frozen.series(service: "cart", slo: "availability"))
        #expect(cart.days.filter(\.isRaw).map(\.date) == Array(quarter.days.prefix(Self.recordedFrom(n))))
        let offline = work.appendingPathComponent("offline")
        let render = try TestSupport.oac([
            "report", catalog.path, "--quarter", quarter.description, "--snapshot", snapshot.path,
            "--out", offline.path
        ])
        try #require(render.status == 0, "oac report --snapshot failed: \(render.stderr)")
        for (a, b) in zip(rows, try ReportEndToEndTests.slos(ReportEndToEndTests.summary(offline))) {
            #expect(ReportEndToEndTests.rounded(a["attainment"]) == ReportEndToEndTests.rounded(b["attainment"]))
            #expect(a["daysFromRawSeries"] as? Int == b["daysFromRawSeries"] as? Int)
        }
    }
}
