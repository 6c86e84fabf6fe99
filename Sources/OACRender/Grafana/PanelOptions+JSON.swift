import Foundation
import OACModel
import OACSupport

// How panel options and transformations write themselves in a dashboard (the rest: GrafanaModel+JSON.swift).

// MARK: - Panel options

extension PanelOptions: JSONWritable {
    public func write(to json: inout JSONWriter) {
        switch self {
        case .timeseries(let o): o.write(to: &json)
        case .stat(let o): o.write(to: &json)
        case .text(let o): o.write(to: &json)
        case .table(let o): o.write(to: &json)
        }
    }
}

extension TimeSeriesOptions: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("legend", legend)
            $0.field("tooltip", tooltip)
        }
    }
}

extension TimeSeriesOptions.Legend: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("calcs", calcs)
            $0.field("displayMode", displayMode)
            $0.field("placement", placement)
            $0.field("showLegend", showLegend)
        }
    }
}

extension TimeSeriesOptions.Tooltip: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("mode", mode)
            $0.field("sort", sort)
        }
    }
}

extension StatOptions: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("colorMode", colorMode)
            $0.field("graphMode", graphMode)
            $0.field("justifyMode", justifyMode)
            $0.field("orientation", orientation)
            $0.field("percentChangeColorMode", percentChangeColorMode)
            $0.field("reduceOptions", reduceOptions)
            $0.field("showPercentChange", showPercentChange)
            $0.field("textMode", textMode)
            $0.field("wideLayout", wideLayout)
        }
    }
}

extension StatOptions.Reduce: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("calcs", calcs)
            $0.field("fields", fields)
            $0.field("values", values)
        }
    }
}

extension TextOptions: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("content", content)
            $0.field("mode", mode)
        }
    }
}

extension TableOptions: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("cellHeight", cellHeight)
            $0.field("frameIndex", frameIndex)
            $0.field("showHeader", showHeader)
        }
    }
}

extension Transformation: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("id", id)
            $0.field("options", options)
        }
    }
}

extension Transformation.Organize: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("excludeByName", excludeByName)
            $0.field("indexByName", indexByName)
            $0.field("renameByName", renameByName)
        }
    }
}
