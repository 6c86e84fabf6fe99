import Foundation
import OACCatalog
import OACModel
import OACRender
import OACTestSupport
import Testing

/// Each panel reads a server that holds its series: in a federation the global server holds only the SLI
/// aggregates, its own records and alerts and the servers' self-metrics, so raw-series panels read a shard.
@Suite("Dashboard data sources")
struct DashboardSourcesTests {
    static func panels(_ dashboard: [String: Any]) -> [[String: Any]] {
        var out: [[String: Any]] = []
        for p in dashboard["panels"] as? [[String: Any]] ?? [] {
            out.append(p)
            out += (p["panels"] as? [[String: Any]]) ?? []
        }
        return out.filter { !(($0["targets"] as? [[String: Any]]) ?? []).isEmpty }
    }

    static func uid(_ panel: [String: Any]) -> String? { (panel["datasource"] as? [String: Any])?["uid"] as? String }

    @Test("Grafana's range variables become ranges so that a panel's query parses, and its metric names are found")
    func rangeVariables() {
        #expect(
            DashboardSources.metricNames(#"sum(rate(http_requests_total{job="a"}[$__rate_interval])) / sum(rate(up[$__interval]))"#)
                == ["http_requests_total", "up"])
        #expect(DashboardSources.metricNames("increase(oac_slo:x[$__range]) and on() vector(1)") == ["oac_slo:x"])
        // A variable inside a string is filled in too, as before; `$__range_s` becomes `1h_s`, which does not parse.
        #expect(DashboardSources.metricNames(#"rate(x{path="/a$__range"}[5m])"#) == ["x"])
        #expect(DashboardSources.metricNames("rate(x[$__range_s])") == nil)
        #expect(DashboardSources.metricNames("rate(x[5m]) $") == nil)
    }

    @Test("in a federation, every panel reading a raw series reads the shard variable; the others the global server")
    func federation() throws {
        let rendered = try GrafanaTestSupport.rendered(GrafanaTestSupport.model(catalog: "catalog/example"))
        var shardPanels = 0
        for (path, dashboard) in rendered {
            for panel in Self.panels(dashboard) {
                let exprs = ((panel["targets"] as? [[String: Any]]) ?? []).compactMap { $0["expr"] as? String }
                let names = exprs.flatMap { DashboardSources.metricNames($0) ?? [] }
                // Written by hand: what the global server of a federation holds.
                let raw = names.filter {
                    !($0.hasPrefix("oac_sli:") || $0.hasPrefix("oac_slo:") || $0 == "ALERTS" || $0 == "up"
                        || $0.hasPrefix("prometheus_") || $0.hasPrefix("alertmanager_"))
                }
                let expected = raw.isEmpty ? "${datasource}" : "${shard}"
                #expect(Self.uid(panel) == expected, "\(path): \(panel["title"] ?? "") reads \(names)")
                for t in (panel["targets"] as? [[String: Any]]) ?? [] {
                    #expect((t["datasource"] as? [String: Any])?["uid"] as? String == expected)
                }
                if !raw.isEmpty { shardPanels += 1 }
            }
            let variables = ((dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            let readsShard = Self.panels(dashboard).contains { Self.uid($0) == "${shard}" }
            #expect(variables.contains("shard") == readsShard, "\(path): \(variables)")
        }
        #expect(shardPanels > 0)
    }

    @Test("with Thanos every panel reads the querier: no shard variable")
    func thanos() throws {
        let files = Repository.catalog("catalog/example").map {
            SourceFile(
                path: $0.path,
                contents: $0.contents.replacingOccurrences(of: "mode: federation", with: "mode: thanos")
                    .replacingOccurrences(of: "raw: 15d", with: "raw: 30d"))
        }
        let rendered = try GrafanaTestSupport.rendered(GrafanaTestSupport.model(files))
        for (path, dashboard) in rendered {
            for panel in Self.panels(dashboard) { #expect(Self.uid(panel) == "${datasource}", "\(path)") }
        }
    }
}
