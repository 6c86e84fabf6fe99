import Foundation
import OACModel
import OACRender
import OACTestSupport
import Testing

/// `CostRenderer` (Sources/OACRender/Cost): the estimate written as cost/estimate.json.
@Suite("Cost renderer")
struct CostRendererTests {
    @Test("estimate.json carries series, samples/s, log volume and cost per service and team")
    func json() throws {
        let file = try #require(
            CostRenderer.render(try RenderTestSupport.model(HandCatalog.text))
                .first { $0.path == "cost/estimate.json" })
        let object = try #require(JSONSerialization.jsonObject(with: Data(file.contents.utf8)) as? [String: Any])
        for key in ["services", "teams"] {
            let rows = try #require(object[key] as? [[String: Any]])
            let figures = try #require(rows.first?["figures"] as? [String: Any])
            for field in ["series", "samplesPerSecond", "logGBPerDay", "monthlyCost"] { #expect(figures[field] != nil, "\(key).\(field)") }
        }
        #expect(file.contents.contains("\"total\" : 91.31"))  // EstimateTests: 3 more records (the error-budget policy)
    }
}
