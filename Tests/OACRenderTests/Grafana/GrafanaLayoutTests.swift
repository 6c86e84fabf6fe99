import Foundation
import OACModel
import Testing

@testable import OACRender

/// Layout rules Grafana does not enforce on load but breaks on: the grid, ids, uids and variables.
@Suite("Grafana dashboard layout")
struct GrafanaLayoutTests {
    static let catalogs = ["catalog/example", "catalog/minimal"]

    /// `$name`, `${name}`, `${name:format}` and `[[name]]`.
    static let variablePattern = try! NSRegularExpression(
        pattern: #"\$(?:\{([A-Za-z0-9_]+)(?::[^}]*)?\}|([A-Za-z_][A-Za-z0-9_]*))|\[\[([A-Za-z0-9_]+)\]\]"#)
    static let grafanaGlobals: Set<String> = [
        "__interval", "__interval_ms", "__rate_interval", "__range", "__range_s",
        "__range_ms", "__all", "__from", "__to", "__dashboard"
    ]

    static func dashboards() throws -> [(String, [String: Any])] {
        try catalogs.flatMap { try GrafanaTestSupport.rendered(GrafanaTestSupport.model(catalog: $0)).sorted { $0.key < $1.key } }
    }

    @Test("panels stay inside the 24-column grid and never overlap")
    func grid() throws {
        for (path, dashboard) in try Self.dashboards() {
            let boxes = GrafanaTestSupport.panels(dashboard).map { p -> (String, [String: Int]) in
                ("\(p["id"] ?? "?") \(p["title"] ?? "")", p["gridPos"] as? [String: Int] ?? [:])
            }
            for (name, g) in boxes {
                let x = g["x"] ?? -1
                let w = g["w"] ?? 0
                let h = g["h"] ?? 0
                let y = g["y"] ?? -1
                #expect(x >= 0 && y >= 0 && w >= 1 && h >= 1 && x + w <= 24, "\(path): \(name) at \(g)")
            }
            for i in boxes.indices {
                for j in boxes.indices where j > i {
                    let a = boxes[i].1
                    let b = boxes[j].1
                    let overlap =
                        a["x"]! < b["x"]! + b["w"]! && b["x"]! < a["x"]! + a["w"]!
                        && a["y"]! < b["y"]! + b["h"]! && b["y"]! < a["y"]! + a["h"]!
                    #expect(!overlap, "\(path): \(boxes[i].0) overlaps \(boxes[j].0)")
                }
            }
        }
    }

    @Test("rows span the full width and own no panels while open")
    func rows() throws {
        for (path, dashboard) in try Self.dashboards() {
            for row in GrafanaTestSupport.panels(dashboard) where row["type"] as? String == "row" {
                let g = row["gridPos"] as? [String: Int] ?? [:]
                #expect(g["x"] == 0 && g["w"] == 24 && g["h"] == 1, "\(path): row \(row["title"] ?? "")")
                #expect(row["collapsed"] as? Bool == false && (row["panels"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test("panel ids and target refIds are unique")
    func uniqueIDs() throws {
        for (path, dashboard) in try Self.dashboards() {
            let ids = GrafanaTestSupport.panels(dashboard).compactMap { $0["id"] as? Int }
            #expect(ids.count == GrafanaTestSupport.panels(dashboard).count, "\(path): a panel has no id")
            #expect(Set(ids).count == ids.count, "\(path): duplicate panel ids")
            for panel in GrafanaTestSupport.panels(dashboard) {
                let refs = GrafanaTestSupport.targets(panel).compactMap { $0["refId"] as? String }
                #expect(Set(refs).count == refs.count, "\(path): duplicate refIds in \(panel["title"] ?? "")")
            }
        }
    }

    @Test("uids are 1 to 40 characters of [A-Za-z0-9_-] and unique across dashboards")
    func uids() throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
        for catalog in Self.catalogs {
            let rendered = try GrafanaTestSupport.rendered(GrafanaTestSupport.model(catalog: catalog))
            let uids = rendered.values.compactMap { $0["uid"] as? String }
            #expect(uids.count == rendered.count)
            #expect(Set(uids).count == uids.count, "\(catalog): two dashboards share a uid")
            for uid in uids { #expect(!uid.isEmpty && uid.count <= 40 && uid.allSatisfy(allowed.contains), "\(uid)") }
        }
        // A long name keeps within the limit, and two long names sharing a prefix still differ.
        let a = Conventions.serviceDashboardUID(String(repeating: "a", count: 60) + "-one")
        let b = Conventions.serviceDashboardUID(String(repeating: "a", count: 60) + "-two")
        #expect(a.count == 40 && b.count == 40 && a != b)
    }

    @Test("every variable a dashboard uses is defined by it or by Grafana")
    func variablesDefined() throws {
        for (path, dashboard) in try Self.dashboards() {
            let defined = Set(
                ((dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? [])
                    .compactMap { $0["name"] as? String })
            #expect(defined.contains(Conventions.datasourceVariable))
            let data = try JSONSerialization.data(withJSONObject: dashboard)
            let text = String(decoding: data, as: UTF8.self)
            let range = NSRange(text.startIndex..., in: text)
            for m in Self.variablePattern.matches(in: text, range: range) {
                let name = (1...3).compactMap { Range(m.range(at: $0), in: text).map { String(text[$0]) } }.first ?? ""
                #expect(defined.contains(name) || Self.grafanaGlobals.contains(name), "\(path): undefined $\(name)")
            }
        }
    }

    @Test("every Prometheus query and panel names a datasource variable of its dashboard, the same for panel and queries")
    func datasources() throws {
        for (path, dashboard) in try Self.dashboards() {
            // `datasource` everywhere; `shard` too in a federation (DashboardSourcesTests checks which panel reads which).
            let variables = ((dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? [])
                .filter { $0["type"] as? String == "datasource" }.compactMap { $0["name"] as? String }
            for panel in GrafanaTestSupport.panels(dashboard) where !GrafanaTestSupport.targets(panel).isEmpty {
                let panelRef = panel["datasource"] as? [String: String]
                #expect(panelRef?["type"] == "prometheus", "\(path): \(panel["title"] ?? "")")
                #expect(variables.map { "${\($0)}" }.contains(panelRef?["uid"] ?? ""), "\(path): \(panel["title"] ?? "")")
                for ds in GrafanaTestSupport.targets(panel).map({ $0["datasource"] }) {
                    #expect(ds as? [String: String] == panelRef, "\(path): \(panel["title"] ?? "")")
                }
            }
        }
    }

    @Test("dashboards use schemaVersion 39 and are not editable in the UI")
    func schema() throws {
        for (path, dashboard) in try Self.dashboards() {
            #expect(dashboard["schemaVersion"] as? Int == 39, "\(path)")
            #expect(dashboard["editable"] as? Bool == false)
            #expect(dashboard["id"] == nil, "\(path): a fixed numeric id breaks import into another Grafana")
        }
    }

    @Test("the region variable exists only when the platform has regions, and only where it is used")
    func regionVariable() throws {
        let withRegions = try GrafanaTestSupport.rendered(GrafanaTestSupport.model(catalog: "catalog/example"))
        func names(_ d: [String: Any]) -> [String] {
            ((d["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        }
        // The example is a federation: dashboards with raw-series panels also pick a shard (DashboardSourcesTests).
        #expect(names(withRegions["grafana/ml-platform/bert-model-serving.json"]!) == ["datasource", "shard", "region"])
        #expect(names(withRegions["grafana/platform/platform.json"]!) == ["datasource", "shard", "region"])
        #expect(names(withRegions["grafana/ml-platform/team-overview.json"]!) == ["datasource"])

        let service = """
            metrics: [{name: http_requests_total, type: counter}]
            slos:
              - name: availability
                objective: 99
                sli: {events: {bad: 'http_requests_total{code="500"}', total: http_requests_total}}
            """
        let bare = try GrafanaTestSupport.rendered(GrafanaTestSupport.catalog(service: service).model())
        for (path, d) in bare {
            #expect(names(d) == ["datasource"], "\(path)")
            #expect(!GrafanaTestSupport.exprs(d).contains { $0.contains("$region") }, "\(path)")
        }
    }

    @Test("the grid layout wraps a panel that does not fit and starts rows on a new line")
    func gridLayout() {
        var grid = GridLayout()
        grid.row("first")
        grid.add(GrafanaPanel(type: .text, title: "a"), w: 16, h: 4)
        grid.add(GrafanaPanel(type: .text, title: "b"), w: 12, h: 8)
        grid.add(GrafanaPanel(type: .text, title: "c"), w: 12, h: 2)
        grid.row("second")
        let pos = grid.panels.map(\.gridPos)
        #expect(pos[1] == GridPos(x: 0, y: 1, w: 16, h: 4))
        #expect(pos[2] == GridPos(x: 0, y: 5, w: 12, h: 8))
        #expect(pos[3] == GridPos(x: 12, y: 5, w: 12, h: 2))
        #expect(pos[4] == GridPos(x: 0, y: 13, w: 24, h: 1))
        #expect(grid.panels.map(\.id) == [1, 2, 3, 4, 5])
    }
}
