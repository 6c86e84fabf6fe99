import Foundation
import OACCatalog
import OACCompiler
import OACModel
@testable import OACRender
import OACTestSupport
import Testing

/// Catalogs, rendered dashboards as parsed JSON, and golden files for the Grafana tests.
enum GrafanaTestSupport {
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden")

    /// Every *.yaml of a catalog folder below the repository, sorted by path.
    static func files(_ catalog: String) throws -> [SourceFile] {
        let root = repoRoot.appendingPathComponent(catalog)
        let walker = try #require(FileManager.default.enumerator(atPath: root.path))
        var out: [SourceFile] = []
        while let rel = walker.nextObject() as? String {
            guard rel.hasSuffix(".yaml") || rel.hasSuffix(".yml") else { continue }
            let text = try String(contentsOf: root.appendingPathComponent(rel), encoding: .utf8)
            out.append(SourceFile(path: "\(catalog)/\(rel)", contents: text))
        }
        return out.sorted { $0.path < $1.path }
    }

    static func model(_ files: [SourceFile]) throws -> Model {
        let result = Compiler.check(files)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        return try #require(result.model)
    }

    static func model(catalog: String) throws -> Model { try model(files(catalog)) }

    static func model(yaml: String) throws -> Model { try model([SourceFile(path: "inline.yaml", contents: yaml)]) }

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

    /// A minimal catalog without regions, with the service fields spliced in.
    static func catalog(regions: Bool = false, service: String) -> String {
        """
        apiVersion: oac/v1
        kind: Platform
        metadata: {name: tiny}
        spec:
          prometheus: {version: "2.42", scrapeInterval: 30s, evaluationInterval: 30s, retention: 35d}
        \(regions ? "  regions: [{name: local, shards: 1, address: \"p-{shard}:9090\"}]" : "")
          retentionTiers:
            - {name: std, metrics: {local: 15d}, logs: 14d}
        ---
        apiVersion: oac/v1
        kind: Team
        metadata: {name: t}
        spec:
          page: {webhook: {url: "https://hooks.example.com/t", bearerTokenFile: /etc/secrets/hook}}
        ---
        apiVersion: oac/v1
        kind: Service
        metadata: {name: svc}
        spec:
          owner: t
          tier: std
        \(service)
        """
    }

    /// Compares text with its golden file in the Grafana golden folder (`OAC_RECORD=1` re-records).
    static func assertGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        OACTestSupport.assertGolden(actual, matches: goldenFolder.appendingPathComponent(name), sourceLocation: sourceLocation)
    }
}
