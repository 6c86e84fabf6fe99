// Length: ~420 lines on purpose: each snippet test is a catalog fragment, the exact rule group it must give and
// the hand computation of its thresholds; splitting the file would only separate cases that share one prelude.

import Foundation
import OACTestSupport
import Testing

/// The SLO rule groups for a calendar window and for a custom burn-rate table, as exact text (see RuleSnippet).
/// Every number in them is computed by hand in the comments: a burn-rate factor is
/// `budgetPercent / 100 × window / long window`, rounded to 6 decimals, and its alert threshold is
/// `factor × (1 − objective)`. (This file is long because the expected groups are written out in full.)
@Suite("SLO rule snippets")
struct SLORuleSnippetTests {
    static let availability = """
        metrics:
          - {name: http_requests_total, type: counter, labels: {code: 5}}
        slos:
          - name: availability
            objective: OBJECTIVE
            window: WINDOW
            sli:
              events:
                bad: 'http_requests_total{job="api",code=~"5.."}'
                total: 'http_requests_total{job="api"}'
        """

    static func catalog(objective: String, window: String) -> CatalogBuilder {
        CatalogBuilder().service(
            "api",
            availability.replacingOccurrences(of: "OBJECTIVE", with: objective)
                .replacingOccurrences(of: "WINDOW", with: window))
    }

