import Foundation
import OACLint
import OACTestSupport
import Testing

/// `oac lint` and `oac explain` end to end.
@Suite("oac lint")
struct LintCommandTests {
    @Test("the example and minimal catalogs are lint-clean, even with --strict")
    func exampleIsClean() throws {
        for catalog in ["catalog/example", "catalog/minimal"] {
            let run = try TestSupport.oac(["lint", catalog, "--strict"])
            #expect(run.status == 0, "\(catalog): \(run.stdout)")
            #expect(run.stdout.isEmpty)
        }
    }

    @Test("on success check and lint say so in one line on standard error; --quiet and machine formats keep stdout as it was")
    func summaryLine() throws {
        let check = try TestSupport.oac(["check", "catalog/example"])
        // The example: 5 service files; SLOs counted by hand from catalog/example/services: 2 + 4 + 3 + 3 + 1 = 13.
        #expect(check.status == 0 && check.stdout.isEmpty)
        #expect(check.stderr == "oac check: ok, 5 services, 13 SLOs, 0 warnings\n", "\(check.stderr)")
        let lint = try TestSupport.oac(["lint", "catalog/example"])
        #expect(lint.stdout.isEmpty && lint.stderr == "oac lint: ok, no findings\n")
        let json = try TestSupport.oac(["lint", "catalog/example", "--format", "json"])
        #expect(json.stdout.hasPrefix("{") && json.stderr == "oac lint: ok, no findings\n")
        for args in [["check", "catalog/example", "--quiet"], ["lint", "catalog/example", "--quiet"]] {
            let quiet = try TestSupport.oac(args)
            #expect(quiet.status == 0 && quiet.stderr.isEmpty && quiet.stdout.isEmpty, "\(args)")
        }
        // A failing run prints its findings and no "ok".
        let broken = try TestSupport.oac(["lint", "catalog/broken-lint/secret-in-text"])
        #expect(broken.status == 1 && !broken.stderr.contains("ok"))
    }

