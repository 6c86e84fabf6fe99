import Foundation
import OACModel

/// `summary.md`: a few lines for email or chat — the headline, what missed, what hurt, what it cost.
public enum SummaryMarkdown {
    public static func render(_ card: Scorecard) -> String {
        let h = card.headline
        var out = "# \(md(card.platform)) reliability scorecard — \(card.quarter)\n\n"
        var line = "**\(h.slosMet) of \(h.slosWithData) SLOs met**"
        if h.slosWithData < h.slosTotal { line += " (\(h.slosTotal - h.slosWithData) without data)" }
        if let score = h.score {
            line += " · reliability score **\(Format.fixed(score, 1))** / 100 (tier-weighted)"
            if let prev = h.previousScore, let q = card.previousQuarter {
                line += " · \(Format.delta(score - prev)) points against \(q) (\(Format.fixed(prev, 1)))"
            }
        }
        out += line + "\n\n"
        let narrative = Narrative.sentences(card)
        if !narrative.isEmpty { out += narrative.map(md).joined(separator: " ") + "\n\n" }

        let missed = card.slos.filter { $0.met == false }
        let atRisk = card.slos.filter { $0.state == .atRisk }
        for s in missed {
            if let calendar = s.calendar {
                let failed = s.periods.filter { $0.met == false }.map { p in
                    "\(ReportView.span(p.span)) (\(Format.percent(p.attainment!, objective: p.objective)), "
                        + "\(Format.share(p.budgetConsumed!)) of its budget)"
                }
                out +=
                    "- **Missed:** \(md(s.id)) (calendar \(calendar.rawValue)) — missed \(failed.joined(separator: ", ")) against "
                    + "\(Format.objective(s.objective)); \(Format.percent(s.attainment!, objective: s.objective)) over the quarter\n"
            } else {
                out +=
                    "- **Missed:** \(md(s.id)) — \(Format.percent(s.attainment!, objective: s.objective)) against "
                    + "\(Format.objective(s.objective)), \(Format.share(s.budgetConsumed!)) of the quarter's error budget\n"
            }
        }
        for s in atRisk {
            let whose = s.calendar.map { " in its worst calendar \($0.rawValue)" } ?? ""
            out += "- **At risk:** \(md(s.id)) — \(Format.share(s.judgedBudgetConsumed!)) of the error budget used\(whose)\n"
        }
        let i = card.incidents
        let sev = i.bySeverity.filter { $0.count > 0 }.map { "\($0.severity.rawValue) \($0.count)" }.joined(separator: ", ")
        out +=
            "- **Incidents:** \(i.incidents.count)\(sev.isEmpty ? "" : " (\(sev))"); MTTD median \(Format.minutes(i.mttd.median)), "
            + "MTTR median \(Format.minutes(i.mttr.median)) (p90 \(Format.minutes(i.mttr.p90)))\n"
        if let top = i.top.first, let slo = top.slo {
            out +=
                "- **Hardest hit:** \(md(top.incident.incident.id)) \(md(top.incident.incident.title)) — "
                + "\(Format.share(top.budgetBurned)) of \(md(slo))'s quarterly budget\n"
        }
        out +=
            "- **Follow-up:** \(i.postmortems.requiredPublished) of \(i.postmortems.required) required postmortems published; "
            + "\(i.actionItems.open) action items open, \(i.actionItems.overdue) overdue\n"
        out += drillLines(card)
        out += debtLines(card)
        let teams = card.cost.byTeam.map { "\(md($0.team)) \(Format.money($0.monthly, card.cost.currency))" }.joined(separator: ", ")
        out += onCall(card.onCall)
        out += "- **Monitoring cost:** \(Format.money(card.cost.monthlyTotal, card.cost.currency)) a month (\(teams))\n"
        let q = card.dataQuality
        if !q.isClean {
            var parts: [String] = []
            if !q.gaps.isEmpty { parts.append("days without data for \(q.gaps.map { md($0.slo) }.joined(separator: ", "))") }
            if !q.objectiveChanges.isEmpty {
                parts.append("objective changed mid-quarter for \(q.objectiveChanges.map { md($0.slo) }.joined(separator: ", "))")
            }
            if !q.noData.isEmpty { parts.append("no data at all for \(q.noData.map(md).joined(separator: ", "))") }
            if !q.unknown.isEmpty { parts.append("in the data but not in the catalog: \(q.unknown.map(md).joined(separator: ", "))") }
            if !q.mismatches.isEmpty {
                parts.append("recordings disagree with the raw series for \(q.mismatches.map { md($0.slo) }.joined(separator: ", "))")
            }
            out += "- **Data quality:** " + parts.joined(separator: "; ") + "\n"
        }
        if !q.rawDays.isEmpty {
            let list = q.rawDays.map { "\(md($0.slo)) (\($0.days.count) \($0.days.count == 1 ? "day" : "days"))" }.joined(separator: ", ")
            out += "- **Computed from raw series** (no recordings those days): \(list)\n"
        }
        out += "\nData through \(card.through), as of \(card.dataAsOf). Full scorecard: index.html.\n"
        return out
    }

    /// Backslash-escapes Markdown's inline syntax (and `<`, `&`) so catalog text never becomes markup.
    public static func md(_ s: String) -> String {
        var out = ""
        for c in s {
            if "\\`*_[]<>#|~&!".contains(c) { out.append("\\") }
            out.append(c == "\n" ? " " : c)
        }
        return out
    }
}
