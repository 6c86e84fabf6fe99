import Foundation
import OACOutput
import OACRender
import OACSynthetic
import Testing

@Suite("oac compile")
struct CompileCommandTests {
    @Test("compiling the example writes the model and exits 0")
    func compilesExample() throws {
        let out = try TestSupport.temporaryDirectory().appendingPathComponent("out")
        let run = try TestSupport.oac(["compile", "catalog/example", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let model = try #require(FileManager.default.contents(atPath: out.appendingPathComponent("model.json").path))
        let object = try #require(JSONSerialization.jsonObject(with: model) as? [String: Any])
        #expect((object["services"] as? [Any])?.count ?? 0 >= 4)
    }

    @Test("two runs, and a copy with renamed and reordered files, give byte-identical output")
    func deterministic() throws {
        let tmp = try TestSupport.temporaryDirectory()
        let a = tmp.appendingPathComponent("a"), b = tmp.appendingPathComponent("b"), c = tmp.appendingPathComponent("c")
        #expect(try TestSupport.oac(["compile", "catalog/example", "--out", a.path]).status == 0)
        #expect(try TestSupport.oac(["compile", "catalog/example", "--out", b.path]).status == 0)
        // Copy the catalog flat, with names that sort in the opposite order, and documents split differently.
        let copy = tmp.appendingPathComponent("copy")
        try FileManager.default.createDirectory(at: copy.appendingPathComponent("nested"), withIntermediateDirectories: true)
        let files = TestSupport.tree(TestSupport.repoRoot.appendingPathComponent("catalog/example"))
            .filter { $0.key.hasSuffix(".yaml") || $0.key.hasSuffix(".yml") }.sorted { $0.key < $1.key }
        for (i, (_, data)) in files.enumerated() {
            let name = String(format: "%02d-part.yml", files.count - i)
            try data.write(to: copy.appendingPathComponent(i % 2 == 0 ? name : "nested/\(name)"),
                           options: [])
        }
        #expect(try TestSupport.oac(["compile", copy.path, "--out", c.path], in: tmp,
                                    environment: ["LANG": "de_DE.UTF-8", "LC_ALL": "tr_TR.UTF-8", "TZ": "Asia/Tokyo"]).status == 0)
        let ta = TestSupport.tree(a), tb = TestSupport.tree(b)
        var tc = TestSupport.tree(c)
        #expect(ta == tb)
        // Different catalog file names are different inputs (the fingerprint for `--check` lists them); the
        // generated files are the same.
        #expect(ta[".oac-inputs"] != nil && tc[".oac-inputs"] != nil && ta[".oac-inputs"] != tc[".oac-inputs"])
        tc[".oac-inputs"] = ta[".oac-inputs"]
        #expect(ta == tc)
    }

    @Test("a failed compile leaves the previous output tree untouched")
    func keepsPreviousTree() throws {
        let out = try TestSupport.temporaryDirectory().appendingPathComponent("out")
        #expect(try TestSupport.oac(["compile", "catalog/example", "--out", out.path]).status == 0)
        let before = TestSupport.tree(out)
        let run = try TestSupport.oac(["compile", "catalog/broken/unknown-key", "--out", out.path])
        #expect(run.status == 1)
        #expect(TestSupport.tree(out) == before)
    }

    @Test("files oac did not generate survive a recompile")
    func keepsForeignFiles() throws {
        let out = try TestSupport.temporaryDirectory().appendingPathComponent("out")
        #expect(try TestSupport.oac(["compile", "catalog/example", "--out", out.path]).status == 0)
        try Data("mine".utf8).write(to: out.appendingPathComponent("NOTES.md"))
        #expect(try TestSupport.oac(["compile", "catalog/minimal", "--out", out.path]).status == 0)
        #expect(FileManager.default.contents(atPath: out.appendingPathComponent("NOTES.md").path) == Data("mine".utf8))
        let siblings = try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
        #expect(siblings == ["out"], "no staging folders are left behind")
    }

