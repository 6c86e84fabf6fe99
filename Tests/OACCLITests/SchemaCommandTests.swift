import Foundation
import Testing

/// `oac schema`: the catalog language's key tables and docs/catalog.md.
@Suite("oac schema")
struct SchemaCommandTests {
    @Test("docs/catalog.md's key tables are generated from the schema and up to date")
    func docsUpToDate() throws {
        let run = try TestSupport.oac(["schema", "--docs", "docs/catalog.md"])
        #expect(run.status == 0, "\(run.stderr)")
        TestSupport.assertGolden(run.stdout, TestSupport.repoRoot.appendingPathComponent("docs/catalog.md"))
    }

    @Test("oac schema prints every table; it is hidden from --help; --write needs --docs")
    func listing() throws {
        let run = try TestSupport.oac(["schema"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("### incident (`incidents[]`)") && run.stdout.contains("| `summary` | string | optional |"))
        #expect(try !TestSupport.oac(["--help"]).stdout.contains("schema"))
        #expect(try TestSupport.oac(["schema", "--write"]).status == 2)
    }

    @Test("a page with a marker that names no table is refused with exit 1")
    func badMarker() throws {
        let dir = try TestSupport.temporaryDirectory("schema")
        let page = dir.appendingPathComponent("page.md")
        try Data("<!-- oac:schema nope -->\n<!-- /oac:schema -->\n".utf8).write(to: page)
        let run = try TestSupport.oac(["schema", "--docs", page.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("names no schema table"))
    }
}
