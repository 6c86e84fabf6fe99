import Foundation
import OACTestSupport
import Testing

/// A service with many SLOs over one counter: the generated promtool tests stay linear in size and pass.
@Suite("Many SLOs on one counter")
struct SharedCounterTests {
    /// catalog/minimal with `count` availability SLOs of checkout-api over `http_requests_total`; SLO i has
    /// objective `objective(i)`.
    static func catalog(_ count: Int, objective: (Int) -> String) throws -> URL {
        let dir = try TestSupport.temporaryDirectory("shared-counter").appendingPathComponent("catalog")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let minimal = try String(contentsOf: TestSupport.repoRoot.appendingPathComponent("catalog/minimal/catalog.yaml"), encoding: .utf8)
        let head = try #require(minimal.components(separatedBy: "  slos:\n").first)
        let slos = (1...count).map { i in
            """
                - name: availability-\(i)
                  objective: \(objective(i))
                  window: 28d
                  sli:
                    events:
                      good: 'http_requests_total{job="checkout-api",code!~"5.."}'
                      total: 'http_requests_total{job="checkout-api"}'

            """
        }
        try Data((head + "  slos:\n" + slos.joined()).utf8).write(to: dir.appendingPathComponent("catalog.yaml"))
        return dir
    }

    @Test("promtool test rules passes on 24 SLOs reading one counter (16 with one objective, 8 with others)", .requires(.promtool))
    func promtoolPasses() throws {
        let promtool = try ExternalTool.promtool.require()
        let catalog = try Self.catalog(24) { $0 <= 16 ? "99.5" : "99.\($0 + 50)" }
        let out = catalog.deletingLastPathComponent().appendingPathComponent("out")
        let compile = try TestSupport.oac(["compile", catalog.path, "--out", out.path])
        try #require(compile.status == 0, "\(compile.stderr)")
        let rules = out.appendingPathComponent("prometheus/rules")
        let test = rules.appendingPathComponent("checkout-api.test.yml")
        let text = try String(contentsOf: test, encoding: .utf8)
        #expect(text.contains("# availability-2: runtime scenarios as availability-1's"))
        #expect(text.contains("# availability-24: runtime scenarios skipped: "))
        let run = try TestSupport.run(promtool, ["test", "rules", test.path])
        #expect(run.status == 0, "\(run.stdout.suffix(2000))\(run.stderr.suffix(2000))")
        let ruleFiles = try FileManager.default.contentsOfDirectory(atPath: rules.path).filter { $0.hasSuffix(".rules.yml") }
        let check = try TestSupport.run(promtool, ["check", "rules"] + ruleFiles.map { rules.appendingPathComponent($0).path })
        #expect(check.status == 0, "\(check.stdout.suffix(2000))")
    }
}
