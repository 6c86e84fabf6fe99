import OACCatalog
import OACDiagnostics

/// Labels whose values are unbounded (ids, addresses, timestamps, raw paths) multiply a metric's series.
public struct HighCardinalityLabelRule: LintRule {
    public static let id = "high-cardinality-label"

    /// Label names that hold a new value per user, request or moment.
    static let unbounded: Set<String> = [
        "user_id", "userid", "customer_id", "account_id", "tenant_user", "request_id", "req_id", "session_id",
        "trace_id", "span_id", "correlation_id", "transaction_id", "order_id", "email", "ip", "ip_address",
        "client_ip", "remote_addr", "remote_ip", "timestamp", "time", "date", "uuid", "guid"
    ]
    /// Label names that are bounded only when the application normalises them (route templates, not raw paths).
    static let pathLike: Set<String> = ["url", "path", "uri", "query", "full_path", "request_uri", "endpoint_url"]
    static let pathLimit = 100
    /// Suffixes of names that identify one thing among many (`tenant_id`, `device_uuid`, `client_ip`): accepted
    /// up to `pathLimit` declared values (a handful of shards or regions), flagged above.
    static let idSuffixes = ["_id", "_uuid", "_guid", "_ip", "_email", "_url", "_uri", "_path", "_addr", "_address", "_key", "_token"]
    /// Any label declaring more values than this is flagged, whatever its name.
    static let anyLabelLimit = 10_000

    static func isIDLike(_ name: String) -> Bool {
        pathLike.contains(name) || idSuffixes.contains { name.hasSuffix($0) && name.count > $0.count }
    }

    public init() {}

    public let description = RuleDescription(
        id: id, category: .instrumentation, severity: .warning,
        summary:
            "A metric label holds unbounded values: a known unbounded name, an id-like name (`*_id`, `*_uuid`, `*_ip`, `url`, `path` …) with more than 100 values, or any label with more than 10,000.",
        rationale: """
            Every distinct label value is a new time series in every Prometheus that scrapes it, kept for the whole \
            retention. An id, an address or a timestamp grows without bound: memory, disk and query time grow with \
            it until the shard falls over. Put such values in logs or traces (exemplars), and keep labels to small, \
            known sets. Names that are unbounded by nature (`user_id`, `request_id`, `session_id`, `trace_id`, \
            `email`, `ip`, `timestamp`, `uuid` …) are flagged whatever count they declare. Id-like names (ending in \
            `_id`, `_uuid`, `_guid`, `_ip`, `_email`, `_url`, `_uri`, `_path`, `_addr`, `_address`, `_key`, \
            `_token`, and `url`, `path`, `uri`, `query`, `endpoint_url` …) are accepted with at most 100 declared \
            values — shards, regions, route templates — and flagged above (`tenant_id: 5000`). Any label that \
            declares more than 10,000 values is flagged, whatever its name.
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
                - {name: http_requests_total, type: counter, labels: {route: 12, code: 5, ↓user_id: 50000}}
                - {name: http_request_bytes_total, type: counter, labels: {↓path: 2000, ↓tenant_id: 5000}}
                - {name: http_request_seconds_total, type: counter, labels: {↓sku: 20000}}
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
                - {name: http_request_bytes_total, type: counter, labels: {path: 40, shard_id: 16}}
                - {name: http_request_seconds_total, type: counter, labels: {sku: 200}}
              slos:
                - name: availability
                  objective: 99.9
                  sli:
                    events:
                      bad: 'http_requests_total{job="api",code=~"5.."}'
                      total: 'http_requests_total{job="api"}'
            """, group: .cost)

    public func check(_ context: LintContext) -> [Finding] {
        var out: [Finding] = []
        for s in context.catalog.services {
            for m in s.metrics {
                for (label, values) in m.sortedLabels {
                    let name = label.value.lowercased()
                    var entity: String { "\(s.entity)/metric/\(m.name.value)/label/\(label.value)" }
                    if Self.unbounded.contains(name) {
                        out.append(
                            Finding(
                                "label `\(label.value)` of `\(m.name.value)` holds unbounded values (one per id, address or moment)",
                                at: label.location, entity: entity,
                                hint: "drop the label and log the value instead, or attach it as an exemplar"))
                    } else if Self.pathLike.contains(name), values.value > Self.pathLimit {
                        out.append(
                            Finding(
                                "label `\(label.value)` of `\(m.name.value)` has \(grouped(values.value)) values; raw paths are unbounded",
                                at: label.location, entity: entity,
                                hint: "label with the route template (/users/{id}), at most \(Self.pathLimit) values"))
                    } else if Self.isIDLike(name), values.value > Self.pathLimit {
                        out.append(
                            Finding(
                                "label `\(label.value)` of `\(m.name.value)` names one of \(grouped(values.value)) things; an id-like label is accepted with at most \(Self.pathLimit) values",
                                at: label.location, entity: entity,
                                hint: "aggregate it away (sum without (\(label.value))) at the source, log the value, or attach it as an exemplar"))
                    } else if values.value > Self.anyLabelLimit {
                        out.append(
                            Finding(
                                "label `\(label.value)` of `\(m.name.value)` declares \(grouped(values.value)) values, more than \(grouped(Self.anyLabelLimit))",
                                at: label.location, entity: entity,
                                hint: "bucket the values into a small known set, or log them instead"))
                    }
                }
            }
        }
        return out
    }
}
