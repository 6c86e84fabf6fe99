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
        let a = tmp.appendingPathComponent("a")
        let b = tmp.appendingPathComponent("b")
        let c = tmp.appendingPathComponent("c")
        #expect(try TestSupport.oac(["compile", "catalog/example", "--out", a.path]).status == 0)
        #expect(try TestSupport.oac(["compile", "catalog/example", "--out", b.path]).status == 0)
        // Copy the catalog flat, with names that sort in the opposite order, and documents split differently.
        let copy = tmp.appendingPathComponent("copy")
        try FileManager.default.createDirectory(at: copy.appendingPathComponent("nested"), withIntermediateDirectories: true)
        let files = TestSupport.tree(TestSupport.repoRoot.appendingPathComponent("catalog/example"))
            .filter { $0.key.hasSuffix(".yaml") || $0.key.hasSuffix(".yml") }.sorted { $0.key < $1.key }
        for (i, (_, data)) in files.enumerated() {
            let name = String(format: "%02d-part.yml", files.count - i)
            try data.write(
                to: copy.appendingPathComponent(i % 2 == 0 ? name : "nested/\(name)"),
                options: [])
        }
        #expect(
            try TestSupport.oac(
                ["compile", copy.path, "--out", c.path], in: tmp,
                environment: ["LANG": "de_DE.UTF-8", "LC_ALL": "tr_TR.UTF-8", "TZ": "Asia/Tokyo"]
            ).status == 0)
        let ta = TestSupport.tree(a)
        let tb = TestSupport.tree(b)
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
        #expect(
            phases.map { $0.dropLast(2).joined(separator: " ") }
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
