import Foundation
import OACTestSupport
import Testing

/// `oac import` and `oac export` through the real binary: every imported example compiles and passes
/// promtool, Sloth parity on its own example, and the calendar windows on worked-out data.
@Suite("oac import and export")
struct ImportCommandTests {
    static let fixtures = TestSupport.repoRoot.appendingPathComponent("Tests/OACImportTests/Fixtures")

    static let cases: [(format: String, files: [String])] =
        [
            "contrib-denominator-corrected.yaml", "contrib-slo-plugins.yml", "getting-started.yml", "home-wifi.yml",
            "k8s-getting-started.yml", "kubernetes-apiserver.yml", "no-alerts.yml", "openslo-getting-started.yml",
            "raw-home-wifi.yml"
        ].map { ("sloth", ["sloth/\($0)"]) } + [
            ("openslo", ["openslo/inline-input.yaml"]),
            (
                "openslo",
                [
                    "alert_conditions", "alert_notification_targets", "alert_policies", "data_sources", "services", "slis",
                    "slos"
                ].map { "openslo/go-sdk-v1/\($0).yaml" }
            )
        ]

    /// Imports into a catalog folder (with a platform) and compiles it; returns the output tree.
    static func importAndCompile(_ format: String, _ files: [String]) throws -> URL {
        let dir = try TestSupport.temporaryDirectory("import")
        let catalog = dir.appendingPathComponent("catalog")
        let out = dir.appendingPathComponent("out")
        let run = try TestSupport.oac(
            ["import", format, "--platform", "--out", catalog.path]
                + files.map { fixtures.appendingPathComponent($0).path })
        try #require(run.status == 0, "\(files): \(run.stderr)")
        let compile = try TestSupport.oac(["compile", catalog.path, "--out", out.path])
        try #require(compile.status == 0, "\(files): \(compile.stderr)")
        return out
    }

    @Test("every imported example compiles and passes promtool check and test", .requires(.promtool), arguments: 0..<cases.count)
    func promtool(index: Int) throws {
        let (format, files) = Self.cases[index]
        let out = try Self.importAndCompile(format, files)
        let promtool = try ExternalTool.promtool.require()
        let rules = Tools.files(in: out, endingWith: ".rules.yml")
        #expect(rules.count >= 2)
        let check = try TestSupport.run(promtool, ["check", "rules", "--lint=all", "--lint-fatal"] + rules.map(\.path))
        #expect(check.status == 0, "\(files): \(check.stdout)\(check.stderr)")
        let tests = Tools.files(in: out, endingWith: ".test.yml")
        #expect(!tests.isEmpty)
        let run = try TestSupport.run(promtool, ["test", "rules"] + tests.map(\.path))
        #expect(run.status == 0 && !run.stdout.contains("FAILED"), "\(files): \(run.stdout)\(run.stderr)")
    }

    @Test("on Sloth's getting-started, Sloth's rules and oac's page together, stay quiet together, and only oac keeps Σbad/Σtotal", .requires(.promtool))
    func slothParity() throws {
        let promtool = try ExternalTool.promtool.require()
        let out = try Self.importAndCompile("sloth", ["sloth/getting-started.yml"])
        let rules = out.appendingPathComponent("prometheus/rules")
        for f in ["sloth/_gen/getting-started.yml", "sloth/parity.test.yml"] {
            try FileManager.default.copyItem(
                at: Self.fixtures.appendingPathComponent(f),
                to: rules.appendingPathComponent((f as NSString).lastPathComponent))
        }
        let run = try TestSupport.run(promtool, ["test", "rules", rules.appendingPathComponent("parity.test.yml").path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    @Test("import writes catalog YAML to stdout and reports what does not map on stderr")
    func stdout() throws {
        let run = try TestSupport.oac(["import", "sloth", Self.fixtures.appendingPathComponent("sloth/getting-started.yml").path])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("# Imported by oac from "))
        #expect(run.stdout.contains("kind: Service\nmetadata:\n  name: myservice\n"))
        #expect(!run.stdout.contains("kind: Platform"))
        #expect(run.stderr.contains("getting-started.yml:6:3: warning: label `tier: 2` is not kept"))
        #expect(run.stderr.contains("[import-not-kept]"))
    }

    @Test("input that is not a spec of the format fails with exit 1 and writes nothing")
    func invalid() throws {
        let dir = try TestSupport.temporaryDirectory("import-bad")
        let file = dir.appendingPathComponent("x.yaml")
        try Data("apiVersion: v1\nkind: ConfigMap\n".utf8).write(to: file)
        for format in ["sloth", "openslo"] {
            let run = try TestSupport.oac(["import", format, file.path, "--out", dir.appendingPathComponent("out").path])
            #expect(run.status == 1, "\(format)")
            #expect(run.stderr.contains("error:"))
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
        }
        #expect(try TestSupport.oac(["import", "sloth"]).status == 2)
    }

    @Test("the example catalog exports to OpenSLO, which imports back and compiles")
    func exportExample() throws {
        let dir = try TestSupport.temporaryDirectory("export")
        let exported = dir.appendingPathComponent("openslo")
        let export = try TestSupport.oac(["export", "openslo", "catalog/example", "--out", exported.path])
        #expect(export.status == 0, "\(export.stderr)")
        let files = Tools.files(in: exported, endingWith: ".yaml")
        #expect(files.count == 5)
        let back = try TestSupport.oac(
            ["import", "openslo", "--platform", "--out", dir.appendingPathComponent("catalog").path]
                + files.map(\.path))
        #expect(back.status == 0, "\(back.stderr)")
        let compile = try TestSupport.oac([
            "compile", dir.appendingPathComponent("catalog").path, "--out",
            dir.appendingPathComponent("out").path
        ])
        #expect(compile.status == 0, "\(compile.stderr)")
        let stdout = try TestSupport.oac(["export", "openslo", "catalog/minimal"])
        #expect(stdout.stdout.contains("apiVersion: openslo/v1\nkind: SLO\n"))
    }
}

/// Calendar SLOs on data worked out by hand: the budget restarts with each week, month and quarter (UTC).
@Suite("Calendar SLO windows in promtool")
struct CalendarWindowTests {
    static let fixtures = TestSupport.repoRoot.appendingPathComponent("Tests/OACCLITests/Fixtures/calendar")

    @Test("week, month and quarter budgets count only their own period", .requires(.promtool), arguments: ["calendar.test.yml", "quarter.test.yml"])
    func calendar(file: String) throws {
        let promtool = try ExternalTool.promtool.require()
        let out = try TestSupport.temporaryDirectory("calendar").appendingPathComponent("out")
        let run = try TestSupport.oac(["compile", Self.fixtures.appendingPathComponent("catalog.yaml").path, "--out", out.path])
        try #require(run.status == 0, "\(run.stderr)")
        let rules = out.appendingPathComponent("prometheus/rules")
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(file), to: rules.appendingPathComponent(file))
        let test = try TestSupport.run(promtool, ["test", "rules", rules.appendingPathComponent(file).path])
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        let generated = try TestSupport.run(
            promtool,
            ["test", "rules"]
                + Tools.files(in: rules, endingWith: ".test.yml")
                .filter { !$0.lastPathComponent.hasPrefix("calendar") && !$0.lastPathComponent.hasPrefix("quarter") }.map(\.path))
        #expect(generated.status == 0, "\(generated.stdout)")
        let lint = try TestSupport.run(
            promtool,
            ["check", "rules", "--lint=all", "--lint-fatal"]
                + Tools.files(in: rules, endingWith: ".rules.yml").map(\.path))
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
    }
}
