import Foundation
import OACTestSupport
import Testing
import Yams

/// Catalogs built to break the compiler or inject into its output (`scripts/gen-hostile-corpus.py`).
/// Each must end in exit 1 with a diagnostic and nothing written, or exit 0 with an output tree that every
/// consumer accepts; never a signal, a hang or a partial tree.
@Suite("Hostile catalogs")
struct HostileCatalogTests {
    static let folder = TestSupport.repoRoot.appendingPathComponent("Tests/OACCLITests/Fixtures/hostile")
    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()

    @Test("the corpus holds at least 50 hostile catalogs")
    func corpusSize() {
        #expect(Self.cases.count >= 50)
    }

    @Test("a hostile catalog gives a diagnostic or a valid tree, never a crash, hang or partial tree", arguments: cases)
    func hostile(name: String) throws {
        let tmp = try TestSupport.temporaryDirectory("hostile")
        let out = tmp.appendingPathComponent("out")
        let run = try TestSupport.oac(
            ["compile", Self.folder.appendingPathComponent(name).path, "--out", out.path],
            timeout: 60)
        #expect(run.exited, "\(name) died from a signal or hung: \(run.stderr.suffix(2000))")
        #expect(run.status == 0 || run.status == 1, "\(name) exited \(run.status)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: tmp.path)
        if run.status != 0 {
            // Refused with a located diagnostic: `<the catalog>:line:column: error: …`.
            let file = Self.folder.appendingPathComponent(name).path
            let located = (run.stdout + run.stderr).split(separator: "\n").contains { line in
                guard line.hasPrefix(file + ":") else { return false }
                let rest = line.dropFirst(file.count + 1).split(separator: ":", maxSplits: 3)
                return rest.count == 4 && Int(rest[0]) != nil && Int(rest[1]) != nil && rest[2] == " error"
            }
            #expect(located, "\(name) was refused without a located error: \(run.stdout.prefix(300))\(run.stderr.prefix(300))")
            #expect(leftovers.isEmpty, "\(name) left \(leftovers)")
            return
        }
        #expect(leftovers == ["out"], "\(name) left staging folders: \(leftovers)")
        try Self.validateTree(out, name: name)
    }

    /// Every generated file parses in its language (the consumers' own tools judge it in `consumersAccept`).
    static func validateTree(_ out: URL, name: String) throws {
        let files = TestSupport.tree(out)
        #expect(!files.isEmpty)
        for (path, data) in files {
            let text = String(decoding: data, as: UTF8.self)
            if path.hasSuffix(".json") {
                #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "\(name): \(path) is not JSON")
            } else if path.hasSuffix(".yml") || path.hasSuffix(".yaml") {
                #expect((try? Yams.load_all(yaml: text).map { $0 }) != nil, "\(name): \(path) is not YAML")
            }
        }
    }

    /// promtool and amtool judge every tree a hostile catalog compiles to (the catalogs refused with a
    /// located diagnostic have no tree and are covered above): rule files, Prometheus configurations, the
    /// Alertmanager configuration, and the generated promtool unit tests.
    @Test(
        "promtool and amtool accept every tree a hostile catalog compiles to", .requires(.promtool, .amtool),
        arguments: cases)
    func consumersAccept(name: String) throws {
        let promtool = try ExternalTool.promtool.require()
        let amtool = try ExternalTool.amtool.require()
        let out = try TestSupport.temporaryDirectory("hostile-tools").appendingPathComponent("out")
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        let run = try TestSupport.oac(
            ["compile", Self.folder.appendingPathComponent(name).path, "--out", out.path],
            timeout: 60)
        guard run.status == 0 else { return }
        let rules = Tools.files(in: out, endingWith: ".rules.yml")
        let check = try TestSupport.run(promtool, ["check", "rules", "--lint=all", "--lint-fatal"] + rules.map(\.path))
        #expect(check.status == 0, "\(name): \(check.stdout)\(check.stderr)")
        for config in Tools.files(in: out, endingWith: "prometheus.yml") {
            let c = try TestSupport.run(promtool, ["check", "config", "--syntax-only", config.path])
            #expect(c.status == 0, "\(name): \(c.stdout)\(c.stderr)")
        }
        let am = out.appendingPathComponent("alertmanager/alertmanager.yml")
        let c = try TestSupport.run(amtool, ["check-config", am.path])
        #expect(c.status == 0, "\(name): \(c.stdout)\(c.stderr)")
        // The generated unit tests pass: the rules promtool loads also behave as the catalog says.
        let tests = Tools.files(in: out, endingWith: ".test.yml")
        #expect(!tests.isEmpty, "\(name) compiled without promtool tests")
        for test in tests {
            let t = try TestSupport.run(promtool, ["test", "rules", test.path])
            #expect(t.status == 0, "\(name): \(test.lastPathComponent): \(t.stdout.suffix(1500))\(t.stderr.suffix(500))")
        }
    }

    @Test("text with YAML, template and HTML syntax reaches the output as data")
    func injectedTextStaysData() throws {
        let out = try TestSupport.temporaryDirectory("hostile").appendingPathComponent("out")
        let run = try TestSupport.oac([
            "compile", Self.folder.appendingPathComponent("slack-channel-injection.yaml").path,
            "--out", out.path
        ])
        #expect(run.status == 0)
        let am = try String(contentsOf: out.appendingPathComponent("alertmanager/alertmanager.yml"), encoding: .utf8)
        let doc = try #require(try Yams.load(yaml: am) as? [String: Any])
        let receivers = try #require(doc["receivers"] as? [[String: Any]])
        let slack = receivers.compactMap { ($0["slack_configs"] as? [[String: Any]])?.first }.first
        #expect(slack?["channel"] as? String == "#web\" }\napi_url: http://evil")
        #expect(slack?["api_url"] == nil)
        let alerts = try String(contentsOf: out.appendingPathComponent("prometheus/rules/api.slo.rules.yml"), encoding: .utf8)
        #expect(try Yams.load(yaml: alerts) != nil)
    }

    @Test("a 100 GB file is refused with a diagnostic, without reading it")
    func hugeFile() throws {
        let tmp = try TestSupport.temporaryDirectory("hostile")
        let big = tmp.appendingPathComponent("big.yaml")
        // Sparse: no disk is used, but reading it whole would take minutes and 100 GB of memory, so a refusal
        // (rather than the watchdog's kill) shows the loader looked at its size first.
        _ = FileManager.default.createFile(atPath: big.path, contents: Data("a: 1\n".utf8))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 100 << 30)
        try handle.close()
        let run = try TestSupport.oac(["check", big.path], timeout: 300)
        #expect(run.exited, "killed by the watchdog: the file was read")
        #expect(run.status == 1)
        #expect(run.stdout.contains("[input-limit]"), "\(run.stdout)")
    }
}
