/// A two-region federation catalog with one service, small enough that every figure derived from it (series,
/// shards, cost, Loki limits) is computed by hand in the tests that use it.
public enum HandCatalog {
    /// Service `a`'s targets: three addresses in each region, each region scraping only its own.
    public static let staticTargets = """
          targets:
            static:
              r1: ["10.0.0.1:8080", "10.0.0.2:8080", "10.0.0.3:8080"]
              r2: ["10.0.1.1:8080", "10.0.1.2:8080", "10.0.1.3:8080"]
        """

    public static let text = """
        apiVersion: oac/v1
        kind: Platform
        metadata: {name: hand}
        spec:
          prometheus: {version: "2.42", scrapeInterval: 30s, evaluationInterval: 30s, seriesPerShard: 1000}
          regions:
            - {name: r1, shards: 2, address: "p-r1-{shard}:9090"}
            - {name: r2, shards: auto, address: "p-r2-{shard}:9090"}
          global: {mode: federation, address: "p-global:9090", retention: 40d}
          retentionTiers:
            - name: t
              metrics: {local: 10d, raw: 90d}
              logs: 30d
          pricing: {currency: EUR, perThousandSeriesMonth: 10, perGBLogsIngested: 0.5, perGBLogsStoredMonth: 0.1}
          alerting:
            burnRateWindows:
              - {severity: page, short: 5m, long: 1h, budgetPercent: 2}
        ---
        apiVersion: oac/v1
        kind: Team
        metadata: {name: t1}
        spec: {lokiTenant: tenant-one}
        ---
        apiVersion: oac/v1
        kind: Team
        metadata: {name: t2}
        ---
        apiVersion: oac/v1
        kind: Service
        metadata: {name: a}
        spec:
          owner: t1
          tier: t
          regions: [r1, r2]
        \(staticTargets)
          instances: 3
          metrics:
            - {name: c, type: counter, labels: {x: 4, y: 5}}
            - {name: h, type: histogram, buckets: [0.1, 0.5, 1], labels: {x: 4}}
            - {name: s, type: summary, quantiles: [0.5, 0.9, 0.99]}
            - {name: g, type: gauge}
          logs:
            - {selector: '{app="a"}', volumePerDay: 2GB}
            - {selector: '{app="a-debug"}', volumePerDay: 500MB, retention: 7d}
          slos:
            - name: availability
              objective: 99
              window: 30d
              sli:
                events:
                  bad: 'c{job="a",y="bad"}'
                  total: 'c{job="a"}'
        """
}
