import Foundation

/// `oac-bench --shared-counter 250,1000,10000`: `oac compile` of one service whose SLOs all read one counter
/// (issue 21: the promtool tests used to grow with the square of them). Prints wall and CPU time, peak memory
/// and the size of the service's promtool test file.
extension Bench {
    /// One service with `count` availability SLOs over `http_requests_total{job="shop"}`, same objective.
    static func sharedCounterCatalog(_ count: Int) -> String {
        var text = """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: bench}
            spec:
              prometheus: {version: "2.42", scrapeInterval: 1m, evaluationInterval: 1m, retention: 30d}
              regions: [{name: local, shards: 1, address: "prometheus-{shard}.monitoring.svc:9090"}]
              retentionTiers:
                - {name: standard, metrics: {local: 15d, raw: 30d, downsampled5m: 90d, downsampled1h: 1y}, logs: 14d}
              alerting: {owner: web}
            ---
            apiVersion: oac/v1
            kind: Team
            metadata: {name: web}
            spec:
              page: {pagerduty: {routingKeyFile: /etc/alertmanager/secrets/web-pagerduty}}
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: shop}
            spec:
              owner: web
              tier: standard
              targets: {kubernetes: {namespace: web, selector: "app=shop"}}
              metrics:
                - {name: http_requests_total, type: counter, labels: {code: 6}}
              slos:

            """
        for i in 1...count {
            text += """
                    - name: availability-\(i)
                      objective: 99.5
                      window: 28d
                      sli:
                        events:
                          good: 'http_requests_total{job="shop",code!~"5.."}'
                          total: 'http_requests_total{job="shop"}'

                """
        }
        return text
    }

    static func sharedCounterBench(_ oac: URL, sizes: [Int], workDir: URL) throws {
        let header = ["SLOs on one counter", "compile s", "compile CPU s", "compile MB", "test file MB", "exit"]
        var rows: [[String]] = []
        for n in sizes {
            let dir = workDir.appendingPathComponent("shared-\(n)")
            try? FileManager.default.removeItem(at: dir)
            let catalog = dir.appendingPathComponent("catalog")
            try FileManager.default.createDirectory(at: catalog, withIntermediateDirectories: true)
            try Data(sharedCounterCatalog(n).utf8).write(to: catalog.appendingPathComponent("catalog.yaml"))
            let out = dir.appendingPathComponent("out")
            let m = run(oac, ["compile", catalog.path, "--out", out.path])
            let test = out.appendingPathComponent("prometheus/rules/shop.test.yml").path
            let bytes = (try? FileManager.default.attributesOfItem(atPath: test)[.size] as? Int) ?? 0
            rows.append([
                "\(n)", fmt(m.seconds), fmt(m.cpuSeconds), String(format: "%.0f", m.peakMB), String(format: "%.1f", Double(bytes) / 1_048_576),
                "\(m.status)"
            ])
            try? FileManager.default.removeItem(at: dir)
        }
        print(table(header, rows))
    }
}