    @Test("a file users added inside a generated folder survives a recompile; a file oac no longer generates goes")
    func keepsNestedForeignFiles() throws {
        let out = try TestSupport.temporaryDirectory().appendingPathComponent("out")
        #expect(try TestSupport.oac(["compile", "catalog/example", "--out", out.path]).status == 0)
        let nested = out.appendingPathComponent("prometheus/README.local.md")
        try Data("ours".utf8).write(to: nested)
        let exampleOnly = out.appendingPathComponent("grafana/llm-infra/llm-gateway.json")
        #expect(FileManager.default.fileExists(atPath: exampleOnly.path))
        #expect(try TestSupport.oac(["compile", "catalog/minimal", "--out", out.path]).status == 0)
        #expect(FileManager.default.contents(atPath: nested.path) == Data("ours".utf8))
        #expect(!FileManager.default.fileExists(atPath: exampleOnly.path), "the minimal catalog has no llm-gateway")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("grafana/storefront").path))
    }

    @Test("--timings prints every phase of a compile and the total on standard error")
    func timings() throws {
        let out = try TestSupport.temporaryDirectory().appendingPathComponent("out")
        #expect(try TestSupport.oac(["compile", "catalog/minimal", "--out", out.path]).status == 0)
        let run = try TestSupport.oac(["compile", "catalog/minimal", "--out", out.path, "--timings"])
        #expect(run.status == 0, "\(run.stderr)")
        // The summary line comes first; the phases follow it.
        let phases = run.stderr.split(separator: "\n").filter { !$0.hasPrefix("oac compile: ") }
            .map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(phases.map { $0.dropLast(2).joined(separator: " ") }
                == ["read", "load and check", "plan", "render and write", "manifest", "swap", "remove old tree", "total"])
        for phase in phases {
            #expect(phase.last == "s" && Double(phase[phase.count - 2]) != nil, "\(phase)")
        }
        #expect(try TestSupport.oac(["compile", "catalog/minimal", "--out", out.path, "--check", "--timings"]).status == 2)
    }

    @Test("a missing parent folder is a clear error")
    func missingParent() throws {
        let run = try TestSupport.oac(["compile", "catalog/minimal", "--out", "/nonexistent-oac/x/out"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("parent folder of --out does not exist"))
    }

    @Test("usage errors exit 2")
    func usageErrors() throws {
        #expect(try TestSupport.oac(["compile", "catalog/minimal"]).status == 2)
        #expect(try TestSupport.oac(["frobnicate"]).status == 2)
        #expect(try TestSupport.oac(["check", "catalog/minimal", "--format", "xml"]).status == 2)
    }

    @Test("--version and --help work for every command")
    func versionAndHelp() throws {
        let v = try TestSupport.oac(["--version"])
        #expect(v.status == 0)
        #expect(v.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        for command in ["compile", "check", "cost"] {
            let h = try TestSupport.oac([command, "--help"])
            #expect(h.status == 0)
            #expect(h.stdout.contains("USAGE: oac \(command)"))
        }
    }

    @Test("a missing catalog path is an error with exit 1")
    func missingCatalog() throws {
        let run = try TestSupport.oac(["check", "no/such/catalog"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("no such file or folder"))
    }
}

@Suite("oac check formats")
struct CheckFormatTests {
    @Test("--format sarif prints valid SARIF 2.1.0")
    func sarif() throws {
        let run = try TestSupport.oac(["check", "catalog/broken/unknown-key", "--format", "sarif"])
        #expect(run.status == 1)
        let object = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "2.1.0")
        let results = try #require((object["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        #expect(results.contains { $0["ruleId"] as? String == "unknown-key" })
    }

    @Test("--format github prints workflow annotations")
    func github() throws {
        let run = try TestSupport.oac(["check", "catalog/broken/unknown-key", "--format", "github"])
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.allSatisfy { $0.hasPrefix("::error file=catalog/broken/unknown-key/catalog.yaml,line=") })
        #expect(lines.contains { $0.contains("title=unknown-key::unknown key `objetive`") })
    }

    @Test("--format json prints the diagnostics as JSON")
    func json() throws {
        let run = try TestSupport.oac(["check", "catalog/broken/objective-range", "--format", "json"])
        let object = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["errors"] as? Int == 1)
    }

    @Test("the example catalogs check clean")
    func clean() throws {
        for catalog in ["catalog/example", "catalog/minimal"] {
            let run = try TestSupport.oac(["check", catalog])
            #expect(run.status == 0, "\(catalog): \(run.stdout)")
            #expect(run.stdout.isEmpty)
        }
    }
}

@Suite("oac compile --check (drift)")
struct DriftCheckTests {
    func compiled() throws -> URL {
        let out = try TestSupport.temporaryDirectory("drift").appendingPathComponent("out")
        #expect(try TestSupport.oac(["compile", "catalog/minimal", "--out", out.path]).status == 0)
        return out
    }

