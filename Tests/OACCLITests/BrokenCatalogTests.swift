import Foundation
import OACDiagnostics
import OACTestSupport
import Testing

/// Every catalog under catalog/broken exercises one diagnostic; `expected.txt` holds what `oac check` prints.
@Suite("Broken catalogs")
struct BrokenCatalogTests {
    static let cases: [String] = {
        let dir = TestSupport.repoRoot.appendingPathComponent("catalog/broken")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted()
    }()

    /// Cases named after the situation rather than the check they trip: case → check id.
    static let situations = [
        "unresolved-tier": CheckID.unresolvedReference, "invalid-regex": CheckID.invalidSelector,
        "unresolved-drill-slo": CheckID.unresolvedReference
    ]

    /// Compiler checks that cannot have a catalog case, each with the reason. Empty today: keep it that way
    /// unless a check truly cannot be reached from a catalog folder.
    static let exempt: [String: String] = [:]

    /// The check each case exercises.
    static func check(of name: String) -> String { situations[name] ?? name }

    @Test("every compiler check has a broken catalog, and every broken catalog trips a compiler check")
    func coverage() {
        let covered = Set(Self.cases.map(Self.check(of:)))
        let checks = Set(CheckID.summaries.keys).subtracting(Self.exempt.keys)
        #expect(covered == checks, "missing: \(checks.subtracting(covered).sorted()), stray: \(covered.subtracting(checks).sorted())")
        #expect(Self.exempt.keys.allSatisfy { CheckID.summaries[$0] != nil }, "an exemption names no check")
    }

    @Test("each broken catalog exits 1 with its expected diagnostics and writes nothing", arguments: cases)
    func brokenCatalog(name: String) throws {
        let dir = "catalog/broken/\(name)"
        let out = try TestSupport.temporaryDirectory("broken").appendingPathComponent("out")
        let check = try TestSupport.oac(["check", dir])
        #expect(check.status == 1, "\(name): \(check.stdout)\(check.stderr)")
        assertGolden(check.stdout, matches: TestSupport.repoRoot.appendingPathComponent("\(dir)/expected.txt"))
        // The diagnostic's rule id is the case name, except where the case names the situation.
        let ruleIDs = Set(check.stdout.matches(of: /\[([a-z0-9-]+)\]$/.anchorsMatchLineEndings()).map { String($0.1) })
        let expectedRule = Self.check(of: name)
        #expect(ruleIDs.contains(expectedRule), "\(name) reported \(ruleIDs)")

        let compile = try TestSupport.oac(["compile", dir, "--out", out.path])
        #expect(compile.status == 1)
        #expect(compile.stderr == check.stdout)
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path).isEmpty)
    }
}
