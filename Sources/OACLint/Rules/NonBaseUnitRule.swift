import OACCatalog
import OACDiagnostics

/// Metric names carry base units: seconds, bytes, ratios.
public struct NonBaseUnitRule: LintRule {
    public static let id = "non-base-unit"

    /// Name word → the base unit to use instead.
    static let units: [String: String] = [
        "milliseconds": "seconds", "millis": "seconds", "ms": "seconds", "microseconds": "seconds", "us": "seconds",
        "nanoseconds": "seconds", "ns": "seconds", "minutes": "seconds", "hours": "seconds", "days": "seconds",
        "kilobytes": "bytes", "megabytes": "bytes", "gigabytes": "bytes", "terabytes": "bytes", "kb": "bytes",
        "mb": "bytes", "gb": "bytes", "kib": "bytes", "mib": "bytes", "gib": "bytes", "bits": "bytes",
        "percent": "ratio", "percentage": "ratio"
    ]

    public init() {}

    public let description = RuleDescription(
        id: id, category: .instrumentation, severity: .warning,
        summary: "A metric name uses a non-base unit (`_milliseconds`, `_kilobytes`, `_percent`, …).",
        rationale: """
            Prometheus uses base units everywhere: seconds, bytes, ratios from 0 to 1. Mixing units across services \
            makes every dashboard and alert convert by hand, and a latency SLO threshold written in seconds against \
            a millisecond histogram is off by a factor of 1000. Grafana converts base units for display.
            """,
        failing: """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: gold
              runbook: https://runbooks.example.com/api
              metrics:
                - {name: http_requests_total, type: counter, labels: {route: 12, code: 5}}
                - {name: ↓queue_wait_milliseconds, type: gauge}
                - {name: ↓cache_size_kilobytes, type: gauge}
              slos:
                - name: availability
                  objective: 99.9
                  sli:
                    events:
                      bad: 'http_requests_total{job="api",code=~"5.."}'
                      total: 'http_requests_total{job="api"}'
            """,
        passing: """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: gold
              runbook: https://runbooks.example.com/api
              metrics:
                - {name: http_requests_total, type: counter, labels: {route: 12, code: 5}}
                - {name: queue_wait_seconds, type: gauge}
                - {name: cache_size_bytes, type: gauge}
              slos:
                - name: availability
                  objective: 99.9
                  sli:
                    events:
                      bad: 'http_requests_total{job="api",code=~"5.."}'
                      total: 'http_requests_total{job="api"}'
            """)

    public func check(_ context: LintContext) -> [Finding] {
        var out: [Finding] = []
        // Services declare the same few metric names over and over: look each name up once.
        var unitOf: [String: (word: String, base: String)?] = [:]
        for s in context.catalog.services {
            for m in s.metrics {
                let unit: (word: String, base: String)?
                if let known = unitOf[m.name.value] {
                    unit = known
                } else {
                    unit = Self.unit(of: m.name.value)
                    unitOf[m.name.value] = unit
                }
                guard let (word, base) = unit else { continue }
                out.append(
                    Finding(
                        "`\(m.name.value)` is in \(word); metric names use base units (\(base))",
                        at: m.name.location, entity: "\(s.entity)/metric/\(m.name.value)",
                        hint: "expose the value in \(base) and name it `…_\(base)`"))
            }
        }
        return out
    }

    /// The first word of a metric name that is a non-base unit, with the base unit to use.
    static func unit(of name: String) -> (word: String, base: String)? {
        let words = name.lowercased().split(separator: "_").map(String.init)
        guard let word = words.first(where: { units[$0] != nil }), let base = units[word] else { return nil }
        return (word, base)
    }
}