    // A calendar week at 99.5 %, with the default (SRE Workbook) table: budget = 1 − 0.995 = 0.005.
    // Burn rates use the week's length, 7d = 168h:
    //   ticket 10 % / 1d: 0.10 × 168h / 24h = 0.7        → threshold 0.7 × 0.005 = 0.0035
    //   ticket 10 % / 3d: 0.10 × 168h / 72h = 7/30 = 0.2333… → 7/30 × 0.005 = 7/6000 = 0.0011666…, written to 20
    //   significant digits (0.0011666666666666666667, the float64 Prometheus reads for 7/6000); texts show 4.
    //   (the page rows, 3.36 and 1.4, are in the fast group.)
    // `for` is a fifth of the short window (at least 1m): 2h → 24m, 6h → 72m = 1h12m.
    // oac_slo:window:seconds = 7 × 86400 = 604800. The week index is floor((t − 345600) / 604800): the epoch,
    // 1970-01-01, was a Thursday, and 345600 s = 4 days later is Monday 1970-01-05, where ISO weeks start.
    // The period's ratio sums the hourly rates of the hours (t − 3600: an hour counts once it has ended)
    // whose week index is the current one, over a 1w:1h subquery; budget remaining = 1 − ratio / 0.005,
    // and the policy's budget spent = ratio / 0.005, in review from 0.75 and frozen from 1 (the defaults).
    // "about 30d" in the 3d row's text: the budget is gone in long / budget share = 72h / 0.10 = 720h = 30d.
    static let calendarWeek = RuleSnippet(
        name: "calendar week",
        catalog: catalog(objective: "99.5", window: "week"),
        file: "prometheus/rules/api.slo.rules.yml", group: "oac:api:slo-slow",
        expected: #"""
              - name: 'oac:api:slo-slow'
                interval: 2m
                rules:
                  - record: 'oac_slo:bad_events:rate1h'
                    expr: 'avg_over_time(oac_slo:bad_events:rate5m{service="api",slo="availability"}[1h])'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:total_events:rate1h'
                    expr: 'avg_over_time(oac_slo:total_events:rate5m{service="api",slo="availability"}[1h])'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:error_ratio:rate2h'
                    expr: 'sum_over_time(oac_slo:bad_events:rate5m{service="api",slo="availability"}[2h]) / clamp_min(sum_over_time(oac_slo:total_events:rate5m{service="api",slo="availability"}[2h]), 1e-12)'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:error_ratio:rate6h'
                    expr: 'sum_over_time(oac_slo:bad_events:rate5m{service="api",slo="availability"}[6h]) / clamp_min(sum_over_time(oac_slo:total_events:rate5m{service="api",slo="availability"}[6h]), 1e-12)'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:error_ratio:rate1d'
                    expr: 'sum_over_time(oac_slo:bad_events:rate1h{service="api",slo="availability"}[1d]) / clamp_min(sum_over_time(oac_slo:total_events:rate1h{service="api",slo="availability"}[1d]), 1e-12)'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:error_ratio:rate3d'
                    expr: 'sum_over_time(oac_slo:bad_events:rate1h{service="api",slo="availability"}[3d]) / clamp_min(sum_over_time(oac_slo:total_events:rate1h{service="api",slo="availability"}[3d]), 1e-12)'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:burn_rate:rate2h'
                    expr: 'oac_slo:error_ratio:rate2h{service="api",slo="availability"} / 0.005'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:burn_rate:rate6h'
                    expr: 'oac_slo:error_ratio:rate6h{service="api",slo="availability"} / 0.005'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:burn_rate:rate1d'
                    expr: 'oac_slo:error_ratio:rate1d{service="api",slo="availability"} / 0.005'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:burn_rate:rate3d'
                    expr: 'oac_slo:error_ratio:rate3d{service="api",slo="availability"} / 0.005'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:calendar_period:index'
                    expr: 'floor((vector(time() - 300) - 345600) / 604800)'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:error_ratio:calendar_period'
                    expr: '(sum(sum_over_time((sum_over_time(oac_slo:bad_events:rate5m{service="api",slo="availability"}[55m:5m]) and on() (floor((vector(time() - 3600) - 345600) / 604800) == on() oac_slo:calendar_period:index{service="api",slo="availability"} @ end()))[1w:1h])) or vector(0)) / clamp_min((sum(sum_over_time((sum_over_time(oac_slo:total_events:rate5m{service="api",slo="availability"}[55m:5m]) and on() (floor((vector(time() - 3600) - 345600) / 604800) == on() oac_slo:calendar_period:index{service="api",slo="availability"} @ end()))[1w:1h])) or vector(0)), 1e-12)'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:error_ratio:slo_window'
                    expr: 'oac_slo:error_ratio:calendar_period{service="api",slo="availability"}'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:attainment:slo_window'
                    expr: '1 - oac_slo:error_ratio:calendar_period{service="api",slo="availability"}'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:error_budget_remaining:ratio'
                    expr: '1 - oac_slo:error_ratio:calendar_period{service="api",slo="availability"} / 0.005'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:objective:ratio'
                    expr: 'vector(0.995)'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:error_budget:ratio'
                    expr: 'vector(0.005)'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:window:seconds'
                    expr: 'vector(604800)'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:info'
                    expr: 'vector(1)'
                    labels:
                      service: api
                      sli_kind: events
                      slo: availability
                      team: t
                      tier: std
                  - record: 'oac_slo:error_budget_spent:ratio'
                    expr: 'oac_slo:error_ratio:calendar_period{service="api",slo="availability"} / 0.005'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:policy_state:value'
                    expr: '(oac_slo:error_budget_spent:ratio{service="api",slo="availability"} >= bool 0.75) + (oac_slo:error_budget_spent:ratio{service="api",slo="availability"} >= bool 1)'
                    labels:
                      service: api
                      slo: availability
                  - alert: SLOBurnRate
                    expr: '(oac_slo:error_ratio:rate1d{service="api",slo="availability"} > 0.0035 and oac_slo:error_ratio:rate2h{service="api",slo="availability"} > 0.0035)'
                    for: 24m
                    labels:
                      long_window: 1d
                      service: api
                      severity: ticket
                      short_window: 2h
                      slo: availability
                      team: t
                      tier: std
                    annotations:
                      description: 'The error ratio over the last 1d and 2h is above 0.35% (0.7 × the 0.5% budget of a 99.5% objective over calendar week). At this rate the whole budget is gone in about 10d; 10% of it burns every 1d.'
                      runbook_url: ''
                      summary: 'api availability is burning its error budget 0.7x too fast'
                  - alert: SLOBurnRate
                    expr: '(oac_slo:error_ratio:rate3d{service="api",slo="availability"} > 0.0011666666666666666667 and oac_slo:error_ratio:rate6h{service="api",slo="availability"} > 0.0011666666666666666667)'
                    for: 1h12m
                    labels:
                      long_window: 3d
                      service: api
                      severity: ticket
                      short_window: 6h
                      slo: availability
                      team: t
                      tier: std
                    annotations:
                      description: 'The error ratio over the last 3d and 6h is above 0.1167% (0.2333 × the 0.5% budget of a 99.5% objective over calendar week). At this rate the whole budget is gone in about 30d; 10% of it burns every 3d.'
                      runbook_url: ''
                      summary: 'api availability is burning its error budget 0.2333x too fast'
                  - record: 'oac_service:policy_state:value'
                    expr: 'max(oac_slo:policy_state:value{service="api"})'
                    labels:
                      service: api
                  - alert: ErrorBudgetFreeze
                    expr: 'oac_service:policy_state:value{service="api"} >= 2'
                    labels:
                      service: api
                      severity: ticket
                      team: t
                      tier: std
                    annotations:
                      description: 'api has spent at least 100% of an SLO''s error budget over the SLO window: its error-budget policy freezes changes; only fix, security, p0 ship until the budget recovers.'
                      runbook_url: ''
                      summary: 'api is in error-budget freeze'
            """#)

    @Test("a calendar week counts the budget from Monday 00:00 UTC and sizes burn rates on 7 days")
    func calendarWindow() throws { try Self.calendarWeek.verify() }

    // A custom table over a rolling 28d window at 99 %: budget = 1 − 0.99 = 0.01, window = 28d = 672h.
    //   page 2 % / 1h (short 5m):    0.02 × 672h / 1h = 13.44 → threshold 13.44 × 0.01 = 0.1344, for 5m/5 = 1m
    //   ticket 5 % / 6h (short 30m): 0.05 × 672h / 6h = 5.6   → threshold 5.6 × 0.01 = 0.056,   for 30m/5 = 6m
    // "gone in about 2d2h": 672h / 13.44 = 50h. The 5m, 30m and 1h ratios are computed every evaluation (fast
    // group); 6h and the 4w window every 2m (slow group). 28d = 4w = 2419200 s.
    static let customTableFast = RuleSnippet(
        name: "custom burn-rate table, fast group",
        catalog: catalog(objective: "99", window: "28d").platform(
            """
            alerting:
              burnRateWindows:
                - {severity: page, short: 5m, long: 1h, budgetPercent: 2}
                - {severity: ticket, short: 30m, long: 6h, budgetPercent: 5}
            """),
        file: "prometheus/rules/api.slo.rules.yml", group: "oac:api:slo-fast",
        expected: #"""
              - name: 'oac:api:slo-fast'
                rules:
                  - record: 'oac_slo:bad_events:rate5m'
                    expr: 'sum(oac_sli:bad_events:rate5m{service="api",slo="availability"})'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:total_events:rate5m'
                    expr: 'sum(oac_sli:total_events:rate5m{service="api",slo="availability"})'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:error_ratio:rate5m'
                    expr: 'oac_slo:bad_events:rate5m{service="api",slo="availability"} / clamp_min(oac_slo:total_events:rate5m{service="api",slo="availability"}, 1e-12)'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:error_ratio:rate30m'
                    expr: 'sum_over_time(oac_slo:bad_events:rate5m{service="api",slo="availability"}[30m]) / clamp_min(sum_over_time(oac_slo:total_events:rate5m{service="api",slo="availability"}[30m]), 1e-12)'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:error_ratio:rate1h'
                    expr: 'sum_over_time(oac_slo:bad_events:rate5m{service="api",slo="availability"}[1h]) / clamp_min(sum_over_time(oac_slo:total_events:rate5m{service="api",slo="availability"}[1h]), 1e-12)'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:burn_rate:rate5m'
                    expr: 'oac_slo:error_ratio:rate5m{service="api",slo="availability"} / 0.01'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:burn_rate:rate30m'
                    expr: 'oac_slo:error_ratio:rate30m{service="api",slo="availability"} / 0.01'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:burn_rate:rate1h'
                    expr: 'oac_slo:error_ratio:rate1h{service="api",slo="availability"} / 0.01'
                    labels:
                      service: api
                      slo: availability
                  - alert: SLOBurnRate
                    expr: '(oac_slo:error_ratio:rate1h{service="api",slo="availability"} > 0.1344 and oac_slo:error_ratio:rate5m{service="api",slo="availability"} > 0.1344)'
                    for: 1m
                    labels:
                      long_window: 1h
                      service: api
                      severity: page
                      short_window: 5m
                      slo: availability
                      team: t
                      tier: std
                    annotations:
                      description: 'The error ratio over the last 1h and 5m is above 13.44% (13.44 × the 1% budget of a 99% objective over 4w). At this rate the whole budget is gone in about 2d2h; 2% of it burns every 1h.'
                      runbook_url: ''
                      summary: 'api availability is burning its error budget 13.44x too fast'
                  - alert: SLONoData
                    expr: 'absent(oac_slo:total_events:rate5m{service="api",slo="availability"}) or absent(oac_slo:bad_events:rate5m{service="api",slo="availability"})'
                    for: 10m
                    labels:
                      service: api
                      severity: ticket
                      slo: availability
                      team: t
                      tier: std
                    annotations:
                      description: 'No events, or no bad-events series, for SLO availability of api for 10m: the instrumentation, the scrape or the recording rules are broken (for a latency SLO, the threshold''s bucket may be missing), and burn-rate alerts cannot fire.'
                      runbook_url: ''
                      summary: 'api availability has no SLI data'
            """#)

    static let customTableSlow = RuleSnippet(
        name: "custom burn-rate table, slow group",
        catalog: customTableFast.catalog,
        file: "prometheus/rules/api.slo.rules.yml", group: "oac:api:slo-slow",
        expected: #"""
              - name: 'oac:api:slo-slow'
                interval: 2m
                rules:
                  - record: 'oac_slo:bad_events:rate1h'
                    expr: 'avg_over_time(oac_slo:bad_events:rate5m{service="api",slo="availability"}[1h])'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:total_events:rate1h'
                    expr: 'avg_over_time(oac_slo:total_events:rate5m{service="api",slo="availability"}[1h])'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:error_ratio:rate6h'
                    expr: 'sum_over_time(oac_slo:bad_events:rate5m{service="api",slo="availability"}[6h]) / clamp_min(sum_over_time(oac_slo:total_events:rate5m{service="api",slo="availability"}[6h]), 1e-12)'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:error_ratio:rate4w'
                    expr: 'sum_over_time(oac_slo:bad_events:rate1h{service="api",slo="availability"}[4w]) / clamp_min(sum_over_time(oac_slo:total_events:rate1h{service="api",slo="availability"}[4w]), 1e-12)'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:burn_rate:rate6h'
                    expr: 'oac_slo:error_ratio:rate6h{service="api",slo="availability"} / 0.01'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:error_ratio:slo_window'
                    expr: 'oac_slo:error_ratio:rate4w{service="api",slo="availability"}'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:attainment:slo_window'
                    expr: '1 - oac_slo:error_ratio:rate4w{service="api",slo="availability"}'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:error_budget_remaining:ratio'
                    expr: '1 - oac_slo:error_ratio:rate4w{service="api",slo="availability"} / 0.01'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:objective:ratio'
                    expr: 'vector(0.99)'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:error_budget:ratio'
                    expr: 'vector(0.01)'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:window:seconds'
                    expr: 'vector(2419200)'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:info'
                    expr: 'vector(1)'
                    labels:
                      service: api
                      sli_kind: events
                      slo: availability
                      team: t
                      tier: std
                  - record: 'oac_slo:error_budget_spent:ratio'
                    expr: 'oac_slo:error_ratio:rate4w{service="api",slo="availability"} / 0.01'
                    labels:
                      service: api
                      slo: availability
                  - record: 'oac_slo:policy_state:value'
                    expr: '(oac_slo:error_budget_spent:ratio{service="api",slo="availability"} >= bool 0.75) + (oac_slo:error_budget_spent:ratio{service="api",slo="availability"} >= bool 1)'
                    labels:
                      service: api
                      slo: availability
                  - alert: SLOBurnRate
                    expr: '(oac_slo:error_ratio:rate6h{service="api",slo="availability"} > 0.056 and oac_slo:error_ratio:rate30m{service="api",slo="availability"} > 0.056)'
                    for: 6m
                    labels:
                      long_window: 6h
                      service: api
                      severity: ticket
                      short_window: 30m
                      slo: availability
                      team: t
                      tier: std
                    annotations:
                      description: 'The error ratio over the last 6h and 30m is above 5.6% (5.6 × the 1% budget of a 99% objective over 4w). At this rate the whole budget is gone in about 5d; 5% of it burns every 6h.'
                      runbook_url: ''
                      summary: 'api availability is burning its error budget 5.6x too fast'
                  - record: 'oac_service:policy_state:value'
                    expr: 'max(oac_slo:policy_state:value{service="api"})'
                    labels:
                      service: api
                  - alert: ErrorBudgetFreeze
                    expr: 'oac_service:policy_state:value{service="api"} >= 2'
                    labels:
                      service: api
                      severity: ticket
                      team: t
                      tier: std
                    annotations:
                      description: 'api has spent at least 100% of an SLO''s error budget over the SLO window: its error-budget policy freezes changes; only fix, security, p0 ship until the budget recovers.'
                      runbook_url: ''
                      summary: 'api is in error-budget freeze'
            """#)

    @Test("a custom burn-rate table gives one alert per row, with factor budget × window / long window")
    func customBurnRateTable() throws {
        try Self.customTableFast.verify()
        try Self.customTableSlow.verify()
    }

    static let all = [calendarWeek, customTableFast, customTableSlow]

    @Test("promtool check rules accepts each SLO snippet's group", .requires(.promtool), arguments: all)
    func promtoolAccepts(snippet: RuleSnippet) throws {
        try PromtoolCheck.rules(snippet.actual())
    }
}
