import OACCatalog
import OACDiagnostics
import OACLint
import Testing

/// Configuration, ignore comments and `--base` matching.
@Suite("Linter")
struct LinterTests {
    /// A service without a runbook, with a counter missing `_total` on line 9.
    static func service(_ extra: String = "", runbookComment: String = "") -> String {
        """
        apiVersion: oac/v1
        kind: Service
        metadata: {name: api}\(runbookComment)
        spec:
          owner: web
          tier: gold
          metrics:
            - {name: http_requests_total, type: counter, labels: {route: 12, code: 5}}
            - {name: queue_jobs, type: counter}\(extra)
          slos:
            - name: availability
              objective: 99.9
              sli:
                events:
                  bad: 'http_requests_total{job="api",code=~"5.."}'
                  total: 'http_requests_total{job="api"}'
        """
    }

    static func lint(_ snippet: String, lint settings: String? = nil) -> LintReport {
        var files = RuleExamples.files(for: snippet)
        if let settings {
            files = files.map { f in
                guard f.path == RuleExamples.platformPath else { return f }
                return SourceFile(path: f.path, contents: f.contents + "  lint:\n" + settings)
            }
        }
        return LintHarness.lint(files).report
    }

    @Test("findings carry the rule's default severity and the exact place")
    func defaults() {
        let report = Self.lint(Self.service())
        #expect(LintHarness.places(report, rule: "missing-runbook") == ["example.yaml:3:18"])
        #expect(LintHarness.places(report, rule: "counter-total-suffix") == ["example.yaml:9:14"])
        #expect(report.diagnostics.first { $0.ruleID == "missing-runbook" }?.severity == .warning)
        #expect(!report.fails(strict: false))
        #expect(report.fails(strict: true))
    }

    @Test("spec.lint turns rules off and changes their severity")
    func overrides() {
        let report = Self.lint(Self.service(), lint: "    missing-runbook: off\n    counter-total-suffix: error\n")
        #expect(LintHarness.places(report, rule: "missing-runbook").isEmpty)
        #expect(report.diagnostics.first { $0.ruleID == "counter-total-suffix" }?.severity == .error)
        #expect(report.fails(strict: false))
        #expect(LintHarness.places(report, rule: "lint-config").isEmpty)
    }

    @Test("spec.lint sets the series budget")
    func budget() {
        let snippet = Self.service("\n    - {name: jobs_total, type: counter, labels: {queue: 50, tenant: 100}}")
        #expect(LintHarness.places(Self.lint(snippet), rule: "metric-series-budget").isEmpty)
        let tight = Self.lint(snippet, lint: "    series-budget-per-metric: 1000\n")
        #expect(LintHarness.places(tight, rule: "metric-series-budget") == ["example.yaml:10:14"])
    }

    @Test("spec.lint rejects compiler checks and bad budgets")
    func badConfiguration() {
        let report = Self.lint(Self.service(), lint: "    unknown-key: off\n    series-budget-per-metric: lots\n")
        let messages = report.diagnostics.filter { $0.ruleID == "lint-config" }.map(\.message)
        #expect(messages.count == 2)
        #expect(messages.contains { $0.contains("compiler check") })
        #expect(LintHarness.places(report, rule: "lint-config") == ["prelude/platform.yaml:12:18", "prelude/platform.yaml:13:31"])
    }

    @Test("oac:ignore on the line silences that rule only")
    func ignoreSameLine() {
        let snippet = Self.service().replacingOccurrences(
            of: "{name: queue_jobs, type: counter}",
            with: "{name: queue_jobs, type: counter}   # oac:ignore counter-total-suffix")
        let report = Self.lint(snippet)
        #expect(LintHarness.places(report, rule: "counter-total-suffix").isEmpty)
        #expect(LintHarness.places(report, rule: "missing-runbook") == ["example.yaml:3:18"])
    }

