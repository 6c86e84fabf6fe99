import Foundation
import OACPromQL
import OACSupport

// How services and their SLOs write themselves in model.json (the rest of the model: Model+JSON.swift, which
// says how enums with associated values are written).

// MARK: - Services

extension ServiceType: JSONWritable {}

extension Service: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("corrections", corrections)
            $0.field("description", description)
            $0.field("errorBudgetPolicy", errorBudgetPolicy)
            $0.field("instances", instances)
            $0.field("job", job)
            $0.field("logs", logs)
            $0.field("maintenanceWindows", maintenanceWindows)
            $0.field("metrics", metrics)
            $0.field("name", name)
            $0.field("owner", owner)
            $0.field("regions", regions)
            $0.field("runbook", runbook)
            $0.field("scrape", scrape)
            $0.field("slos", slos)
            $0.field("targets", targets)
            $0.field("tier", tier)
            $0.field("type", type)
        }
    }
}

extension Targets: JSONWritable {
    public func write(to json: inout JSONWriter) {
        switch self {
        case .none: json.enumCase("none") { _ in }
        case .static(let targets): json.enumCase("static") { $0.field("_0", targets) }
        case .staticByRegion(let list): json.enumCase("staticByRegion") { $0.field("_0", list) }
        case .file(let path): json.enumCase("file") { $0.field("_0", path) }
        case .kubernetes(let namespace, let selector):
            json.enumCase("kubernetes") {
                $0.field("namespace", namespace)
                $0.field("selector", selector)
            }
        }
    }
}

extension RegionTargets: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("region", region)
            $0.field("targets", targets)
        }
    }
}

extension MetricType: JSONWritable {}

extension MetricSpec: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("buckets", buckets)
            $0.field("help", help)
            $0.field("labels", labels)
            $0.field("name", name)
            $0.field("quantiles", quantiles)
            $0.field("type", type)
        }
    }
}

extension LabelCardinality: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("name", name)
            $0.field("values", values)
        }
    }
}

extension LogStream: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("retention", retention)
            $0.field("selector", selector)
            $0.field("volumePerDay", volumePerDay)
        }
    }
}

// MARK: - SLOs

extension SLO: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("alerting", alerting)
            $0.field("burnRates", burnRates)
            $0.field("calendar", calendar)
            $0.field("description", description)
            $0.field("name", name)
            $0.field("objective", objective)
            $0.field("sli", sli)
            $0.field("window", window)
        }
    }
}

extension CalendarPeriod: JSONWritable {}

extension SLI: JSONWritable {
    public func write(to json: inout JSONWriter) {
        switch self {
        case .events(let e): json.enumCase("events") { $0.field("_0", e) }
        case .eventQueries(let q): json.enumCase("eventQueries") { $0.field("_0", q) }
        case .latency(let l): json.enumCase("latency") { $0.field("_0", l) }
        case .threshold(let t): json.enumCase("threshold") { $0.field("_0", t) }
        }
    }
}

extension EventsSLI.Counting: JSONWritable {}

extension EventsSLI: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("counting", counting)
            $0.field("selector", selector)
            $0.field("total", total)
        }
    }
}

extension EventQueriesSLI: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("counting", counting)
            $0.field("query", query)
            $0.field("total", total)
        }
    }
}

extension LatencySLI: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("histogram", histogram)
            $0.field("threshold", threshold)
        }
    }
}

extension ComparisonOp: JSONWritable {}
extension ThresholdScope: JSONWritable {}

extension ThresholdSLI: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("op", op)
            $0.field("query", query)
            $0.field("scope", scope)
            $0.field("value", value)
        }
    }
}

extension SLOAlerting: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("annotations", annotations)
            $0.field("labels", labels)
            $0.field("minEventsPerHour", minEventsPerHour)
            $0.field("page", page)
            $0.field("ticket", ticket)
        }
    }
}

extension KeyValue: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("key", key)
            $0.field("value", value)
        }
    }
}

extension LabelSelector: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("matchers", matchers)
            $0.field("metric", metric)
        }
    }
}

extension LabelSelector.Op: JSONWritable {}

extension LabelSelector.Matcher: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("name", name)
            $0.field("op", op)
            $0.field("value", value)
        }
    }
}