    @Test("an unchanged output tree passes the check")
    func clean() throws {
        let out = try compiled()
        let run = try TestSupport.oac(["compile", "catalog/minimal", "--out", out.path, "--check"])
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout.contains("is up to date"))
    }

    @Test("a hand-edited, a deleted and a no-longer-generated file are reported, with a diff; other files are left alone")
    func drift() throws {
        let out = try compiled()
        let am = out.appendingPathComponent("alertmanager/alertmanager.yml")
        let original = try String(contentsOf: am, encoding: .utf8)
        try Data(original.replacingOccurrences(of: "repeat_interval: 4h", with: "repeat_interval: 9h").utf8).write(to: am)
        try FileManager.default.removeItem(at: out.appendingPathComponent("loki/runtime-overrides.yaml"))
        // A file an earlier run generated: listed in the manifest, no longer produced.
        try Data("old".utf8).write(to: out.appendingPathComponent("retired.yml"))
        let manifest = out.appendingPathComponent(".oac-manifest")
        try Data((try String(contentsOf: manifest, encoding: .utf8) + String(repeating: "0", count: 64) + "  retired.yml\n").utf8)
            .write(to: manifest)
        try Data("mine".utf8).write(to: out.appendingPathComponent("NOTES.md"))
        let before = TestSupport.tree(out)
        let run = try TestSupport.oac(["compile", "catalog/minimal", "--out", out.path, "--check", "--diff"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("stale:   alertmanager/alertmanager.yml"))
        #expect(run.stdout.contains("missing: loki/runtime-overrides.yaml"))
        #expect(run.stdout.contains("extra:   retired.yml"))
        #expect(!run.stdout.contains("NOTES.md"))
        #expect(run.stdout.contains("-  repeat_interval: 9h\n+  repeat_interval: 4h"))
        #expect(TestSupport.tree(out) == before, "--check writes nothing")
    }

    @Test("--diff or --verbose without --check is a usage error")
    func diffNeedsCheck() throws {
        #expect(try TestSupport.oac(["compile", "catalog/minimal", "--out", "/tmp/x", "--diff"]).status == 2)
        #expect(try TestSupport.oac(["compile", "catalog/minimal", "--out", "/tmp/x", "--verbose"]).status == 2)
    }
}

/// The fast path of `--check` (`.oac-inputs`): it may only ever say "up to date" when the full check would,
/// and everything it cannot vouch for goes to the full check, which reports exactly as before.
@Suite("oac compile --check fast path")
struct FastCheckTests {
    static let fast = "oac compile --check: fast path:"
    static let full = "oac compile --check: full check:"

    /// A copy of catalog/minimal in a temporary folder (to edit) and the folder it is compiled into.
    func compiledCopy(_ name: String = "fastcheck") throws -> (catalog: URL, out: URL) {
        let tmp = try TestSupport.temporaryDirectory(name)
        let catalog = tmp.appendingPathComponent("catalog"), out = tmp.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: catalog, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestSupport.repoRoot.appendingPathComponent("catalog/minimal/catalog.yaml"),
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
        #expect(run.stderr.contains("\(Self.full) 1 generated file missing or not as listed in .oac-manifest, first alertmanager/alertmanager.yml"),
                "\(run.stderr)")
        #expect(run.stdout == """
            stale:   alertmanager/alertmanager.yml
            \(out.path) is out of date: 1 stale, 0 missing, 0 extra; run `oac compile \(catalog.path) --out \(out.path)`

