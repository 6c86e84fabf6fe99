import Foundation
import OACCatalog
import OACCompiler
import OACImport
import OACModel
import Testing

@Suite("OpenSLO export")
struct OpenSLOExporterTests {
    func model(_ text: String, path: String = "catalog.yaml") throws -> Model {
        let result = Compiler.check([SourceFile(path: path, contents: text)])
        return try #require(result.model, "\(result.diagnostics.sorted)")
    }

    func reimport(_ openslo: String) -> ImportedCatalog {
        var importer = OpenSLOImporter()
        importer.importFile(path: "export.yaml", contents: openslo)
        importer.finish()
        #expect(!importer.diagnostics.hasErrors, "\(importer.diagnostics.sorted)")
        return importer.catalog
    }

    @Test("import → export → import gives the same catalog")
    func roundTrip() throws {
        let original = try model(try ImportSupport.text("roundtrip.yaml"))
        var exporter = OpenSLOExporter(model: original)
        let first = reimport(exporter.text())
        let firstText = CatalogWriter(first, options: .init(platform: true)).text()
        var again = OpenSLOExporter(model: try model(firstText))
        let second = reimport(again.text())
        #expect(first == second)
        #expect(CatalogWriter(second, options: .init(platform: true)).text() == firstText)
    }

    @Test("the export keeps every SLO's meaning")
    func meaning() throws {
        var exporter = OpenSLOExporter(model: try model(try ImportSupport.text("roundtrip.yaml")))
        let back = reimport(exporter.text())
        let shop = try #require(back.service(named: "shop"))
        #expect(shop.owner == "web" && shop.tier == "gold" && shop.runbook == "https://runbooks.example.com/shop")
        #expect(shop.description == "The web shop")
        let slos = Dictionary(uniqueKeysWithValues: shop.slos.map { ($0.name, $0) })
        #expect(slos.keys.sorted() == ["availability", "checkout", "freshness", "latency", "search"])
        #expect(
            slos["availability"]?.sli
                == .events(
                    counting: .bad, selector: #"http_requests_total{job="shop",code=~"5.."}"#,
                    total: #"http_requests_total{job="shop"}"#))
        #expect(slos["availability"]?.labels == [KeyValue("category", "availability")])
        #expect(slos["availability"]?.annotations == [KeyValue("playbook", "see #shop-oncall")])
        #expect(slos["availability"]?.window == .rolling(.days(30)))
        #expect(slos["checkout"]?.window == .calendar(.month))
        #expect(slos["checkout"].map { !$0.page && $0.ticket } == true)
        #expect(slos["latency"]?.sli == .latency(histogram: #"http_request_duration_seconds{job="shop"}"#, threshold: Decimal(string: "0.5")!))
        #expect(slos["latency"]?.window == .rolling(.days(28)))
        #expect(
            slos["freshness"]?.sli
                == .threshold(
                    query: #"time() - inventory_last_sync_timestamp_seconds{job="shop"}"#,
                    op: .lessOrEqual, value: 7200))
        #expect(slos["freshness"].map { !$0.page && !$0.ticket } == true)
        #expect(slos["freshness"]?.window == .calendar(.week))
        #expect(slos["search"]?.window == .calendar(.quarter))
        #expect(slos["search"]?.objective == 95)
        guard case .eventQueries(.bad, let q, _)? = slos["search"]?.sli else {
            Issue.record("search lost its queries")
            return
        }
        #expect(q.contains("[$window:]"))
    }

    @Test("burn-rate rows become one alert policy per severity with a condition per row")
    func alertPolicies() throws {
        var exporter = OpenSLOExporter(model: try model(try ImportSupport.text("roundtrip.yaml")))
        let text = exporter.text()
        #expect(text.contains("name: shop-availability-page\n"))
        #expect(text.contains("threshold: 14.4\n                lookbackWindow: 1h\n                alertAfter: 1m\n"))
        #expect(text.contains("name: shop-checkout-ticket\n"))
        #expect(!text.contains("name: shop-checkout-page\n"))
        #expect(text.contains("alertPolicies: []"))
    }
}
