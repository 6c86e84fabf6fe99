import Foundation
import OACModel
import OACSupport

// How summary.json writes itself: the one declaration of its JSON form. Fields in UTF-8 key order (debug
// builds check it); optional fields the contract keeps as `null` (`met`, `calendar`) are written with
// `orNull`, the others are left out when nil.

extension SummaryJSON: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("cost", cost)
            $0.field("dataAsOf", dataAsOf)
            $0.field("dataQuality", dataQuality)
            $0.field("debt", debt)
            $0.field("drills", drills)
            $0.field("headline", headline)
            $0.field("incidents", incidents)
            $0.field("narrative", narrative)
            $0.field("oacVersion", oacVersion)
            $0.field("onCall", onCall)
            $0.field("platform", platform)
            $0.field("policyThresholds", policyThresholds)
            $0.field("quarter", quarter)
            $0.field("reportVersion", reportVersion)
            $0.field("slos", slos)
            $0.field("through", through)
            $0.field("tierWeights", tierWeights)
        }
    }
}

extension SummaryJSON.HeadlineJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object {
            $0.field("policyStates", policyStates)
            $0.field("previousReliabilityScore", previousReliabilityScore)
            $0.field("previousSlosMet", previousSlosMet)
            $0.field("reliabilityScore", reliabilityScore)
            $0.field("slosMet", slosMet)
            $0.field("slosTotal", slosTotal)
            $0.field("slosWithData", slosWithData)
        }
    }
}

extension SummaryJSON.SLOJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object {
            $0.field("attainment", attainment)
            $0.field("budgetConsumed", budgetConsumed)
            $0.field("calendar", orNull: calendar)  // null for a rolling SLO, never absent
            $0.field("daysFromRawSeries", daysFromRawSeries)
            $0.field("daysWithoutData", daysWithoutData)
            $0.field("goodEvents", goodEvents)
            $0.field("met", orNull: met)  // null without data, never absent
            $0.field("objective", objective)
            $0.field("objectiveChanged", objectiveChanged)
            $0.field("periods", periods)
            $0.field("policyState", policyState)
            $0.field("previousAttainment", previousAttainment)
            $0.field("service", service)
            $0.field("slo", slo)
            $0.field("team", team)
            $0.field("tier", tier)
            $0.field("totalEvents", totalEvents)
        }
    }
}

extension SummaryJSON.PeriodJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object {
            $0.field("attainment", attainment)
            $0.field("budgetConsumed", budgetConsumed)
            $0.field("end", end)
            $0.field("met", orNull: met)  // null without events, never absent
            $0.field("objective", objective)
            $0.field("partial", partial)
            $0.field("start", start)
        }
    }
}

extension SummaryJSON.StatJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object {
            $0.field("count", count)
            $0.field("median", median)
            $0.field("p90", p90)
        }
    }
}

extension SummaryJSON.TopJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object {
            $0.field("budgetBurned", budgetBurned)
            $0.field("id", id)
            $0.field("severity", severity)
            $0.field("slo", slo)
            $0.field("title", title)
        }
    }
}

extension SummaryJSON.IncidentsJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object {
            $0.field("actionItems", actionItems)
            $0.field("bySeverity", bySeverity)
            $0.field("mttaMinutes", mttaMinutes)
            $0.field("mttdMinutes", mttdMinutes)
            $0.field("mttrMinutes", mttrMinutes)
            $0.field("postmortems", postmortems)
            $0.field("topByBudgetBurned", topByBudgetBurned)
            $0.field("total", total)
            $0.field("unlisted", unlisted)
        }
    }
}

extension SummaryJSON.UnlistedJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object {
            $0.field("id", id)
            $0.field("minutesToResolve", minutesToResolve)
            $0.field("services", services)
            $0.field("severity", severity)
            $0.field("source", source)
            $0.field("started", started)
            $0.field("title", title)
        }
    }
}

extension SummaryJSON.ActionItemsJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object {
            $0.field("byOwner", byOwner)
            $0.field("open", open)
            $0.field("overdue", overdue)
            $0.field("total", total)
        }
    }
}

extension SummaryJSON.CostJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object {
            $0.field("byTeam", byTeam)
            $0.field("byTier", byTier)
            $0.field("currency", currency)
            $0.field("estimatedSeries", estimatedSeries)
            $0.field("measuredSeriesByJob", measuredSeriesByJob)
            $0.field("monthlyTotal", monthlyTotal)
        }
    }
}

extension SummaryJSON.DataQualityJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object {
            $0.field("daysFromRawSeries", daysFromRawSeries)
            $0.field("daysWithoutData", daysWithoutData)
            $0.field("noData", noData)
            $0.field("objectiveChanged", objectiveChanged)
            $0.field("recordedRawMismatch", recordedRawMismatch)
            $0.field("unknownSLOs", unknownSLOs)
        }
    }
}
