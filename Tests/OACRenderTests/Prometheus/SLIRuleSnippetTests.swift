import Foundation
import OACTestSupport
import Testing

/// The SLI recording rules of each SLI kind, as exact text (see RuleSnippet). Every SLI kind records the same
/// two series, bad and total events per second over 5m, which the SLO rules then aggregate: the tests show
/// how each kind's catalog text becomes those two expressions.
@Suite("SLI rule snippets")
struct SLIRuleSnippetTests {
    static let eventsSLI = RuleSnippet(
        name: "events",
        catalog: CatalogBuilder().service(
            "api",
            """
            metrics:
              - {name: http_requests_total, type: counter, labels: {code: 5}}
            slos:
              - name: availability
                objective: 99.9
                sli:
                  events:
                    bad: 'http_requests_total{job="api",code=~"5.."}'
                    total: 'http_requests_total{job="api"}'
            """),
        file: "prometheus/rules/api.sli.rules.yml", group: "oac:api:sli",
        // bad: the rate of the bad selector, summed; `or (total * 0)` makes it 0, not absent, while no request
        // has failed yet, so the error ratio is 0 rather than missing. total: the rate of the total selector.
        expected: #"""
              - name: 'oac:api:sli'
                rules:
                  - record: 'oac_sli:bad_events:rate5m'
                    expr: 'sum(rate(http_requests_total{job="api",code=~"5.."}[5m])) or (sum(rate(http_requests_total{job="api"}[5m])) * 0)'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_sli:total_events:rate5m'
                    expr: 'sum(rate(http_requests_total{job="api"}[5m]))'
                    labels:
                      service: api
                      slo: availability
            """#)

    @Test("an events SLI records the summed 5m rates of its bad and total selectors")
    func events() throws { try Self.eventsSLI.verify() }

    static let latencySLI = RuleSnippet(
        name: "latency",
        catalog: CatalogBuilder().service(
            "api",
            """
            metrics:
              - {name: http_request_duration_seconds, type: histogram, buckets: [0.1, 0.5, 1]}
            slos:
              - name: latency
                objective: 99
                sli:
                  latency:
                    histogram: 'http_request_duration_seconds{job="api"}'
                    threshold: 500ms
            """),
        file: "prometheus/rules/api.sli.rules.yml", group: "oac:api:sli",
        // 500ms is the bucket bound 0.5 (seconds): good requests are those in the `le="0.5"` bucket, so
        // bad = all requests (`_count`) − that bucket. The bucket is selected by its bound with a regex matching
        // every text Prometheus may store for 0.5 (`0.5`, `0.50`, `.5`, `5e-01`, `5.0E-1`, `50e-2`, `0.05e1` …; what
        // it matches and refuses is tested in FloatSpellingsTests), backslashes doubled inside the single-quoted YAML.
        expected: #"""
              - name: 'oac:api:sli'
                rules:
                  - record: 'oac_sli:bad_events:rate5m'
                    expr: 'sum(rate(http_request_duration_seconds_count{job="api"}[5m])) - sum(rate(http_request_duration_seconds_bucket{job="api",le=~"\\+?(?:0*5000(?:\\.0*)?[eE]-0*4|0*500(?:\\.0*)?[eE]-0*3|0*50(?:\\.0*)?[eE]-0*2|0*5(?:\\.0*)?[eE]-0*1|0*\\.50*(?:[eE][+-]?0+)?|0*\\.050*[eE]\\+?0*1|0*\\.0050*[eE]\\+?0*2)"}[5m]))'
                    labels:
                      service: api
                      slo: latency
                  - record: 'oac_sli:total_events:rate5m'
                    expr: 'sum(rate(http_request_duration_seconds_count{job="api"}[5m]))'
                    labels:
                      service: api
                      slo: latency
            """#)

    @Test("a latency SLI counts requests slower than the threshold's bucket as bad")
    func latency() throws { try Self.latencySLI.verify() }

    static let thresholdSLI = RuleSnippet(
        name: "threshold",
        catalog: CatalogBuilder().service(
            "model",
            """
            metrics:
              - {name: model_accuracy, type: gauge}
            slos:
              - name: accuracy
                objective: 99
                window: 7d
                sli:
                  threshold:
                    query: 'min(model_accuracy{job="model"})'
                    op: ">="
                    value: 0.92
            """),
        file: "prometheus/rules/model.sli.rules.yml", group: "oac:model:sli",
        // One evaluation is one time slice: `query >= bool 0.92` is 1 when the slice is good, 0 when bad.
        // bad = 1 − good; total = 1 for every slice that has a value (`… * 0 + 1`), none while the query is empty.
        expected: #"""
              - name: 'oac:model:sli'
                rules:
                  - record: 'oac_sli:bad_events:rate5m'
                    expr: '1 - min((min(model_accuracy{job="model"})) >= bool 0.92)'
                    labels:
                      service: model
                      slo: accuracy
                  - record: 'oac_sli:total_events:rate5m'
                    expr: 'min((min(model_accuracy{job="model"})) >= bool 0.92) * 0 + 1'
                    labels:
                      service: model
                      slo: accuracy
            """#)

    @Test("a threshold SLI counts each evaluation as one good or one bad slice")
    func threshold() throws { try Self.thresholdSLI.verify() }

    static let eventQuerySLI = RuleSnippet(
        name: "event query",
        catalog: CatalogBuilder().service(
            "wifi",
            """
            slos:
              - name: satisfaction
                objective: 95
                window: 7d
                sli:
                  events:
                    badQuery: 'sum_over_time((count(client_satisfaction_ratio{job="wifi"} < 0.75))[$window:]) or on() vector(0)'
                    totalQuery: 'sum_over_time((count(client_satisfaction_ratio{job="wifi"}))[$window:])'
            """),
        file: "prometheus/rules/wifi.sli.rules.yml", group: "oac:wifi:sli",
        // `$window` becomes 5m in both queries; each query's result is summed (a query may keep labels), and
        // bad falls back to `total * 0` like a selector's.
        expected: #"""
              - name: 'oac:wifi:sli'
                rules:
                  - record: 'oac_sli:bad_events:rate5m'
                    expr: 'sum(sum_over_time((count(client_satisfaction_ratio{job="wifi"} < 0.75))[5m:]) or on() vector(0)) or (sum(sum_over_time((count(client_satisfaction_ratio{job="wifi"}))[5m:])) * 0)'
                    labels:
                      service: wifi
                      slo: satisfaction
                  - record: 'oac_sli:total_events:rate5m'
                    expr: 'sum(sum_over_time((count(client_satisfaction_ratio{job="wifi"}))[5m:]))'
                    labels:
                      service: wifi
                      slo: satisfaction
            """#)

    @Test("an events SLI written as queries gets $window replaced by 5m and each query summed")
    func eventQuery() throws { try Self.eventQuerySLI.verify() }

    static let all = [eventsSLI, latencySLI, thresholdSLI, eventQuerySLI]

    @Test("promtool check rules accepts each SLI snippet's group", .requires(.promtool), arguments: all)
    func promtoolAccepts(snippet: RuleSnippet) throws {
        try PromtoolCheck.rules(snippet.actual())
    }
}
