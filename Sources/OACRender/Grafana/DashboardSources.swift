import Foundation
import OACModel
import OACPromQL

/// Which server each panel reads. With one Prometheus, Thanos or Mimir, the `datasource` variable's server holds
/// every series. In a federation the global server holds only what federation carries (`oac_sli:*`), what its
/// own rules record (`oac_slo:*`, `ALERTS`) and what it scrapes itself (the servers' and Alertmanagers'
/// self-metrics); a panel reading any other series reads the shard picked by the `shard` variable instead.
public enum DashboardSources {
    /// Metric-name prefixes of what the global server of a federation holds.
    /// (`scrape_*` is not among them: a server records it for the jobs it scrapes itself, and the services'
    /// jobs are scraped by the shards.)
    public static let globalPrefixes = ["oac_sli:", "oac_slo:", "prometheus_", "alertmanager_"]
    public static let globalNames: Set<String> = ["up", "ALERTS", "ALERTS_FOR_STATE"]

    /// Whether the global server of a federation holds `metric`.
    public static func globalHolds(_ metric: String) -> Bool {
        globalNames.contains(metric) || globalPrefixes.contains { metric.hasPrefix($0) }
    }

    /// The metric names `expr` selects (`$__…` variables replaced by a range so it parses); nil when it does
    /// not parse.
    public static func metricNames(_ expr: String) -> [String]? {
        guard let parsed = try? PromQL.parse(rangesFilledIn(expr)) else { return nil }
        return parsed.vectorSelectors.compactMap { s in
            s.metricName ?? s.matchers.first { $0.name == "__name__" }?.value
        }
    }

    /// Grafana's range variables replaced so that the query parses: `$__rate_interval` → `5m`, `$__interval` → `1m`,
    /// `$__range` → `1h` (their `_ms`/`_s` forms keep the suffix, which then fails to parse, as before). One pass over
    /// the bytes: Foundation's `replacingOccurrences` was a fifth of a 1,000-service compile, run on every panel.
    static func rangesFilledIn(_ expr: String) -> String {
        let dollar = UInt8(ascii: "$")
        guard expr.utf8.contains(dollar) else { return expr }
        let bytes = Array(expr.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        scan: while i < bytes.count {
            if bytes[i] == dollar {
                for (variable, value) in rangeVariables where bytes[i...].starts(with: variable) {
                    out += value
                    i += variable.count
                    continue scan
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let rangeVariables: [([UInt8], [UInt8])] = [
        (Array("$__rate_interval".utf8), Array("5m".utf8)), (Array("$__interval".utf8), Array("1m".utf8)),
        (Array("$__range".utf8), Array("1h".utf8))
    ]

    /// In a federation, moves every panel that reads a series the global server lacks to the `shard` datasource,
    /// and adds the `shard` variable when any panel moved.
    static func routed(_ dashboard: GrafanaDashboard, _ model: Model) -> GrafanaDashboard {
        var d = dashboard
        route(&d, model)
        return d
    }

    static func route(_ dashboard: inout GrafanaDashboard, _ model: Model) {
        guard Topology.isFederated(model.platform) else { return }
        var moved = false
        func visit(_ panel: inout GrafanaPanel) {
            if var nested = panel.panels {
                for j in nested.indices { visit(&nested[j]) }
                panel.panels = nested
            }
            guard var targets = panel.targets, !targets.isEmpty else { return }
            // The first target that reads a series the global server lacks decides; the rest need no parse.
            guard targets.contains(where: { t in (metricNames(t.expr) ?? []).contains { !globalHolds($0) } }) else { return }
            panel.datasource = .shard
            for t in targets.indices { targets[t].datasource = .shard }
            panel.targets = targets
            moved = true
        }
        for i in dashboard.panels.indices { visit(&dashboard.panels[i]) }
        if moved, !dashboard.templating.list.contains(where: { $0.name == Conventions.shardDatasourceVariable }) {
            dashboard.templating.list.insert(.shardDatasource, at: 1)
        }
    }
}
