import Foundation
import OACModel

// Panel options and transformations of the Grafana dashboard model (the rest: GrafanaModel.swift; their JSON
// form: PanelOptions+JSON.swift).

// MARK: - Panel options

public enum PanelOptions: Sendable, Hashable {
    case timeseries(TimeSeriesOptions)
    case stat(StatOptions)
    case text(TextOptions)
    case table(TableOptions)
}

public struct TimeSeriesOptions: Sendable, Hashable {
    public struct Legend: Sendable, Hashable {
        public var displayMode = "list"
        public var placement = "bottom"
        public var showLegend = true
        public var calcs: [String] = []
    }

    public struct Tooltip: Sendable, Hashable {
        public var mode = "multi"
        public var sort = "desc"
    }

    public var legend = Legend()
    public var tooltip = Tooltip()

    public init() {}
}

public struct StatOptions: Sendable, Hashable {
    public struct Reduce: Sendable, Hashable {
        public var calcs = ["lastNotNull"]
        public var fields = ""
        public var values = false
    }

    public var graphMode: String
    public var colorMode: String
    public var justifyMode = "auto"
    /// `name` shows the series' legend instead of its value: how owner and tier are displayed.
    public var textMode: String
    public var wideLayout = true
    public var showPercentChange = false
    public var percentChangeColorMode = "standard"
    public var orientation = "auto"
    public var reduceOptions = Reduce()

    public init(graphMode: String = "none", colorMode: String = "value", textMode: String = "auto") {
        self.graphMode = graphMode
        self.colorMode = colorMode
        self.textMode = textMode
    }
}

public struct TextOptions: Sendable, Hashable {
    public var mode = "markdown"
    public var content: String

    public init(content: String) { self.content = content }
}

public struct TableOptions: Sendable, Hashable {
    public var frameIndex = 0
    public var showHeader = true
    public var cellHeight = "sm"

    public init() {}
}

/// An `organize` transformation: hides and orders table columns.
public struct Transformation: Sendable, Hashable {
    public struct Organize: Sendable, Hashable {
        public var excludeByName: [String: Bool]
        public var indexByName: [String: Int]
        public var renameByName: [String: String]
    }

    public var id = "organize"
    public var options: Organize

    public static func organize(hiding hidden: [String], order: [String]) -> Transformation {
        Transformation(
            options: Organize(
                excludeByName: Dictionary(uniqueKeysWithValues: hidden.map { ($0, true) }),
                indexByName: Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) }),
                renameByName: [:]))
    }
}
