import Foundation
import OACLint
import OACTestSupport
import Testing

/// Every lint rule has a catalog under catalog/broken-lint/<rule-id> that trips it; `expected.txt` holds what
/// `oac lint` prints. The catalog itself is the rule's failing example, so docs and cases never drift.
@Suite("Broken lint catalogs")
struct BrokenLintCatalogTests {
    static let ids = RuleRegistry.standard.ids

    @Test("there is one broken-lint catalog per rule and no other")
    func coverage() throws {
        let dir = TestSupport.repoRoot.appendingPathComponent("catalog/broken-lint")
        let folders = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted()
        #expect(folders == Self.ids.sorted())
    }

    @Test("each broken-lint catalog trips its rule and prints its expected findings", arguments: ids)
    func brokenLintCatalog(id: String) throws {
        let folder = "catalog/broken-lint/\(id)"
        let rule = try #require(RuleRegistry.standard.rule(id))
        // A rule about a change (`--base`) keeps the failing example in head/ and the passing one, its base, in base/.
        let base = "\(folder)/base"
        let aboutChange = FileManager.default.fileExists(atPath: TestSupport.repoRoot.appendingPathComponent(base).path)
        let dir = aboutChange ? "\(folder)/head" : folder
        let extra = aboutChange ? ["--base", base] : []
        assertGolden(RuleExamples.standalone(rule.description), matches: TestSupport.repoRoot.appendingPathComponent("\(dir)/catalog.yaml"))
        if aboutChange {
            var passing = rule.description
            passing.failing = passing.passing
            assertGolden(
                RuleExamples.standalone(passing).replacingOccurrences(
                    of: "the rule's failing example", with: "the base of the rule's failing example (its passing example)"),
                matches: TestSupport.repoRoot.appendingPathComponent("\(base)/catalog.yaml"))
        }
        // The compiler accepts it: what fails is lint.
        #expect(try TestSupport.oac(["check", dir]).status == 0)
        let lint = try TestSupport.oac(["lint", dir] + extra)
        assertGolden(lint.stdout, matches: TestSupport.repoRoot.appendingPathComponent("\(folder)/expected.txt"))
        let ids = Set(lint.stdout.matches(of: /\[([a-z0-9-]+)\]$/.anchorsMatchLineEndings()).map { String($0.1) })
        #expect(ids.contains(id), "\(id) reported \(ids)")
        let severity = rule.description.severity
        #expect(lint.status == (severity == .error ? 1 : 0) || ids.count > 1, "\(id): exit \(lint.status)")
        let strict = try TestSupport.oac(["lint", dir, "--strict"] + extra)
        #expect(strict.status == (severity == .note ? 0 : 1))
    }
}
