import Foundation
import OACTestSupport
import Testing

/// The Mimir files of the example catalog in Mimir mode, judged by the real tools: each `mimirtool` namespace
/// file is a Prometheus rule file once its `namespace:` line is removed (promtool), and the Alertmanager
/// configuration, its secret variables filled as `envsubst` would, is one amtool accepts.
@Suite("Mimir files pass promtool and amtool")
struct MimirToolTests {
    @Test("every mimirtool namespace file is one namespace of Prometheus rule groups", .requires(.promtool))
    func ruleNamespaces() throws {
        let promtool = try ExternalTool.promtool.require()
        let out = try PromtoolTests.compile(try PromtoolTests.exampleVariant(mode: "mimir"))
        let files = PromtoolTests.files(out, suffix: ".yaml").filter { $0.hasPrefix("mimir/rules/") }
        // 5 services (each in its tier's tenant) + the self-monitoring namespace in each of the 4 tenants.
        #expect(files.count == 9)
        let scratch = try TestSupport.temporaryDirectory("mimir-rules")
        for rel in files {
            let text = try String(contentsOf: out.appendingPathComponent(rel), encoding: .utf8)
            let namespaces = text.split(separator: "\n").filter { $0.hasPrefix("namespace: ") }
            #expect(namespaces == ["namespace: \((rel as NSString).lastPathComponent.replacingOccurrences(of: ".yaml", with: ""))"], "\(rel)")
            let rules = scratch.appendingPathComponent(rel.replacingOccurrences(of: "/", with: "_"))
            try Data(
                text.split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.hasPrefix("namespace: ") }.joined(separator: "\n").utf8
            ).write(to: rules)
            let run = try TestSupport.run(promtool, ["check", "rules", "--lint=all", "--lint-fatal", rules.path])
            #expect(run.status == 0, "\(rel):\n\(run.stdout)\(run.stderr)")
        }
    }

    @Test("the Mimir Alertmanager configuration, its variables filled, passes amtool check-config", .requires(.amtool))
    func alertmanager() throws {
        let amtool = try ExternalTool.amtool.require()
        let out = try PromtoolTests.compile(try PromtoolTests.exampleVariant(mode: "mimir"))
        var text = try String(contentsOf: out.appendingPathComponent("mimir/alertmanager.yaml"), encoding: .utf8)
        #expect(!text.contains("_file:"))
        // What envsubst does with each variable's file: a URL serves every kind of secret (keys, passwords, URLs).
        for match in text.matches(of: /\$\{OAC_SECRET_([0-9]+)\}/) {
            text = text.replacingOccurrences(of: String(match.0), with: "https://hooks.example.com/secret-\(match.1)")
        }
        #expect(!text.contains("${"))
        let file = try TestSupport.temporaryDirectory("mimir-am").appendingPathComponent("alertmanager.yaml")
        try Data(text.utf8).write(to: file)
        let run = try TestSupport.run(amtool, ["check-config", file.path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }
}
