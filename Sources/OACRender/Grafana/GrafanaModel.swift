import Foundation
import OACModel

// Over 400 lines on purpose: the types mirror one Grafana JSON document and are read together, each
// with its field list for the JSON writer beside it.

/// A Grafana dashboard in the classic JSON model (schemaVersion 39, Grafana 10.4–11): the values the
/// dashboard translators build. Only `GrafanaRenderer` turns them into text.
public struct GrafanaDashboard: Sendable, Hashable {
    /// Grafana 10.4 writes 39; every later Grafana migrates it forward on load.
    public static let schemaVersion = 39

    public var uid: String
    public var title: String
    public var description: String?
    public var tags: [String]
    public var panels: [GrafanaPanel]
    public var templating: Templating
    public var annotations: Annotations
    public var links: [DashboardLink]
    public var time = TimeRange(from: "now-24h", to: "now")
    public var refresh = "1m"
    public var timezone = "utc"
    /// Provisioned from files: edits in the UI would be lost on the next `oac compile`.
    public var editable = false
    /// Shared crosshair: the SLI, budget and burn-rate panels line up in time.
    public var graphTooltip = 1
    public var schemaVersion = GrafanaDashboard.schemaVersion
    public var version = 1
    public var fiscalYearStartMonth = 0
    public var liveNow = false
    public var weekStart = ""

    public init(
        uid: String, title: String, description: String?, tags: [String], panels: [GrafanaPanel],
        templating: Templating, annotations: Annotations, links: [DashboardLink]
    ) {
        self.uid = uid
        self.title = title
        self.description = description
        self.tags = tags
        self.panels = panels
        self.templating = templating
        self.annotations = annotations
        self.links = links
    }

    /// Every panel, rows' children included, in order.
    public var allPanels: [GrafanaPanel] {
        panels.flatMap { [$0] + ($0.panels ?? []) }
    }
}

public struct TimeRange: Sendable, Hashable {
    public var from: String
    public var to: String
}

// MARK: - Panels

public enum PanelType: String, Sendable, Hashable {
    case row, timeseries, stat, table, text
}

public struct GrafanaPanel: Sendable, Hashable {
    public var id = 0
    public var type: PanelType
    public var title: String
    public var description: String?
    public var datasource: DataSourceRef?
    public var gridPos = GridPos(x: 0, y: 0, w: 24, h: 8)
    public var targets: [Target]?
    public var fieldConfig: FieldConfigSource?
    public var options: PanelOptions?
    public var transformations: [Transformation]?
    /// Rows only.
    public var collapsed: Bool?
    public var panels: [GrafanaPanel]?

    public init(
        type: PanelType, title: String, description: String? = nil, datasource: DataSourceRef? = nil,
        targets: [Target]? = nil, fieldConfig: FieldConfigSource? = nil, options: PanelOptions? = nil,
        transformations: [Transformation]? = nil
    ) {
        self.type = type
        self.title = title
        self.description = description
        self.datasource = datasource
        self.targets = targets
        self.fieldConfig = fieldConfig
        self.options = options
        self.transformations = transformations
    }

    /// An open row: its panels follow it at the top level, so it owns none.
    public static func row(_ title: String) -> GrafanaPanel {
        var p = GrafanaPanel(type: .row, title: title)
        p.collapsed = false
        p.panels = []
        return p
    }
}

public struct GridPos: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var w: Int
    public var h: Int
}

public struct DataSourceRef: Sendable, Hashable {
    public var type: String
    public var uid: String

    /// The Prometheus picked by the dashboard's `datasource` variable.
    public static let prometheus = DataSourceRef(type: "prometheus", uid: "${\(Conventions.datasourceVariable)}")
    /// Federation: the shard Prometheus picked by the `shard` variable, for panels that read raw series.
    public static let shard = DataSourceRef(type: "prometheus", uid: "${\(Conventions.shardDatasourceVariable)}")
    /// Grafana's own annotation store.
    public static let grafana = DataSourceRef(type: "grafana", uid: "-- Grafana --")
}

public struct Target: Sendable, Hashable {
    public var datasource = DataSourceRef.prometheus
    public var expr: String
    public var refId: String
    public var legendFormat: String?
    public var instant: Bool?
    public var range: Bool?
    public var format: String?
    public var editorMode = "code"

    public init(expr: String, refId: String, legendFormat: String?, instant: Bool = false, table: Bool = false) {
        self.expr = expr
        self.refId = refId
        self.legendFormat = legendFormat
        self.instant = instant
        self.range = !instant
        self.format = table ? "table" : "time_series"
    }
}

// MARK: - Field config

public struct FieldConfigSource: Sendable, Hashable {
    public var defaults: FieldDefaults

    public init(defaults: FieldDefaults) { self.defaults = defaults }
}

