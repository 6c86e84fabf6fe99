import Foundation
import OACModel

// How the Grafana model writes itself as JSON: the same text as its `Encodable` form through JSONEncoder
// (`JSONWriterTests` compares both on every dashboard), straight into bytes. Fields in UTF-8 key order;
// optional fields left out when nil.

extension GrafanaDashboard: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("annotations", annotations)
            $0.field("description", description)
            $0.field("editable", editable)
            $0.field("fiscalYearStartMonth", fiscalYearStartMonth)
            $0.field("graphTooltip", graphTooltip)
            $0.field("links", links)
            $0.field("liveNow", liveNow)
            $0.field("panels", panels)
            $0.field("refresh", refresh)
            $0.field("schemaVersion", schemaVersion)
            $0.field("tags", tags)
            $0.field("templating", templating)
            $0.field("time", time)
            $0.field("timezone", timezone)
            $0.field("title", title)
            $0.field("uid", uid)
            $0.field("version", version)
            $0.field("weekStart", weekStart)
        }
    }
}

extension TimeRange: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("from", from)
            $0.field("to", to)
        }
    }
}

extension PanelType: JSONWritable {}

extension GrafanaPanel: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("collapsed", collapsed)
            $0.field("datasource", datasource)
            $0.field("description", description)
            $0.field("fieldConfig", fieldConfig)
            $0.field("gridPos", gridPos)
            $0.field("id", id)
            $0.field("options", options)
            $0.field("panels", panels)
            $0.field("targets", targets)
            $0.field("title", title)
            $0.field("transformations", transformations)
            $0.field("type", type)
        }
    }
}

extension GridPos: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("h", h)
            $0.field("w", w)
            $0.field("x", x)
            $0.field("y", y)
        }
    }
}

extension DataSourceRef: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("type", type)
            $0.field("uid", uid)
        }
    }
}

extension Target: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("datasource", datasource)
            $0.field("editorMode", editorMode)
            $0.field("expr", expr)
            $0.field("format", format)
            $0.field("instant", instant)
            $0.field("legendFormat", legendFormat)
            $0.field("range", range)
            $0.field("refId", refId)
        }
    }
}

// MARK: - Field config

extension FieldConfigSource: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("defaults", defaults)
            $0.field("overrides", [String]())
        }
    }
}

extension FieldDefaults: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("color", color)
            $0.field("custom", custom)
            $0.field("decimals", decimals)
            $0.field("mappings", mappings)
            $0.field("max", max)
            $0.field("min", min)
            $0.field("noValue", noValue)
            $0.field("thresholds", thresholds)
            $0.field("unit", unit)
        }
    }
}

extension FieldColor: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("fixedColor", fixedColor)
            $0.field("mode", mode)
        }
    }
}

extension Thresholds: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("mode", mode)
            $0.field("steps", steps)
        }
    }
}

extension ThresholdStep: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("color", color)
            if let value { $0.field("value", value) } else { $0.null("value") }
        }
    }
}

extension ValueMapping: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("options", options)
            $0.field("type", type)
        }
    }
}

extension ValueMapping.Result: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("color", color)
            $0.field("index", index)
            $0.field("text", text)
        }
    }
}

extension TimeSeriesFieldConfig: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("axisLabel", axisLabel)
            $0.field("axisPlacement", axisPlacement)
            $0.field("axisSoftMax", axisSoftMax)
            $0.field("axisSoftMin", axisSoftMin)
            $0.field("drawStyle", drawStyle)
            $0.field("fillOpacity", fillOpacity)
            $0.field("lineInterpolation", lineInterpolation)
            $0.field("lineWidth", lineWidth)
            $0.field("showPoints", showPoints)
            $0.field("spanNulls", spanNulls)
            $0.field("stacking", stacking)
            $0.field("thresholdsStyle", thresholdsStyle)
        }
    }
}

extension TimeSeriesFieldConfig.ThresholdsStyle: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { $0.field("mode", mode) }
    }
}

extension TimeSeriesFieldConfig.Stacking: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("group", group)
            $0.field("mode", mode)
        }
    }
}

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

// MARK: - Templating, annotations, links

extension Templating: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { $0.field("list", list) }
    }
}

extension TemplateVariable: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("allValue", allValue)
            $0.field("current", current)
            $0.field("datasource", datasource)
            $0.field("definition", definition)
            $0.field("description", description)
            $0.field("hide", hide)
            $0.field("includeAll", includeAll)
            $0.field("label", label)
            $0.field("multi", multi)
            $0.field("name", name)
            $0.field("options", options)
            $0.field("query", query)
            $0.field("refresh", refresh)
            $0.field("regex", regex)
            $0.field("skipUrlSync", skipUrlSync)
            $0.field("sort", sort)
            $0.field("type", type)
        }
    }
}

extension TemplateVariable.Option: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("selected", selected)
            $0.field("text", text)
            $0.field("value", value)
        }
    }
}

extension Annotations: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { $0.field("list", list) }
    }
}

extension Annotation: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("builtIn", builtIn)
            $0.field("datasource", datasource)
            $0.field("enable", enable)
            $0.field("expr", expr)
            $0.field("hide", hide)
            $0.field("iconColor", iconColor)
            $0.field("name", name)
            $0.field("step", step)
            $0.field("tagKeys", tagKeys)
            $0.field("target", target)
            $0.field("textFormat", textFormat)
            $0.field("titleFormat", titleFormat)
            $0.field("type", type)
            $0.field("useValueForTime", useValueForTime)
        }
    }
}

extension Annotation.GrafanaTarget: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("limit", limit)
            $0.field("matchAny", matchAny)
            $0.field("tags", tags)
            $0.field("type", type)
        }
    }
}

extension DashboardLink: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("asDropdown", asDropdown)
            $0.field("icon", icon)
            $0.field("includeVars", includeVars)
            $0.field("keepTime", keepTime)
            $0.field("tags", tags)
            $0.field("targetBlank", targetBlank)
            $0.field("title", title)
            $0.field("tooltip", tooltip)
            $0.field("type", type)
            $0.field("url", url)
        }
    }
}
