import Foundation
import OACCatalog
import OACCompiler
import OACModel
import OACTestSupport
import Testing

@testable import OACRender

/// Catalogs, rendered dashboards as parsed JSON, and golden files for the Grafana tests.
enum GrafanaTestSupport {
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden")

    /// Every *.yaml of a catalog folder below the repository, sorted by path.
    static func files(_ catalog: String) throws -> [SourceFile] { Repository.catalog(catalog) }

    static func model(_ files: [SourceFile]) throws -> Model {
        let result = Compiler.check(files)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        return try #require(result.model)
    }

    static func model(catalog: String) throws -> Model { try model(files(catalog)) }

    /// The rendered dashboards of a model, path → parsed JSON object (what Grafana reads, not our values).
    static func rendered(_ model: Model) throws -> [String: [String: Any]] {
        var out: [String: [String: Any]] = [:]
        for file in GrafanaRenderer.render(model) where file.path.hasSuffix(".json") {
            let object = try JSONSerialization.jsonObject(with: Data(file.contents.utf8))
            out[file.path] = try #require(object as? [String: Any], "\(file.path) is not a JSON object")
        }
        return out
    }

    /// Every panel of a dashboard, children of collapsed rows included.
    static func panels(_ dashboard: [String: Any]) -> [[String: Any]] {
        let top = dashboard["panels"] as? [[String: Any]] ?? []
        return top.flatMap { [$0] + ($0["panels"] as? [[String: Any]] ?? []) }
    }

    static func targets(_ panel: [String: Any]) -> [[String: Any]] { panel["targets"] as? [[String: Any]] ?? [] }

    static func exprs(_ dashboard: [String: Any]) -> [String] {
        let panelExprs = panels(dashboard).flatMap(targets).compactMap { $0["expr"] as? String }
        let annotations = ((dashboard["annotations"] as? [String: Any])?["list"] as? [[String: Any]] ?? [])
            .compactMap { $0["expr"] as? String }
        return panelExprs + annotations
    }

    /// The standard prelude with a team that pages through a webhook, and one service `svc` of team `t` on
    /// tier `std` whose `spec:` body (unindented) is `service`.
    static func catalog(service: String) -> CatalogBuilder {
        CatalogBuilder()
            .teams([("t", #"page: {webhook: {url: "https://hooks.example.com/t", bearerTokenFile: /etc/secrets/hook}}"#)])
            .service("svc", service)
    }

    /// Compares text with its golden file in the Grafana golden folder (`OAC_RECORD=1` re-records).
    static func assertGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        OACTestSupport.assertGolden(actual, matches: goldenFolder.appendingPathComponent(name), sourceLocation: sourceLocation)
    }
}