public struct FieldDefaults: Sendable, Hashable {
    public var unit: String?
    public var decimals: Int?
    public var min: ExactDecimal?
    public var max: ExactDecimal?
    public var noValue: String?
    public var color: FieldColor?
    public var thresholds: Thresholds?
    public var mappings: [ValueMapping]?
    public var custom: TimeSeriesFieldConfig?

    public init(
        unit: String? = nil, decimals: Int? = nil, min: ExactDecimal? = nil, max: ExactDecimal? = nil,
        noValue: String? = nil, color: FieldColor? = nil, thresholds: Thresholds? = nil,
        mappings: [ValueMapping]? = nil, custom: TimeSeriesFieldConfig? = nil
    ) {
        self.unit = unit
        self.decimals = decimals
        self.min = min
        self.max = max
        self.noValue = noValue
        self.color = color
        self.thresholds = thresholds
        self.mappings = mappings
        self.custom = custom
    }
}

public struct FieldColor: Sendable, Hashable {
    public var mode: String
    public var fixedColor: String?

    public static let palette = FieldColor(mode: "palette-classic")
    public static let thresholds = FieldColor(mode: "thresholds")
    public static func fixed(_ color: String) -> FieldColor { FieldColor(mode: "fixed", fixedColor: color) }
}

public struct Thresholds: Sendable, Hashable {
    public var mode = "absolute"
    public var steps: [ThresholdStep]

    /// Steps from a base colour, then each value upwards; values are sorted and deduplicated (the last colour
    /// given for a value wins), as Grafana expects.
    public init(base: String, _ steps: [(ExactDecimal, String)]) {
        var out = [ThresholdStep(value: nil, color: base)]
        out.reserveCapacity(steps.count + 1)
        if steps.count <= 1 || zip(steps, steps.dropFirst()).allSatisfy({ $0.0 < $1.0 }) {
            // Already sorted and distinct (nearly always: one step, or a table written in order).
            for (v, c) in steps { out.append(ThresholdStep(value: v, color: c)) }
        } else if zip(steps, steps.dropFirst()).allSatisfy({ $1.0 < $0.0 }) {
            // Distinct and in reverse (a burn-rate table, fastest burn first).
            for (v, c) in steps.reversed() { out.append(ThresholdStep(value: v, color: c)) }
        } else {
            // A stable sort keeps equal values in the order given: the first one stays, the last colour wins.
            for (v, c) in steps.sorted(by: { $0.0 < $1.0 }) {
                if let last = out.last?.value, last == v {
                    out[out.count - 1].color = c
                } else {
                    out.append(ThresholdStep(value: v, color: c))
                }
            }
        }
        self.steps = out
    }
}

public struct ThresholdStep: Sendable, Hashable {
    /// nil is the base step (minus infinity), written as JSON null.
    public var value: ExactDecimal?
    public var color: String
}

/// A value → text mapping (`{"type":"value","options":{"1":{"text":"up"}}}`).
public struct ValueMapping: Sendable, Hashable {
    public struct Result: Sendable, Hashable {
        public var text: String
        public var color: String
        public var index: Int
    }

    public var type = "value"
    public var options: [String: Result]

    public init(_ pairs: [(String, String, String)]) {
        var out: [String: Result] = [:]
        for (i, (value, text, color)) in pairs.enumerated() { out[value] = Result(text: text, color: color, index: i) }
        options = out
    }
}

/// `fieldConfig.defaults.custom` of a time-series panel.
public struct TimeSeriesFieldConfig: Sendable, Hashable {
    public struct ThresholdsStyle: Sendable, Hashable { public var mode: String }
    public struct Stacking: Sendable, Hashable {
        public var mode: String
        public var group: String
    }

    public var drawStyle = "line"
    public var lineInterpolation = "linear"
    public var lineWidth = 1
    public var fillOpacity = 10
    public var showPoints = "never"
    public var spanNulls = false
    public var axisPlacement = "auto"
    public var axisLabel: String?
    public var axisSoftMin: ExactDecimal?
    public var axisSoftMax: ExactDecimal?
    public var stacking = Stacking(mode: "none", group: "A")
    public var thresholdsStyle: ThresholdsStyle

    public init(
        thresholdsStyle: String = "off", axisLabel: String? = nil, axisSoftMin: ExactDecimal? = nil,
        axisSoftMax: ExactDecimal? = nil
    ) {
        self.thresholdsStyle = ThresholdsStyle(mode: thresholdsStyle)
        self.axisLabel = axisLabel
        self.axisSoftMin = axisSoftMin
        self.axisSoftMax = axisSoftMax
    }
}

// MARK: - Templating, annotations, links

public struct Templating: Sendable, Hashable {
    public var list: [TemplateVariable]
}

public struct TemplateVariable: Sendable, Hashable {
    public struct Option: Sendable, Hashable {
        public var selected: Bool
        public var text: [String]
        public var value: [String]
    }

