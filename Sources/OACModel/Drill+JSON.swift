import Foundation
import OACPromQL
import OACSupport

// How a drill writes itself in model.json (fields in UTF-8 key order; see Model+JSON.swift).

extension DrillOutcome: JSONWritable {}

extension Drill: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("actionItems", actionItems)
            $0.field("date", date)
            $0.field("duration", duration)
            $0.field("fault", fault)
            $0.field("findings", findings)
            $0.field("hypothesis", hypothesis)
            $0.field("maxBudgetSpend", maxBudgetSpend)
            $0.field("name", name)
            $0.field("outcome", outcome)
            $0.field("services", services)
            $0.field("slos", slos)
            $0.field("start", start)
            $0.field("title", title)
            $0.field("tool", tool)
        }
    }
}