            """)
        try FileManager.default.removeItem(at: out.appendingPathComponent("loki/runtime-overrides.yaml"))
        run = try check(catalog, out)
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(Self.full) 2 generated files missing or not as listed in .oac-manifest"), "\(run.stderr)")
        #expect(run.stdout == """
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
        #expect(run.stderr.contains("\(Self.full) .oac-inputs does not match: the catalog changed since the last compile (1 changed, 0 new, 0 removed files)"),
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
        #expect(run.stderr.contains("\(Self.full) .oac-inputs does not match: the catalog changed since the last compile (0 changed, 1 new, 0 removed files)"),
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
        let real = tmp.appendingPathComponent("real.yaml"), catalog = tmp.appendingPathComponent("catalog")
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
        #expect(inputs == """
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

@Suite("Atomic output")
struct AtomicOutputTests {
    @Test("a run killed with SIGKILL at any moment leaves either the previous tree or the complete new one")
    func killNineNeverLeavesAPartialTree() throws {
        let tmp = try TestSupport.temporaryDirectory("atomic")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let catalog = tmp.appendingPathComponent("catalog")
        try SyntheticCatalog(services: 60).write(to: catalog)
        // The previous tree is large too (another seed and size), so that replacing it is not instantaneous.
        let previousCatalog = tmp.appendingPathComponent("previous")
        try SyntheticCatalog(services: 40, seed: 7).write(to: previousCatalog)
        let out = tmp.appendingPathComponent("out")
        // The complete new tree, for comparison.
        let reference = tmp.appendingPathComponent("reference")
        #expect(try TestSupport.oac(["compile", catalog.path, "--out", reference.path]).status == 0)
        let after = TestSupport.tree(reference)
        let total = after.count

        func entries() -> Set<String> { Set((try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? []) }
        /// Files below `out` and any sibling the writer makes for it (`.out.…`): how far a run has got,
        /// whatever way the writer stages its work.
        func filesWritten() -> Int {
            entries().filter { $0 == "out" || $0.hasPrefix(".out") }
                .reduce(0) { $0 + TestSupport.fileCount(tmp.appendingPathComponent($1)) }
        }
        func paths(_ root: URL) -> Set<String> {
            Set(FileManager.default.enumerator(atPath: root.path)?.allObjects.compactMap { $0 as? String } ?? [])
        }

        /// When a run is killed: as soon as anything new appears beside or in `out`, after a number of new files,
        /// when every file is written, and when `out` itself has changed. The early stages always come before
        /// the run can end, so they are always kills; the late ones may be passed by a run that ends first.
        enum Stage: CustomStringConvertible {
            case started, written(Int), outChanged
            var description: String {
                switch self {
                case .started: "started"
                case .written(let n): "\(n) files written"
                case .outChanged: "out changed"
                }
            }
        }
        let early: [Stage] = [.started, .written(total / 3), .written(total * 2 / 3)]
        var killedRuns = 0
        for stage in early + [.written(total), .outChanged] {
            let previous = try TestSupport.oac(["compile", previousCatalog.path, "--out", out.path])
            try #require(previous.status == 0, "\(previous.stderr)")
            let before = TestSupport.tree(out)
            let beforePaths = paths(out)
            let start = filesWritten(), startEntries = entries()
            let child = try SteppedChild(TestSupport.oacBinary, ["compile", catalog.path, "--out", out.path],
                                         in: TestSupport.repoRoot)
            let outcome = child.kill {
                switch stage {
                case .started: entries() != startEntries || filesWritten() != start
                case .written(let n): filesWritten() - start >= n
                case .outChanged: paths(out) != beforePaths
                }
            }
            let now = TestSupport.tree(out)
            if outcome == .killed { killedRuns += 1 }
            if case .outChanged = stage {} else if case .written(total) = stage {} else {
                // A run never ends before it has written its files, so each early stage is a kill mid-write.
                #expect(outcome == .killed, "stage \(stage) of \(total) files: the run ended first (\(outcome)): \(child.stderr)")
            }
            #expect(now == before || now == after,
                    "stage \(stage), \(outcome): the tree changed partially (\(now.count) files)")
            if case .exited(let status) = outcome { #expect(status == 0 && now == after, "\(child.stderr)") }
        }
        #expect(killedRuns >= early.count)
        // A run that is not killed ends with the complete new tree.
        #expect(try TestSupport.oac(["compile", catalog.path, "--out", out.path]).status == 0)
        #expect(TestSupport.tree(out) == after)
        // Abandoned staging folders of killed runs are cleaned up by the next run.
        _ = try TestSupport.oac(["compile", "catalog/minimal", "--out", out.path])
        let siblings = try FileManager.default.contentsOfDirectory(atPath: tmp.path).sorted()
        #expect(siblings == ["catalog", "out", "previous", "reference"], "\(siblings)")
    }

    @Test("an output folder that cannot be created is a clear error and exit 1")
    func unwritable() throws {
        let run = try TestSupport.oac(["compile", "catalog/minimal", "--out", "/proc/oac-out"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: cannot write"), "\(run.stderr)")
    }
}