    public var type: String
    public var name: String
    public var label: String
    public var description: String?
    public var hide = 0
    public var skipUrlSync = false
    public var query: String
    public var definition: String?
    public var datasource: DataSourceRef?
    public var current: Option?
    public var options: [Option] = []
    public var multi: Bool
    public var includeAll: Bool
    public var allValue: String?
    /// 2: reload the values when the time range changes.
    public var refresh: Int
    public var regex = ""
    /// 1: alphabetical.
    public var sort: Int

    /// The Prometheus server (or Thanos/Mimir querier) every panel reads.
    public static let datasource = TemplateVariable(
        type: "datasource", name: Conventions.datasourceVariable, label: "Prometheus",
        description: "The Prometheus (or Thanos/Mimir querier) that holds the oac recording rules.",
        query: "prometheus", multi: false, includeAll: false, refresh: 1, sort: 0)

    /// Federation: the shard whose raw series the service panels show (one shard holds its share of the
    /// region's targets; the global server holds none of them).
    public static let shardDatasource = TemplateVariable(
        type: "datasource", name: Conventions.shardDatasourceVariable, label: "Shard (raw series)",
        description: "A shard Prometheus: raw service metrics live only there (federation carries the SLI aggregates).",
        query: "prometheus", multi: false, includeAll: false, refresh: 1, sort: 0)

    /// Regions, read from a series each region's Prometheus federates with its `region` external label.
    /// "All" matches series without the label too (`.*`), so one Prometheus without external labels works.
    public static func region(from series: String) -> TemplateVariable {
        let query = "label_values(\(series), \(Conventions.regionLabel))"
        var v = TemplateVariable(
            type: "query", name: Conventions.regionVariable, label: "Region",
            description: "Filters raw service metrics by their region external label.",
            query: query, multi: true, includeAll: true, refresh: 2, sort: 1)
        v.definition = query
        v.datasource = .prometheus
        v.allValue = ".*"
        v.current = Option(selected: true, text: ["All"], value: ["$__all"])
        return v
    }
}

public struct Annotations: Sendable, Hashable {
    public var list: [Annotation]
}

public struct Annotation: Sendable, Hashable {
    public struct GrafanaTarget: Sendable, Hashable {
        public var limit = 100
        public var matchAny = false
        public var tags: [String] = []
        public var type = "dashboard"
    }

    public var name: String
    public var datasource: DataSourceRef
    public var enable = true
    public var hide: Bool
    public var iconColor: String
    public var builtIn: Int?
    public var type: String?
    public var target: GrafanaTarget?
    public var expr: String?
    public var step: String?
    public var titleFormat: String?
    public var textFormat: String?
    public var tagKeys: String?
    public var useValueForTime: Bool?

    /// Grafana's own annotations (hidden toggle), which every dashboard carries.
    public static let builtIn = Annotation(
        name: "Annotations & Alerts", datasource: .grafana, hide: true,
        iconColor: "rgba(0, 211, 255, 1)", builtIn: 1, type: "dashboard",
        target: GrafanaTarget())

    /// Firing alerts from Prometheus' `ALERTS` series, as regions on every time-series panel.
    public static func alerts(_ name: String, expr: String, color: String) -> Annotation {
        Annotation(
            name: name, datasource: .prometheus, hide: false, iconColor: color, expr: expr, step: "1m",
            titleFormat: "{{alertname}} ({{severity}})", textFormat: "{{service}} {{slo}} ({{alertstate}})",
            tagKeys: "severity,service,slo", useValueForTime: false)
    }
}

public struct DashboardLink: Sendable, Hashable {
    public var title: String
    public var type: String
    public var icon: String
    public var tooltip: String
    public var url: String?
    public var tags: [String]
    public var asDropdown: Bool
    public var targetBlank = false
    public var includeVars: Bool
    public var keepTime = true

    /// A link to one dashboard by uid: absolute under the catalog's Grafana URL (`spec.grafana.url`) when it
    /// gives one, so the link also works from a mail, a chat or another Grafana; else relative.
    public static func dashboard(
        _ title: String, uid: String, tooltip: String, includeVars: Bool = true,
        base: String? = nil
    ) -> DashboardLink {
        let root = base.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? ""
        return DashboardLink(
            title: title, type: "link", icon: "dashboard", tooltip: tooltip, url: "\(root)/d/\(uid)", tags: [],
            asDropdown: false, includeVars: includeVars)
    }

    /// A dropdown of every dashboard carrying all of `tags`.
    public static func tagged(_ title: String, tags: [String], tooltip: String) -> DashboardLink {
        DashboardLink(
            title: title, type: "dashboards", icon: "external link", tooltip: tooltip, url: nil, tags: tags,
            asDropdown: true, includeVars: false)
    }
}
