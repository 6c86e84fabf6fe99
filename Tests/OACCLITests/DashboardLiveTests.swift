import Foundation
import OACModel
import OACTestSupport
import Testing

/// Runs every panel query of every generated dashboard against the server its datasource variable points at, in
/// a live federation on loopback (two shards and the global server, as in TopologyEndToEndTests): `${datasource}`
/// is the global server, `${shard}` a shard. A query must not fail, and must return data unless its panel is in
/// `documentedEmpty` (with the reason, also in docs/dashboards.md).
@Suite("Dashboards against a live federation", .serialized)
struct DashboardLiveTests {
    /// Panels that have no data in a healthy platform, by `<type>: <title>`, and why. The test fails if one of
    /// them has data (the list would be stale) or any other panel has none.
    static let documentedEmpty: [String: String] = [
        "table: Firing monitoring alerts": "ALERTS: empty until a self-monitoring alert fires",
        "table: Firing alerts": "ALERTS: empty until one of the team's alerts fires (the stat beside it shows 0)",
        "timeseries: Loki ingestion by tenant": "loki_*: oac does not know where Loki runs, so nothing scrapes it",
        "stat: Log ingestion cost per month": "loki_*: oac does not know where Loki runs, so nothing scrapes it",
        "timeseries: Log ingestion cost per month by tenant": "loki_*: oac does not know where Loki runs, so nothing scrapes it"
    ]

    final class Target: @unchecked Sendable {
        private let lock = NSLock()
        private var good = 0.0, bad = 0.0, slow = 0.0, sum = 0.0
        private var last = Date()

        func exposition() -> String {
            lock.lock()
            defer { lock.unlock() }
            let dt = Date().timeIntervalSince(last)
            last = Date()
            // 20 requests a second: 5% errors and 5% slower than 250ms, half the budget of each 90% SLO.
            good += dt * 19
            bad += dt * 1
            slow += dt * 1
            sum += dt * 20 * 0.12
            let fast = good + bad - slow
            return """
                # TYPE http_requests_total counter
                http_requests_total{status="200"} \(good)
                http_requests_total{status="500"} \(bad)
                # TYPE http_request_duration_seconds histogram
                http_request_duration_seconds_bucket{le="0.1"} \(fast * 0.5)
                http_request_duration_seconds_bucket{le="0.25"} \(fast)
                http_request_duration_seconds_bucket{le="1"} \(good + bad)
                http_request_duration_seconds_bucket{le="+Inf"} \(good + bad)
                http_request_duration_seconds_sum \(sum)
                http_request_duration_seconds_count \(good + bad)

                """
        }
    }