    @Test("docs/lint.md is generated from the registry and up to date")
    func docsUpToDate() throws {
        let run = try TestSupport.oac(["lint", "--list", "--format", "markdown"])
        #expect(run.status == 0)
        assertGolden(run.stdout, matches: TestSupport.repoRoot.appendingPathComponent("docs/lint.md"))
        for id in RuleRegistry.standard.ids { #expect(run.stdout.contains("### \(id)\n")) }
    }

    @Test("--list prints every rule; explain prints a rule's docs and compiler checks")
    func listAndExplain() throws {
        let list = try TestSupport.oac(["lint", "--list"])
        for id in RuleRegistry.standard.ids { #expect(list.stdout.contains(id)) }
        let explain = try TestSupport.oac(["explain", "high-cardinality-label"])
        #expect(explain.status == 0)
        #expect(explain.stdout.contains("Every distinct label value is a new time series"))
        #expect(explain.stdout.contains("↓user_id: 50000"))
        let check = try TestSupport.oac(["explain", "unknown-key"])
        #expect(check.status == 0 && check.stdout.contains("compiler check"))
        let unknown = try TestSupport.oac(["explain", "high-cardinality-labels"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("did you mean `high-cardinality-label`?"))
        #expect(try TestSupport.oac(["lint"]).status == 2)
        #expect(try TestSupport.oac(["lint", "catalog/example", "--format", "xml"]).status == 2)
    }

    /// A copy of the example catalog, with `edit` applied to bert-model-serving's file.
    static func exampleCopy(_ edit: (String) -> String = { $0 }) throws -> URL {
        let dir = try TestSupport.temporaryDirectory("lint-base").appendingPathComponent("catalog")
        try FileManager.default.copyItem(at: TestSupport.repoRoot.appendingPathComponent("catalog/example"), to: dir)
        let file = dir.appendingPathComponent("services/bert-model-serving.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try Data(edit(text).utf8).write(to: file)
        return dir
    }

    @Test("--base prints only new findings and the cost and cardinality diff of a new label")
    func baseDiff() throws {
        let base = try Self.exampleCopy()
        let head = try Self.exampleCopy {
            $0.replacingOccurrences(of: "labels: {route: 6, status: 8, model: 4}", with: "labels: {route: 6, status: 8, model: 4, tenant: 3}")
                .replacingOccurrences(of: "labels: {model: 4, outcome: 3}", with: "labels: {model: 4, outcome: 3, request_id: 1000}")
        }
        let run = try TestSupport.oac(["lint", head.path, "--base", base.path])
        // (576 − 192) × 24 + (12,000 − 12) × 24 = 296,928 series: over the default change policy (100,000).
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        let findings = lines.filter { $0.contains("[") && $0.hasSuffix("]") }
        // request_id: high cardinality, over the series budget, and over the change policy; tenant: a new label
        // on http_requests_total, which the availability SLIs read. Line 23: `      labels: {route: 6, status: 8,
        // model: 4, ` is 6 + 40 = 46 characters, so `tenant` starts at column 47.
        #expect(findings.count == 4, "\(run.stdout)")
        #expect(
            findings.contains {
                $0.hasPrefix("\(head.path)/services/bert-model-serving.yaml:23:47: warning: label `tenant` (3 values) is added to `http_requests_total`")
            }, "\(run.stdout)")
        #expect(
            findings.contains { $0.hasPrefix("\(head.path)/services/bert-model-serving.yaml:29:13: warning: `model_predictions_total` exposes 12,000 series") })
        #expect(findings.contains { $0.hasPrefix("\(head.path)/services/bert-model-serving.yaml:32:38: warning: label `request_id`") })
        #expect(
            findings.contains {
                $0.hasPrefix(
                    "\(head.path)/services/bert-model-serving.yaml:32:38: error: this change exceeds the platform's change policy: adds 296,928 series, more than the 100,000 series allowed"
                )
            })
        #expect(run.stdout.contains("cost and cardinality against the base catalog:\n"))
        // tenant: 192 → 576 per instance; request_id: 12 → 12,000; × 12 instances × 2 regions.
        let series = (576 - 192) * 24 + (12_000 - 12) * 24
        let formatted = series.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
        // The money is the difference of two monthly totals, each a sum of cent-rounded parts: it moved from
        // $2,137.88 to $2,137.89 when the base lost 4 SLI records (a sharded threshold SLI records its parts).
        #expect(run.stdout.contains("  +\(formatted) series, +$2,137.89/month in total\n"), "\(run.stdout)")
        #expect(run.stdout.contains(", team ml-platform\n"))
        #expect(run.stdout.contains("service bert-model-serving (http_requests_total +9,216 series, model_predictions_total +287,712 series)"))

        // Without a change, nothing is new and nothing moves.
        let same = try TestSupport.oac(["lint", base.path, "--base", base.path])
        #expect(same.stdout == "cost and cardinality against the base catalog:\n  no change in series or cost\n")
        let json = try TestSupport.oac(["lint", head.path, "--base", base.path, "--format", "json"])
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let diff = doc?["costDiff"] as? [String: Any]
        #expect((diff?["total"] as? [String: Any])?["series"] as? Int == series)
    }

    @Test("with an error in the head catalog the cost diff is withheld with one line, never computed on a partial model")
    func costDiffWithheldOnErrors() throws {
        let base = try Self.exampleCopy()
        // A 50,000-value label (a real +cost) and, elsewhere, an SLO query with an unbalanced parenthesis.
        let head = try Self.exampleCopy {
            $0.replacingOccurrences(of: "labels: {model: 4, outcome: 3}", with: "labels: {model: 4, outcome: 3, user_id: 50000}")
                .replacingOccurrences(of: "query: 'min(model_accuracy", with: "query: 'min((model_accuracy")
        }
        let run = try TestSupport.oac(["lint", head.path, "--base", base.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains(": error: "), "\(run.stdout)")
        #expect(!run.stdout.contains("cost and cardinality against the base catalog"), "\(run.stdout)")
        #expect(!run.stdout.contains(" series, "), "\(run.stdout)")
        #expect(run.stdout.hasSuffix("\(LintReport.withheldHead)\n"), "\(run.stdout)")
        let json = try TestSupport.oac(["lint", head.path, "--base", base.path, "--format", "json"])
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(doc?["costDiff"] == nil)
        #expect(doc?["costDiffWithheld"] as? String == LintReport.withheldHead)
        let markdown = try TestSupport.oac(["lint", head.path, "--base", base.path, "--format", "markdown"])
        #expect(markdown.stdout.hasSuffix("**Cost and cardinality of the change**\n\n\(LintReport.withheldHead)\n"), "\(markdown.stdout)")
        // A broken base gives no figure either.
        let back = try TestSupport.oac(["lint", base.path, "--base", head.path])
        #expect(back.stdout == "\(LintReport.withheldBase)\n", "\(back.stdout)")
    }

    @Test("an unknown function in threshold.query is reported at its column inside the string")
    func promqlColumn() throws {
        let dir = try TestSupport.temporaryDirectory("lint-promql")
        let snippet = RuleRegistry.standard.rule("promql-rate-range")!.description.passing
            .replacingOccurrences(of: "sum(rate(", with: "sum(rates(")
        for f in RuleExamples.files(for: snippet) {
            let url = dir.appendingPathComponent(f.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(f.contents.utf8).write(to: url)
        }
        let run = try TestSupport.oac(["lint", dir.path])
        #expect(run.status == 1)
        // Ten spaces and `query: '` put the string at column 19; after `sum(`, `rates` starts at column 23.
        #expect(run.stdout.contains("\(dir.path)/example.yaml:15:23: error: invalid PromQL in `threshold.query`"), "\(run.stdout)")
    }

    @Test("every output format renders the same findings")
    func formats() throws {
        let dir = "catalog/broken-lint/secret-in-text"
        let sarif = try TestSupport.oac(["lint", dir, "--format", "sarif"])
        #expect(sarif.status == 1)
        let log = try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any]
        let run = (log?["runs"] as? [[String: Any]])?.first
        #expect((run?["results"] as? [Any])?.count == 3)
        let rules = ((run?["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]]
        #expect(rules?.contains { $0["id"] as? String == "secret-in-text" } == true)

        let github = try TestSupport.oac(["lint", dir, "--format", "github"])
        #expect(github.stdout.split(separator: "\n").count == 3)
        #expect(github.stdout.hasPrefix("::error file=catalog/broken-lint/secret-in-text/catalog.yaml,line=25,col=30,title=secret-in-text::"))

        let markdown = try TestSupport.oac(["lint", dir, "--format", "markdown"])
        #expect(markdown.stdout.contains("| `secret-in-text` | error | 3 |"))
        #expect(markdown.stdout.contains("| `catalog/broken-lint/secret-in-text/catalog.yaml:25:30` | error | `secret-in-text` |"))

        let junit = try TestSupport.oac(["lint", dir, "--format", "junit"])
        #expect(junit.stdout.contains("<testcase classname=\"oac.lint.secrets\" name=\"secret-in-text\">"))
        #expect(junit.stdout.components(separatedBy: "<failure ").count - 1 == 3)
        #expect(junit.stdout.contains("<testcase classname=\"oac.lint.instrumentation\" name=\"counter-total-suffix\"/>"))
    }

    @Test("the JUnit report is well-formed XML (xmllint)", .requires(.xmllint))
    func junitIsWellFormed() throws {
        let xmllint = try ExternalTool.xmllint.require()
        let junit = try TestSupport.oac(["lint", "catalog/broken-lint/secret-in-text", "--format", "junit"])
        #expect(junit.stdout.contains("<testcase "))
        let file = try TestSupport.temporaryDirectory("junit").appendingPathComponent("lint.xml")
        try Data(junit.stdout.utf8).write(to: file)
        let run = try TestSupport.run(xmllint, ["--noout", file.path])
        #expect(run.status == 0, "\(run.stderr)")
    }
}
