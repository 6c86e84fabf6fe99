import Foundation
import Testing

@Suite("oac cost")
struct CostCommandTests {
    @Test("prints a table per service, team and region and the total")
    func table() throws {
        let run = try TestSupport.oac(["cost", "catalog/example"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("SERVICE") == true)
        for name in ["api-gateway", "bert-model-serving", "ml-platform", "us-east", "eu-west"] {
            #expect(lines.contains { $0.hasPrefix(name + " ") }, "\(name) missing")
        }
        #expect(lines.contains { $0.hasPrefix("us-east") && $0.contains(" 2 ") })
        #expect(lines.last?.hasPrefix("TOTAL") == true)
        #expect(lines.last?.contains("USD/month") == true)
    }

    @Test("--json prints the same document compile writes to cost/estimate.json")
    func json() throws {
        let run = try TestSupport.oac(["cost", "catalog/minimal", "--json"])
        #expect(run.status == 0)
        let out = try TestSupport.temporaryDirectory().appendingPathComponent("out")
        #expect(try TestSupport.oac(["compile", "catalog/minimal", "--out", out.path]).status == 0)
        let written = try String(contentsOf: out.appendingPathComponent("cost/estimate.json"), encoding: .utf8)
        #expect(run.stdout == written)
    }

    @Test("a broken catalog exits 1 with its diagnostics, a missing argument 2")
    func errors() throws {
        let run = try TestSupport.oac(["cost", "catalog/broken/objective-range"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("[objective-range]"))
        #expect(try TestSupport.oac(["cost"]).status == 2)
    }
}
