import Foundation
import OACOutput
import OACRender
import OACSynthetic
import Testing

/// The fast path of `--check` (`.oac-inputs`): it may only ever say "up to date" when the full check would,
/// and everything it cannot vouch for goes to the full check, which reports exactly as before.
@Suite("oac compile --check fast path")
struct FastCheckTests {
    static let fast = "oac compile --check: fast path:"
    static let full = "oac compile --check: full check:"

    /// A copy of catalog/minimal in a temporary folder (to edit) and the folder it is compiled into.
    func compiledCopy(_ name: String = "fastcheck") throws -> (catalog: URL, out: URL) {
        let tmp = try TestSupport.temporaryDirectory(name)
        let catalog = tmp.appendingPathComponent("catalog")
        let out = tmp.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: catalog, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: TestSupport.repoRoot.appendingPathComponent("catalog/minimal/catalog.yaml"),
            to: catalog.appendingPathComponent("catalog.yaml"))
        let run = try TestSupport.oac(["compile", catalog.path, "--out", out.path])
        try #require(run.status == 0, "\(run.stderr)")
        return (catalog, out)
    }

    func check(_ catalog: URL, _ out: URL, _ extra: [String] = []) throws -> TestSupport.Run {
        try TestSupport.oac(["compile", catalog.path, "--out", out.path, "--check", "--verbose"] + extra)
    }

    func edit(_ url: URL, _ change: (String) -> String) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        let changed = change(text)
        try #require(changed != text, "the edit changed nothing in \(url.lastPathComponent)")
        try Data(changed.utf8).write(to: url)
    }

    @Test("fresh output passes through the fast path, printing what the full check prints")
    func freshOutput() throws {
        let (catalog, out) = try compiledCopy()
        let fast = try check(catalog, out)
        #expect(fast.status == 0, "\(fast.stdout)\(fast.stderr)")
        #expect(fast.stderr.contains(Self.fast), "\(fast.stderr)")
        #expect(fast.stdout == "\(out.path) is up to date (\(try manifestCount(out)) files)\n")
        let fastJSON = try check(catalog, out, ["--format", "json"])
        #expect(fastJSON.stderr.contains(Self.fast))
        // The same check without the fingerprint renders and compares: same output, same exit code.
        try FileManager.default.removeItem(at: out.appendingPathComponent(".oac-inputs"))
        let full = try check(catalog, out)
        #expect(full.status == 0)
        #expect(full.stderr.contains("\(Self.full) no .oac-inputs in \(out.path)"), "\(full.stderr)")
        #expect(full.stdout == fast.stdout)
        let fullJSON = try check(catalog, out, ["--format", "json"])
        #expect(fullJSON.stderr.contains(Self.full))
        #expect(fullJSON.stdout == fastJSON.stdout)
        #expect(fullJSON.stdout.contains("\"errors\""), "\(fullJSON.stdout)")
    }

    func manifestCount(_ out: URL) throws -> Int {
        try String(contentsOf: out.appendingPathComponent(".oac-manifest"), encoding: .utf8).split(separator: "\n").count
    }

    @Test("a hand-edited file is stale and a deleted one missing, reported by the full check as before")
    func editedAndDeleted() throws {
        let (catalog, out) = try compiledCopy()
        try edit(out.appendingPathComponent("alertmanager/alertmanager.yml")) {
            $0.replacingOccurrences(of: "repeat_interval: 4h", with: "repeat_interval: 9h")
        }
        var run = try check(catalog, out)
        #expect(run.status == 1)
        #expect(
            run.stderr.contains("\(Self.full) 1 generated file missing or not as listed in .oac-manifest, first alertmanager/alertmanager.yml"),
            "\(run.stderr)")
        #expect(
            run.stdout == """
                stale:   alertmanager/alertmanager.yml
                \(out.path) is out of date: 1 stale, 0 missing, 0 extra; run `oac compile \(catalog.path) --out \(out.path)`

                """)
        try FileManager.default.removeItem(at: out.appendingPathComponent("loki/runtime-overrides.yaml"))
        run = try check(catalog, out)
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(Self.full) 2 generated files missing or not as listed in .oac-manifest"), "\(run.stderr)")
        #expect(
            run.stdout == """
                stale:   alertmanager/alertmanager.yml
                missing: loki/runtime-overrides.yaml
                \(out.path) is out of date: 1 stale, 1 missing, 0 extra; run `oac compile \(catalog.path) --out \(out.path)`

                """)
    }

    @Test("files users added are not drift, and do not leave the fast path")
    func foreignFiles() throws {
        let (catalog, out) = try compiledCopy()
        try Data("mine".utf8).write(to: out.appendingPathComponent("NOTES.md"))
        try Data("mine".utf8).write(to: out.appendingPathComponent("prometheus/extra.rules.yml"))
        let run = try check(catalog, out)
        #expect(run.status == 0)
        #expect(run.stderr.contains(Self.fast), "\(run.stderr)")
    }

    @Test("a changed catalog file takes the full check, which reports the drift")
    func changedCatalog() throws {
        let (catalog, out) = try compiledCopy()
        let file = catalog.appendingPathComponent("catalog.yaml")
        // Only a comment: the output is the same, but the fast path cannot know that.
        try edit(file) { $0 + "# a comment\n" }
        var run = try check(catalog, out)
        #expect(run.status == 0, "\(run.stdout)")
        #expect(
            run.stderr.contains("\(Self.full) .oac-inputs does not match: the catalog changed since the last compile (1 changed, 0 new, 0 removed files)"),
            "\(run.stderr)")
        #expect(run.stdout.contains("is up to date"))
        try edit(file) { $0.replacingOccurrences(of: "objective: 99.5", with: "objective: 99.9") }
        run = try check(catalog, out)
        #expect(run.status == 1)
        #expect(run.stderr.contains(Self.full))
        #expect(run.stdout.contains("stale:   prometheus/rules/checkout-api.slo.rules.yml"), "\(run.stdout)")
        #expect(run.stdout.contains("is out of date"))
        // A broken catalog is reported as before, with its diagnostics and exit 1.
        try edit(file) { $0.replacingOccurrences(of: "objective: 99.9", with: "objetive: 99.9") }
        run = try check(catalog, out)
        #expect(run.status == 1)
        #expect(run.stderr.contains("[unknown-key]"), "\(run.stderr)")
    }

    @Test("catalog files only count as the loader reads them: new *.yaml files do, other and hidden files do not")
    func catalogDiscovery() throws {
        let (catalog, out) = try compiledCopy()
        try Data("notes".utf8).write(to: catalog.appendingPathComponent("README.md"))
        try Data("{".utf8).write(to: catalog.appendingPathComponent(".draft.yaml"))
        try FileManager.default.createDirectory(at: catalog.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Data("{".utf8).write(to: catalog.appendingPathComponent(".git/x.yaml"))
        // A folder with a catalog-like name is not a file the loader reads.
        try FileManager.default.createDirectory(at: catalog.appendingPathComponent("empty.yaml"), withIntermediateDirectories: true)
        var run = try check(catalog, out)
        #expect(run.status == 0)
        #expect(run.stderr.contains(Self.fast), "\(run.stderr)")
        try Data("{".utf8).write(to: catalog.appendingPathComponent("more.yml"))
        run = try check(catalog, out)
        #expect(run.status == 1)
        #expect(
            run.stderr.contains("\(Self.full) .oac-inputs does not match: the catalog changed since the last compile (0 changed, 1 new, 0 removed files)"),
            "\(run.stderr)")
    }

    @Test("the catalog path may be spelled differently, or name the one file: the same inputs")
    func catalogSpelling() throws {
        let (catalog, out) = try compiledCopy()
        let parent = catalog.deletingLastPathComponent()
        for (path, out) in [(catalog.path + "/", out.path), ("catalog", "out/"), ("./catalog/catalog.yaml", "./out")] {
            let run = try TestSupport.oac(["compile", path, "--out", out, "--check", "--verbose"], in: parent)
            #expect(run.status == 0, "\(path): \(run.stdout)")
            #expect(run.stderr.contains(Self.fast), "\(path): \(run.stderr)")
        }
    }

    @Test("a symbolic link in the catalog is followed: editing its target takes the full check")
    func symlinkedCatalogFile() throws {
        let tmp = try TestSupport.temporaryDirectory("fastcheck-link")
        let real = tmp.appendingPathComponent("real.yaml")
        let catalog = tmp.appendingPathComponent("catalog")
        let out = tmp.appendingPathComponent("out")
        try FileManager.default.copyItem(at: TestSupport.repoRoot.appendingPathComponent("catalog/minimal/catalog.yaml"), to: real)
        try FileManager.default.createDirectory(at: catalog, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: catalog.appendingPathComponent("catalog.yaml"), withDestinationURL: real)
        try #require(try TestSupport.oac(["compile", catalog.path, "--out", out.path]).status == 0)
        var run = try check(catalog, out)
        #expect(run.stderr.contains(Self.fast), "\(run.stderr)")
        try edit(real) { $0.replacingOccurrences(of: "objective: 99.5", with: "objective: 99.9") }
        run = try check(catalog, out)
        #expect(run.status == 1)
        #expect(run.stderr.contains("the catalog changed since the last compile (1 changed, 0 new, 0 removed files)"), "\(run.stderr)")
        #expect(run.stdout.contains("stale:   prometheus/rules/checkout-api.slo.rules.yml"))
    }

    @Test("a manifest edited by hand takes the full check, which reports what it lists")
    func tamperedManifest() throws {
        let (catalog, out) = try compiledCopy()
        try Data("old".utf8).write(to: out.appendingPathComponent("retired.yml"))
        try edit(out.appendingPathComponent(".oac-manifest")) { $0 + SHA256.hex("old") + "  retired.yml\n" }
        let run = try check(catalog, out)
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(Self.full) .oac-inputs does not match: .oac-manifest changed since the last compile"), "\(run.stderr)")
        #expect(run.stdout.contains("extra:   retired.yml"))
        #expect(run.stdout.contains("0 stale, 0 missing, 1 extra"))
    }

    @Test("output compiled by another build of oac takes the full check")
    func otherBuild() throws {
        let (catalog, out) = try compiledCopy()
        // The same program with one byte more: still runs, but it is another executable.
        let copy = catalog.deletingLastPathComponent().appendingPathComponent("oac-copy")
        var binary = try Data(contentsOf: TestSupport.oacBinary)
        binary.append(0)
        try binary.write(to: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy.path)
        var run = try TestSupport.run(copy, ["compile", catalog.path, "--out", out.path, "--check", "--verbose"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("\(Self.full) .oac-inputs does not match: another build of oac compiled it"), "\(run.stderr)")
        // Compiled by the copy, the output matches the copy only.
        #expect(try TestSupport.run(copy, ["compile", catalog.path, "--out", out.path]).status == 0)
        run = try TestSupport.run(copy, ["compile", catalog.path, "--out", out.path, "--check", "--verbose"])
        #expect(run.stderr.contains(Self.fast), "\(run.stderr)")
        run = try check(catalog, out)
        #expect(run.stderr.contains("another build of oac compiled it"), "\(run.stderr)")
        #expect(run.status == 0)
    }

    @Test("--diff always renders: it needs the new contents")
    func diffIsFull() throws {
        let (catalog, out) = try compiledCopy()
        let run = try check(catalog, out, ["--diff"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("\(Self.full) --diff needs the rendered files"), "\(run.stderr)")
    }

    @Test(".oac-inputs names the oac version and binary, each catalog file and the manifest by SHA-256")
    func inputsFile() throws {
        let (catalog, out) = try compiledCopy()
        let manifest = try Data(contentsOf: out.appendingPathComponent(".oac-manifest"))
        let catalogFile = try Data(contentsOf: catalog.appendingPathComponent("catalog.yaml"))
        let binary = try Data(contentsOf: TestSupport.oacBinary)
        let inputs = try String(contentsOf: out.appendingPathComponent(".oac-inputs"), encoding: .utf8)
        let version = try TestSupport.oac(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(
            inputs == """
                # oac compile inputs: while these match, `oac compile --check` verifies the files in .oac-manifest instead of rendering them
                oac \(version)
                build debug \(SHA256.hex([UInt8](binary)))
                catalog \(SHA256.hex([UInt8](catalogFile)))  catalog.yaml
                manifest \(SHA256.hex([UInt8](manifest)))

                """)
        // Not a generated file: the manifest does not list it, and the full check never reports it.
        #expect(!String(decoding: manifest, as: UTF8.self).contains(".oac-inputs"))
        // Other commands that write a folder neither write nor keep one.
        #expect(try TestSupport.oac(["export", "openslo", catalog.path, "--out", out.path]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(".oac-inputs").path))
    }
}
