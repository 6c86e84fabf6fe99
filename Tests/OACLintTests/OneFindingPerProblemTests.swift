import Foundation
import OACCatalog
import OACCompiler
import OACLint
import OACTestSupport
import Testing

/// No catalog gets two findings for one cause on one line: where a compiler check and a rule see the same
/// problem, the compiler's finding stands alone.
@Suite("One finding per problem")
struct OneFindingPerProblemTests {
    /// Every broken catalog of the repository: catalog/broken/*, catalog/broken-lint/* and the hostile corpus.
    static let catalogs: [(name: String, files: [SourceFile])] = catalogsWithBase.map { ($0.name, $0.files) }

    /// The same, with the base catalog of each rule about a change (`--base`), so change findings are swept too.
    static let catalogsWithBase: [(name: String, files: [SourceFile], base: [SourceFile]?)] = {
        var out: [(String, [SourceFile], [SourceFile]?)] = []
        for folder in ["catalog/broken", "catalog/broken-lint"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: Repository.url(folder).path)) ?? []
            for name in names.sorted() where !name.hasSuffix(".md") {
                // A rule about a change keeps its two catalogs in head/ and base/.
                let head = "\(folder)/\(name)/head"
                let aboutChange = FileManager.default.fileExists(atPath: Repository.url(head).path)
                let path = aboutChange ? head : "\(folder)/\(name)"
                out.append((path, Repository.catalog(path), aboutChange ? Repository.catalog("\(folder)/\(name)/base") : nil))
            }
        }
        let hostile = "Tests/OACCLITests/Fixtures/hostile"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Repository.url(hostile).path)) ?? []
        for name in names.sorted() {
            guard let data = FileManager.default.contents(atPath: Repository.url("\(hostile)/\(name)").path) else { continue }
            out.append(("\(hostile)/\(name)", [SourceFile(path: name, contents: String(decoding: data, as: UTF8.self))], nil))
        }
        return out
    }()

    /// Rules that may meet on one line because they are about different things there: a service's name line
    /// (its name is invalid or taken; it has no runbook), or a flow mapping that holds a whole metric (an
    /// unbounded label, and the product of all labels over the budget, each at its own column).
    static let distinctCauses: Set<Set<String>> = [
        ["duplicate-name", "missing-runbook"],
        ["invalid-name", "missing-runbook"],
        ["high-cardinality-label", "metric-series-budget"],
        // A label a change adds: over the change policy (the bill), id-like (what the label is), and read by an
        // SLI (what the SLO counts). Three decisions for a reviewer, each with its own fix.
        ["change-exceeds-policy", "high-cardinality-label"],
        ["change-exceeds-policy", "sli-metric-label-added"],
        ["high-cardinality-label", "sli-metric-label-added"],
        // The same flow mapping also holds the whole metric, whose per-instance product is over its budget.
        ["change-exceeds-policy", "metric-series-budget"],
        ["metric-series-budget", "sli-metric-label-added"]
    ]

    /// "file:line: rule-a, rule-b" for every line where two rules or compiler checks report, unless the two
    /// are known to be about different things. Two compiler checks count too: a file that is not YAML, or a
    /// document that is not a mapping, gives its own error and no "no Platform document" beside it.
    static func sameLine(_ files: [SourceFile], base: [SourceFile]? = nil) -> [String] {
        let report = LintHarness.lint(files, base: base).report
        var byLine: [String: Set<String>] = [:]
        for d in report.diagnostics {
            guard let loc = d.location else { continue }
            byLine["\(loc.file):\(loc.line)", default: []].insert(d.ruleID)
        }
        return byLine.filter { _, rules in
            let rules = Array(rules)
            for i in rules.indices {
                for j in rules.indices where j > i {
                    let pair: Set = [rules[i], rules[j]]
                    if !distinctCauses.contains(pair) { return true }
                }
            }
            return false
        }.map { "\($0.key): \($0.value.sorted().joined(separator: ", "))" }.sorted()
    }

    @Test("the sweep covers every broken catalog and the hostile corpus")
    func coverage() {
        #expect(Self.catalogs.count >= 80)
    }

    @Test("no broken or hostile catalog has two findings from different rules on one line, with --base for change rules")
    func noSameLineDuplicates() {
        for (name, files, base) in Self.catalogsWithBase {
            let duplicates = Self.sameLine(files, base: base)
            #expect(duplicates.isEmpty, "\(name): \(duplicates)")
        }
    }

    @Test("retention-too-short and slo-window-exceeds-retention on one window: the compiler's id alone")
    func retentionReportedOnce() {
        // The tier keeps 15d (no `raw`): the global Prometheus and the tier both fall short of the 30d window.
        let files = Repository.catalog("catalog/broken/retention-too-short").map {
            SourceFile(path: $0.path, contents: $0.contents.replacingOccurrences(of: "{local: 15d, raw: 90d}", with: "{local: 15d}"))
        }
        let report = LintHarness.lint(files).report
        let window = report.diagnostics.filter { $0.location?.line == 33 }
        #expect(window.map(\.ruleID) == ["retention-too-short"], "\(report.diagnostics)")
        // Without the compiler's finding, the rule reports it (the test would pass vacuously otherwise).
        let checked = Compiler.check(files)
        let alone = Linter.lint(
            catalog: checked.catalog, model: nil, sources: files,
            registry: RuleRegistry([SLOWindowExceedsRetentionRule()]))
        #expect(alone.diagnostics.contains { $0.ruleID == SLOWindowExceedsRetentionRule.id && $0.location?.line == 33 })
    }

    @Test("an unsupported receiver is one error, the unknown key")
    func unsupportedReceiverOnce() {
        let files = [
            SourceFile(
                path: "team.yaml",
                contents: """
                    apiVersion: oac/v1
                    kind: Team
                    metadata: {name: web}
                    spec:
                      page: {pushover: {tokenFile: /etc/alertmanager/secrets/pushover}}
                      ticket: {slack: {channel: "#web", apiURLFile: /etc/alertmanager/secrets/slack}}
                    """)
        ]
        let errors = LintHarness.lint(files).compiler.items.filter { $0.location?.line == 5 }
        #expect(errors.map(\.ruleID) == ["unknown-key"], "\(errors)")
    }

    @Test("two compiler checks with one cause: the cause alone (a list document, a `<<` merge key)")
    func compilerCascadesOnce() {
        // A document that is a list: `wrong-type`, and no "the catalog has no Platform document" beside it.
        let list = Compiler.check([SourceFile(path: "list.yaml", contents: "- a\n- b\n")]).diagnostics.items
        #expect(list.map(\.ruleID) == ["wrong-type"], "\(list)")
        // `<<: {owner: web}` hides the owner: the unknown key `<<` is reported, not the missing owner at its place.
        let merge = Compiler.check(Repository.catalog("Tests/OACCLITests/Fixtures/hostile").filter { $0.path.hasSuffix("/merge-key.yaml") })
            .diagnostics.items.filter { $0.location?.line == 21 }
        #expect(merge.map(\.ruleID) == ["unknown-key"], "\(merge)")
        // A catalog that truly lacks a Platform still says so (its only document is a readable Team).
        let team = Compiler.check([
            SourceFile(
                path: "team.yaml",
                contents: """
                    apiVersion: oac/v1
                    kind: Team
                    metadata: {name: web}
                    spec:
                      page: {pagerduty: {routingKeyFile: /etc/alertmanager/secrets/web-pd}}
                    """)
        ]).diagnostics.items
        #expect(team.map(\.ruleID) == ["platform-count"], "\(team)")
    }
}
