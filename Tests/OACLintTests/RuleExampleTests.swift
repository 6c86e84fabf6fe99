import Foundation
import OACDiagnostics
import OACLint
import OACTestSupport
import Testing

/// Every rule's documented examples are its first tests: the failing one must be flagged exactly where its
/// `↓` markers point, the passing one not at all, and both must compile.
@Suite("Rule examples")
struct RuleExampleTests {
    static let ids = RuleRegistry.standard.ids

    @Test("the failing example is flagged exactly at its markers", arguments: ids)
    func failingExample(id: String) throws {
        let rule = try #require(RuleRegistry.standard.rule(id))
        let d = rule.description
        let (report, compiler) = LintHarness.lintExample(d.failing, base: d.passing)
        #expect(!compiler.hasErrors, "\(id): the failing example must compile: \(compiler.sorted)")
        let expected = RuleExamples.markers(in: d.failing).map { "\(RuleExamples.examplePath):\($0.line):\($0.column)" }
        #expect(!expected.isEmpty, "\(id): the failing example marks no finding")
        #expect(LintHarness.places(report, rule: id) == expected, "\(id): \(report.diagnostics.filter { $0.ruleID == id })")
        #expect(report.diagnostics.filter { $0.ruleID == id }.allSatisfy { $0.severity == d.severity })
    }

    @Test("the passing example is not flagged", arguments: ids)
    func passingExample(id: String) throws {
        let d = try #require(RuleRegistry.standard.rule(id)).description
        let (report, compiler) = LintHarness.lintExample(d.passing, base: d.passing)
        #expect(!compiler.hasErrors, "\(id): the passing example must compile: \(compiler.sorted)")
        #expect(LintHarness.places(report, rule: id).isEmpty, "\(id): \(report.diagnostics.filter { $0.ruleID == id })")
        #expect(!RuleExamples.strip(d.passing).contains(RuleExamples.marker))
    }

    /// The per-rule tests above are parameterized over the registry; these compare sets, so a rule file left
    /// out of the registry, or a rule whose examples stopped working, cannot pass unnoticed.
    @Test("the registry holds exactly the rules of Sources/OACLint/Rules, one type per file")
    func registryMatchesRuleFiles() throws {
        let folder = Repository.url("Sources/OACLint/Rules")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        let registered = RuleRegistry.standard.rules.map { String(describing: type(of: $0)) + ".swift" }
        #expect(Set(registered) == Set(files))
        #expect(registered.count == files.count && !files.isEmpty)
    }

    @Test("the rules whose failing example is flagged, and those whose passing example is clean, are exactly all rules")
    func everyRuleHasWorkingExamples() {
        let all = Set(Self.ids)
        var flagged: Set<String> = []
        var clean: Set<String> = []
        for d in RuleRegistry.standard.descriptions {
            if !LintHarness.places(LintHarness.lintExample(d.failing, base: d.passing).report, rule: d.id).isEmpty { flagged.insert(d.id) }
            if LintHarness.places(LintHarness.lintExample(d.passing, base: d.passing).report, rule: d.id).isEmpty { clean.insert(d.id) }
        }
        #expect(!all.isEmpty)
        #expect(flagged == all, "failing example not flagged: \(all.subtracting(flagged).sorted())")
        #expect(clean == all, "passing example flagged: \(all.subtracting(clean).sorted())")
    }

    @Test("rule ids are unique kebab-case and never collide with compiler checks")
    func uniqueIDs() {
        let all = Self.ids
        #expect(Set(all).count == all.count)
        #expect(all.allSatisfy { $0.wholeMatch(of: /[a-z0-9]+(-[a-z0-9]+)*/) != nil })
        #expect(Set(all).isDisjoint(with: CheckID.summaries.keys))
    }

    @Test("every rule documents a summary, a rationale and both examples")
    func documented() {
        for d in RuleRegistry.standard.descriptions {
            #expect(!d.summary.isEmpty && !d.summary.contains("\n"), "\(d.id)")
            #expect(d.rationale.count > 80, "\(d.id)")
            #expect(d.failing != d.passing, "\(d.id)")
        }
    }

    @Test("every category the task names has rules")
    func categories() {
        let covered = Set(RuleRegistry.standard.descriptions.map(\.category))
        #expect(covered == Set(RuleDescription.Category.allCases))
    }
}