    static func catalog(shardPort: Int, globalAddress: String, targets: [String], alertmanager: String) -> String {
        LiveTopology.catalog(
            name: "live", regions: [#"{name: lab, shards: 2, address: "127.0.1{shard}.1:\#(shardPort)"}"#], globalAddress: globalAddress,
            platform: [#"grafana: {url: "https://grafana.example.com"}"#], alerting: [#"alertmanagers: ["\#(alertmanager)"]"#],
            service: LiveTopology.staticTargets(targets) + "\n" + """
                metrics:
                  - {name: http_requests_total, type: counter, labels: {status: 2}}
                  - {name: http_request_duration_seconds, type: histogram, buckets: [0.1, 0.25, 1]}
                logs:
                  - {selector: '{app="checkout"}', volumePerDay: 1GB}
                """,
            moreSLOs: """
                  - name: latency
                    objective: 90
                    window: 1h
                    sli:
                      latency:
                        histogram: 'http_request_duration_seconds{job="checkout"}'
                        threshold: 250ms
                """)
    }

    /// A panel query with Grafana's variables filled as Grafana would for "All" and a short range.
    static func filled(_ expr: String) -> String {
        expr.replacingOccurrences(of: "$__rate_interval", with: "1m").replacingOccurrences(of: "$__interval", with: "15s")
            .replacingOccurrences(of: "$__range", with: "5m").replacingOccurrences(of: "${region}", with: ".*")
            .replacingOccurrences(of: "$region", with: ".*")
    }

    /// (error, number of series or 1 for a scalar) of an instant query.
    static func run(_ server: PrometheusProcess, _ promql: String) -> (error: String?, count: Int) {
        var components = URLComponents(string: "http://\(server.address)/api/v1/query")!
        components.queryItems = [URLQueryItem(name: "query", value: promql)]
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        guard let r = ExternalTools.get(components.url!, timeout: 20) else { return ("no answer", 0) }
        guard let object = try? JSONSerialization.jsonObject(with: r.body) as? [String: Any] else { return ("not JSON", 0) }
        if r.status != 200 { return ("\(r.status): \(object["error"] ?? "")", 0) }
        guard let data = object["data"] as? [String: Any] else { return ("no data", 0) }
        if let list = data["result"] as? [Any] {
            return (nil, data["resultType"] as? String == "scalar" ? 1 : list.count)
        }
        return (nil, 0)
    }

    static func panels(_ dashboard: [String: Any]) -> [[String: Any]] {
        var out: [[String: Any]] = []
        for p in dashboard["panels"] as? [[String: Any]] ?? [] {
            out.append(p)
            out += (p["panels"] as? [[String: Any]]) ?? []
        }
        return out
    }

    @Test(
        "every panel query of every dashboard answers from its datasource, with data unless documented empty",
        .requires(.prometheus), .timeLimit(.minutes(15)))
    func everyPanel() throws {
        let prometheus = try ExternalTool.prometheus.require()

        let targets = try LiveTopology.targetsOnTwoShards(counters: { _ in Target() }, exposition: { $0.exposition() })
        defer { for t in targets { t.server.stop() } }
        // An Alertmanager's /metrics, scraped by the global server for the self-monitoring rules and panels.
        let alertmanager = try MetricsServer {
            "# TYPE alertmanager_notifications_failed_total counter\nalertmanager_notifications_failed_total{integration=\"pagerduty\"} 0\n"
        }
        defer { alertmanager.stop() }

        let topology = try LiveTopology.start(
            prometheus: prometheus, workPrefix: "oac-dash-live",
            shards: LiveTopology.labTwoShards
        ) { shardPort, globalAddress in
            Self.catalog(shardPort: shardPort, globalAddress: globalAddress, targets: targets.map(\.server.address), alertmanager: alertmanager.address)
        }
        defer { topology.stop() }
        let out = topology.out
        let global = topology.global
        let shard = topology.shards[0]

        // Data flows: both SLOs recorded on the global server from both shards, and a minute of raw data.
        let ready = global.poll(#"count(oac_slo:total_events:rate5m{service="checkout"})"#, timeout: LiveTopology.Wait.federated) {
            ($0.first?.value ?? 0) >= 2
        }
        try #require((ready?.first?.value ?? 0) >= 2, "no SLO records on the global server:\n\(global.logText)")
        global.poll(#"count(alertmanager_notifications_failed_total)"#, timeout: LiveTopology.Wait.globalScrape) { !$0.isEmpty }
        // The slow SLO group (attainment, budget, info) runs every 2m: wait for its first evaluation.
        let slow = global.poll(#"count(oac_slo:info{service="checkout"})"#, timeout: LiveTopology.Wait.slowGroup) { ($0.first?.value ?? 0) >= 2 }
        try #require((slow?.first?.value ?? 0) >= 2, "the slow SLO group never ran:\n\(global.logText)")
        Thread.sleep(forTimeInterval: LiveTopology.Wait.settle)

        var checked = 0
        var emptyAsDocumented: Set<String> = []
        // Each rule group runs on its own clock, later still on a busy machine (a run beside `stress-ng --cpu 2`
        // once found the slow group's attainment and budget records missing 30 s after `oac_slo:info`): a panel
        // that should have data is polled until it has, within one generous deadline for all of them.
        let deadline = Date().addingTimeInterval(LiveTopology.Wait.panels)
        for (rel, data) in TestSupport.tree(out) where rel.hasPrefix("grafana/") && rel.hasSuffix(".json") {
            let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            for panel in Self.panels(dashboard) {
                let title = "\(panel["type"] as? String ?? ""): \(panel["title"] as? String ?? "")"
                for target in (panel["targets"] as? [[String: Any]]) ?? [] {
                    guard let expr = target["expr"] as? String else { continue }
                    let uid = (target["datasource"] as? [String: Any])?["uid"] as? String
                    let server = uid == "${shard}" ? shard : global
                    var answer = Self.run(server, Self.filled(expr))
                    while Self.documentedEmpty[title] == nil, answer.error == nil, answer.count == 0, Date() < deadline {
                        Thread.sleep(forTimeInterval: LiveTopology.Wait.panelInterval)
                        answer = Self.run(server, Self.filled(expr))
                    }
                    checked += 1
                    #expect(answer.error == nil, "\(rel): \(title): \(expr) → \(answer.error ?? "")")
                    if let reason = Self.documentedEmpty[title] {
                        let firing = (global.query("ALERTS") ?? []).map(\.labels)
                        #expect(answer.count == 0, "\(rel): \(title) has data but is listed as empty (\(reason)): \(firing)")
                        emptyAsDocumented.insert(title)
                    } else {
                        #expect(answer.count > 0, "\(rel): \(title) returned nothing from \(uid ?? "?"): \(Self.filled(expr))")
                    }
                }
            }
        }
        #expect(checked > 20)
        // Every documented entry names a panel that exists.
        #expect(emptyAsDocumented == Set(Self.documentedEmpty.keys))
    }
}
