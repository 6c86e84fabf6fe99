import Foundation
import Testing

/// Every catalog under catalog/broken exercises one diagnostic; `expected.txt` holds what `oac check` prints.
@Suite("Broken catalogs")
struct BrokenCatalogTests {
    static let cases: [String] = {
        let dir = TestSupport.repoRoot.appendingPathComponent("catalog/broken")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted()
    }()

    @Test("there is a broken catalog for every compiler check")
    func coverage() {
        #expect(Self.cases.count >= 20)
    }

    @Test("each broken catalog exits 1 with its expected diagnostics and writes nothing", arguments: cases)
    func brokenCatalog(name: String) throws {
        let dir = "catalog/broken/\(name)"
        let out = try TestSupport.temporaryDirectory("broken").appendingPathComponent("out")
        let check = try TestSupport.oac(["check", dir])
        #expect(check.status == 1, "\(name): \(check.stdout)\(check.stderr)")
        TestSupport.assertGolden(check.stdout, TestSupport.repoRoot.appendingPathComponent("\(dir)/expected.txt"))
        // The diagnostic's rule id is the case name, except where the case names the situation.
        let ruleIDs = Set(check.stdout.matches(of: /\[([a-z0-9-]+)\]$/.anchorsMatchLineEndings()).map { String($0.1) })
        let expectedRule = ["unresolved-tier": "unresolved-reference", "invalid-regex": "invalid-selector"][name] ?? name
        #expect(ruleIDs.contains(expectedRule), "\(name) reported \(ruleIDs)")

        let compile = try TestSupport.oac(["compile", dir, "--out", out.path])
        #expect(compile.status == 1)
        #expect(compile.stderr == check.stdout)
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path).isEmpty)
    }
}
