import Foundation
import OACSynthetic
import OACTestSupport
import Testing

/// Every example catalog is a golden case: `oac compile` must write exactly the committed tree, byte for byte.
/// The synthetic catalog (sharded regions, 30 services) is compared through its manifest — one SHA-256 per
/// file — to keep the repository small. `OAC_RECORD=1 swift test --filter ReferenceTests` re-records both
/// (the recording run fails, so it is never green by accident).
@Suite("Reference outputs")
struct ReferenceTests {
    static let goldenRoot = TestSupport.repoRoot.appendingPathComponent("Tests/OACCLITests/Golden/compile")

    @Test("compiling each example catalog writes exactly the committed tree", arguments: ["example", "kubernetes", "minimal"])
    func exampleTree(catalog: String) throws {
        let out = try TestSupport.temporaryDirectory("reference").appendingPathComponent("out")
        let run = try TestSupport.oac(["compile", "catalog/\(catalog)", "--out", out.path])
        try #require(run.status == 0, "\(run.stderr)")
        var actual = TestSupport.tree(out)
        // Not compared: `.oac-inputs` holds the SHA-256 of the oac binary, different for every build (that is its
        // point: `--check` may skip rendering only for the build that wrote the tree). Its format and contents
        // are tested in FastCheckTests.inputsFile; every generated file is compared here.
        #expect(actual.removeValue(forKey: ".oac-inputs") != nil)
        let golden = Self.goldenRoot.appendingPathComponent(catalog)
        if Self.recording {
            try? FileManager.default.removeItem(at: golden)
            for (path, data) in actual {
                let url = golden.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            Issue.record("recorded \(golden.path); run again without OAC_RECORD")
            return
        }
        let expected = TestSupport.tree(golden)
        try #require(!expected.isEmpty, "missing golden tree \(golden.path); record it with OAC_RECORD=1 swift test")
        let missing = Set(expected.keys).subtracting(actual.keys).sorted()
        let extra = Set(actual.keys).subtracting(expected.keys).sorted()
        #expect(missing.isEmpty, "not written any more: \(missing)")
        #expect(extra.isEmpty, "written but not in the golden tree: \(extra)")
        let changed = expected.keys.filter { actual[$0] != nil && actual[$0] != expected[$0] }.sorted()
        for path in changed.prefix(5) {
            let diff = textDiff(
                expected: String(decoding: expected[path]!, as: UTF8.self),
                actual: String(decoding: actual[path]!, as: UTF8.self))
            Issue.record("\(catalog)/\(path) differs from the golden tree:\n\(diff)")
        }
        if changed.count > 5 { Issue.record("\(changed.count - 5) more files differ: \(changed.dropFirst(5))") }
    }

    @Test("compiling the 30-service synthetic catalog gives the committed manifest (a SHA-256 per file)")
    func syntheticManifest() throws {
        let tmp = try TestSupport.temporaryDirectory("reference-synthetic")
        let catalog = tmp.appendingPathComponent("catalog")
        let out = tmp.appendingPathComponent("out")
        try SyntheticCatalog(services: 30).write(to: catalog)
        let run = try TestSupport.oac(["compile", catalog.path, "--out", out.path])
        try #require(run.status == 0, "\(run.stderr)")
        let manifest = try String(contentsOf: out.appendingPathComponent(".oac-manifest"), encoding: .utf8)
        assertGolden(manifest, matches: Self.goldenRoot.appendingPathComponent("synthetic-30.manifest"))
    }

    static var recording: Bool { ProcessInfo.processInfo.environment["OAC_RECORD"] == "1" }
}