    @Test("oac:ignore alone on the line above silences the next line, and no further")
    func ignoreLineAbove() {
        let above = Self.service(runbookComment: "").replacingOccurrences(
            of: "metadata: {name: api}", with: "# oac:ignore missing-runbook, counter-total-suffix\nmetadata: {name: api}")
        let report = Self.lint(above)
        #expect(LintHarness.places(report, rule: "missing-runbook").isEmpty)
        // The counter is many lines below: still reported, one line lower than before.
        #expect(LintHarness.places(report, rule: "counter-total-suffix") == ["example.yaml:10:14"])
        let trailing = Self.service().replacingOccurrences(of: "kind: Service", with: "kind: Service  # oac:ignore missing-runbook")
        #expect(LintHarness.places(Self.lint(trailing), rule: "missing-runbook") == ["example.yaml:3:18"])
    }

    @Test("in a CR LF file, ignore comments and text scans find the same lines as in the LF file")
    func crlfLines() {
        let lf = Self.service().replacingOccurrences(
            of: "metadata: {name: api}",
            with: "# oac:ignore missing-runbook\nmetadata: {name: api}\n# old hook https://hooks.slack.com/services/T0001/B0001/abcdefghijkl")
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        for text in [lf, crlf] {
            let report = Self.lint(text)
            #expect(LintHarness.places(report, rule: "missing-runbook").isEmpty, "\(text.debugDescription)")
            #expect(
                LintHarness.places(report, rule: "secret-in-text").map { $0.split(separator: ":").prefix(2).joined(separator: ":") }
                    == ["example.yaml:5"], "\(text.debugDescription)")
            #expect(LintHarness.places(report, rule: "counter-total-suffix") == ["example.yaml:11:14"])
        }
    }

    @Test("lint-config cannot be ignored with a comment")
    func configNotIgnorable() {
        let files = RuleExamples.files(for: Self.service()).map { f -> SourceFile in
            guard f.path == RuleExamples.platformPath else { return f }
            return SourceFile(path: f.path, contents: f.contents + "  lint:\n    no-such-rule: off   # oac:ignore lint-config\n")
        }
        #expect(LintHarness.places(LintHarness.lint(files).report, rule: "lint-config") == ["prelude/platform.yaml:12:19"])
    }

    @Test("compiler errors are part of the report and cannot be switched off")
    func compilerErrors() {
        let broken = Self.service().replacingOccurrences(of: "objective: 99.9", with: "objective: 120")
        let report = Self.lint(broken, lint: "    objective-range: off\n")
        #expect(LintHarness.places(report, rule: "objective-range") == ["example.yaml:12:18"])
        #expect(report.fails(strict: false))
        // Spec-level rules still run without a model.
        #expect(LintHarness.places(report, rule: "missing-runbook") == ["example.yaml:3:18"])
    }

    @Test("a secret the compiler reports at its key is not reported twice")
    func secretOnce() {
        let team = """
            apiVersion: oac/v1
            kind: Team
            metadata: {name: web}
            spec:
              page: {pagerduty: {routingKeyFile: /etc/pd}}
              ticket: {slack: {channel: '#web', apiURL: 'https://hooks.slack.com/services/T000/B000/XXXX'}}
            ---

            """
        let report = Self.lint(team + Self.service())
        #expect(report.diagnostics.filter { $0.ruleID == "inline-secret" }.count == 1)
        #expect(LintHarness.places(report, rule: "secret-in-text").isEmpty)
    }

    @Test("--base keeps only findings that are new, whatever the lines moved")
    func newFindings() {
        let base = Self.lint(Self.service())
        let shifted = "# a comment that moves everything down\n" + Self.service("\n    - {name: cache_kilobytes, type: gauge}")
        let head = Self.lint(shifted)
        let new = Linter.newFindings(head.findings, base: base.findings)
        #expect(new.map(\.diagnostic.ruleID) == ["non-base-unit"])
        #expect(new.first?.diagnostic.location?.line == 11)
        #expect(Linter.newFindings(base.findings, base: base.findings).isEmpty)
    }
}
