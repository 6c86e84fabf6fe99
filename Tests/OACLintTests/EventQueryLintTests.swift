import OACCatalog
import OACDiagnostics
import OACLint
import Testing

/// Events SLIs written as PromQL (`badQuery`/`goodQuery` + `totalQuery`, as `oac import` writes them) are linted
/// like threshold queries: `$window` is filled in as the SLI rules fill it, and findings point into the catalog.
@Suite("Lint rules on events queries")
struct EventQueryLintTests {
    static func service(bad: String, total: String) -> String {
        """
        apiVersion: oac/v1
        kind: Service
        metadata: {name: api}
        spec:
          owner: web
          tier: gold
          runbook: https://runbooks.example.com/api
          metrics:
            - {name: http_requests_total, type: counter, labels: {code: 5}}
          slos:
            - name: availability
              objective: 99.9
              sli:
                events:
                  badQuery: '\(bad)'
                  totalQuery: '\(total)'
        """
    }

    static func lint(_ snippet: String, platform: String = RuleExamples.platform) -> LintReport {
        let files = RuleExamples.files(for: snippet).map { f in
            f.path == RuleExamples.platformPath ? SourceFile(path: f.path, contents: platform) : f
        }
        return LintHarness.lint(files).report
    }

    static func expected(_ snippet: String) -> [String] {
        RuleExamples.markers(in: snippet).map { "\(RuleExamples.examplePath):\($0.line):\($0.column)" }
    }

    @Test("a badQuery selector without the service's job is reported at the selector")
    func selectorWithoutJob() {
        let snippet = Self.service(
            bad: "sum(rate(↓http_requests_total{code=~\"5..\"}[$window]))",
            total: "sum(rate(http_requests_total{job=\"api\"}[$window]))")
        let report = Self.lint(snippet)
        #expect(LintHarness.places(report, rule: "sli-selector-scope") == Self.expected(snippet))
        #expect(report.diagnostics.first { $0.ruleID == "sli-selector-scope" }?.message.contains("badQuery") == true)
    }

    @Test("queries that pin the job are clean")
    func scopedQueriesAreClean() {
        let snippet = Self.service(
            bad: "sum(rate(http_requests_total{job=\"api\",code=~\"5..\"}[$window]))",
            total: "sum(rate(http_requests_total{job=\"api\"}[$window]))")
        let report = Self.lint(snippet)
        #expect(LintHarness.places(report, rule: "sli-selector-scope").isEmpty)
        #expect(LintHarness.places(report, rule: "promql-rate-range").isEmpty)
    }

    @Test("rate over $window is too short when the scrape interval is 2m, and a selector after it keeps its column")
    func windowTooShortForScrapeInterval() {
        let platform = RuleExamples.platform.replacingOccurrences(
            of: "prometheus: {retention: 400d}",
            with: "prometheus: {retention: 400d, scrapeInterval: 2m}")
        let snippet = Self.service(
            bad: "sum(rate(http_requests_total{job=\"api\",code=~\"5..\"}[$window])) or ↓http_requests_total",
            total: "sum(rate(http_requests_total{job=\"api\"}[$window]))")
        let report = Self.lint(snippet, platform: platform)
        #expect(report.diagnostics.filter { $0.ruleID == "promql-rate-range" }.count == 2)
        #expect(report.diagnostics.contains { $0.ruleID == "promql-rate-range" && $0.message.contains("[5m]") })
        // The unscoped selector after `[$window]` is found at its own column in the catalog.
        #expect(LintHarness.places(report, rule: "sli-selector-scope") == Self.expected(snippet))
    }
}
