import Foundation
import OACModel

/// The values the Mustache templates see: every figure already formatted as text, catalog text as plain
/// strings (the templates escape them with `{{ }}`), charts as SVG markup under keys ending in `Svg` (the only
/// values templates may insert unescaped with `{{{ }}}`). docs/report.md lists the keys.
enum ReportView {
    static func build(_ card: Scorecard, charts: [String: String], oacVersion: String) -> [String: Any] {
        let h = card.headline
        // The sub-line's parts, joined only between those present (no stray separator).
        var metNotes: [String] = []
        if h.slosTotal > h.slosWithData {
            metNotes.append(h.slosWithData == 0 ? "no SLO has data yet" : "\(h.slosTotal - h.slosWithData) without data")
        }
        if h.previousScore != nil, h.score != nil, let q = card.previousQuarter {
            metNotes.append("\(h.previousMet ?? 0) of \(h.previousWithData ?? 0) in \(q)")
        }
        var headline: [String: Any] = [
            // Nothing measured is no verdict: a dash, not a red "0 of 0".
            "met": h.slosWithData == 0 ? "–" : "\(h.slosMet) of \(h.slosWithData)",
            "noneWithData": h.slosWithData == 0,
            "metNote": metNotes.joined(separator: " · "),
            "allMet": h.slosMet == h.slosWithData && h.slosWithData > 0,
            "withoutData": h.slosTotal - h.slosWithData,
            "hasWithoutData": h.slosTotal > h.slosWithData,
            "score": h.score.map { Format.fixed($0, 1) } ?? "–",
            "states": PolicyState.allCases.map { ["label": $0.label, "class": $0.rawValue, "count": h.states[$0] ?? 0] }
        ]
        if let prev = h.previousScore, let score = h.score, let q = card.previousQuarter {
            headline["trend"] =
                [
                    "quarter": q.description, "previousScore": Format.fixed(prev, 1),
                    "change": Format.delta(score - prev), "direction": score > prev ? "up" : score < prev ? "down" : "flat",
                    "previousMet": "\(h.previousMet ?? 0) of \(h.previousWithData ?? 0)"
                ] as [String: Any]
        }

        // SLOs grouped by tier, then team.
        var groups: [[String: Any]] = []
        for (tier, weight) in card.tierWeights + unknownTiers(card) {
            let inTier = card.slos.filter { $0.tier == tier }
            guard !inTier.isEmpty else { continue }
            let teams = Array(Set(inTier.map(\.team))).sorted().map { team -> [String: Any] in
                ["team": team, "slos": inTier.filter { $0.team == team }.map { slo($0, charts, previous: card.previousQuarter) }]
            }
            groups.append(["tier": tier, "weight": weight, "teams": teams])
        }

        let i = card.incidents
        // The page lists at most `IncidentSummary.listedIncidents` by name; summary.json keeps them all.
        let listed = i.listed()
        let incidents: [String: Any] = [
            "total": i.incidents.count,
            "any": !i.incidents.isEmpty,
            "bySeverity": i.bySeverity.map { ["severity": $0.severity.rawValue, "count": $0.count] },
            "stats": [
                stat("MTTD", "detected − started", i.mttd),
                stat("MTTA", "acknowledged − detected", i.mtta),
                stat("MTTR", "resolved − started", i.mttr)
            ],
            "top": i.top.map { t -> [String: Any] in
                [
                    "id": t.incident.incident.id, "title": t.incident.incident.title,
                    "severity": t.incident.incident.severity.rawValue, "slo": t.slo ?? "–",
                    "burned": Format.share(t.budgetBurned), "date": Day(containing: t.incident.incident.started).short
                ]
            },
            "hasTop": !i.top.isEmpty,
            "list": listed.map { incident($0) },
            "listedCount": listed.count,
            "more": i.incidents.count - listed.count,
            "hasMore": listed.count < i.incidents.count,
            "postmortems": [
                "published": i.postmortems.published, "draft": i.postmortems.draft, "none": i.postmortems.none,
                "required": i.postmortems.required, "requiredPublished": i.postmortems.requiredPublished,
                "missing": i.postmortems.missing.joined(separator: ", "), "hasMissing": !i.postmortems.missing.isEmpty
            ] as [String: Any],
            "actionItems": [
                "total": i.actionItems.total, "open": i.actionItems.open, "overdue": i.actionItems.overdue,
                "owners": i.actionItems.byOwner.map { ["owner": $0.owner, "open": $0.open, "overdue": $0.overdue, "late": $0.overdue > 0] },
                "hasOwners": !i.actionItems.byOwner.isEmpty,
                "overdueItems": i.actionItems.overdueItems.map {
                    ["incident": $0.incident, "title": $0.item.title, "owner": $0.item.owner ?? "(no owner)", "due": $0.item.due ?? "–"]
                },
                "hasOverdue": !i.actionItems.overdueItems.isEmpty
            ] as [String: Any]
        ]

        let c = card.cost
        let cost: [String: Any] = [
            "currency": c.currency,
            "monthlyTotal": Format.money(c.monthlyTotal, c.currency),
            "estimatedSeries": Format.count(Double(c.estimatedSeries)),
            "teams": c.byTeam.map { ["team": $0.team, "monthly": Format.money($0.monthly, c.currency), "series": Format.count(Double($0.series))] },
            "tiers": c.byTier.map { ["tier": $0.tier, "monthly": Format.money($0.monthly, c.currency), "series": Format.count(Double($0.series))] },
            "hasMeasured": !c.measured.isEmpty,
            "measuredTotal": c.measuredTotal.map(Format.count) ?? "–",
            "measured": c.measured.prefix(10).map { m -> [String: Any] in
                var row: [String: Any] = [
                    "job": m.job, "service": m.service ?? "(not in the catalog)",
                    "measured": Format.count(m.measured),
                    "estimated": m.estimated.map { Format.count(Double($0)) } ?? "–"
                ]
                if let e = m.estimated, e > 0 {
                    let ratio = m.measured / Double(e)
                    row["ratio"] = Format.fixed(ratio, 2) + "×"
                    row["off"] = ratio > 1.5 || ratio < 0.5
                } else {
                    row["ratio"] = "–"
                    row["off"] = false
                }
                return row
            },
            "topMetrics": c.topMetrics.map { ["service": $0.service, "metric": $0.metric, "series": Format.count(Double($0.series))] }
        ]

        let excluded: [[String: Any]] = card.slos.flatMap { r in
            r.excluded.map { e -> [String: Any] in
                [
                    "slo": r.id, "name": e.name, "kind": e.kind, "minutes": Format.count(e.seconds / 60), "events": Format.count(e.total),
                    "bad": Format.count(e.total - e.good), "reason": e.reason, "owner": e.owner, "added": e.added
                ]
            }
        }
        let q = card.dataQuality
        let quality: [String: Any] = [
            "clean": q.isClean,
            "gaps": q.gaps.map { g -> [String: Any] in
                ["slo": g.slo, "count": g.days.count, "days": ranges(g.days)]
            },
            "hasGaps": !q.gaps.isEmpty,
            "objectiveChanges": q.objectiveChanges.map { ["slo": $0.slo, "objectives": $0.objectives.map(Format.objective).joined(separator: " → ")] },
            "hasObjectiveChanges": !q.objectiveChanges.isEmpty,
            "noData": q.noData.joined(separator: ", "), "hasNoData": !q.noData.isEmpty,
            "unknown": q.unknown.joined(separator: ", "), "hasUnknown": !q.unknown.isEmpty,
            "rawDays": q.rawDays.map { ["slo": $0.slo, "count": dayCount($0.days.count), "days": ranges($0.days)] as [String: Any] },
            "hasRawDays": !q.rawDays.isEmpty,
            "mismatches": q.mismatches.map { m -> [String: Any] in
                [
                    "slo": m.slo, "count": dayCount(m.days.count), "days": ranges(m.days.map(\.date)),
                    "worst": Format.share(m.days.map(mismatchShare).max() ?? 0)
                ]
            },
            "hasMismatches": !q.mismatches.isEmpty
        ]

        return [
            "title": "\(card.platform) reliability scorecard — \(card.quarter)",
            "platform": card.platform,
            "quarter": card.quarter.description,
            "period": "\(card.quarter.firstDay.short) – \(card.through.short) \(card.through.civil.year)",
            "partial": card.through < card.quarter.lastDay,
            "dataAsOf": Timestamp.parse(card.dataAsOf).map(Format.date) ?? card.dataAsOf,
            "source": card.source ?? "snapshot",
            "oacVersion": oacVersion,
            "reportVersion": SummaryJSON.reportVersion,
            "headline": headline,
            "groups": groups,
            "tierWeights": card.tierWeights.map { "\($0.tier) × \($0.weight)" }.joined(separator: ", "),
            "atRiskPercent": Format.share(PolicyState.atRiskThreshold),
            "incidents": incidents,
            "cost": cost,
            "onCall": onCall(card.onCall),
            "quality": quality,
            "excluded": excluded,
            "hasExcluded": !excluded.isEmpty,
            "calendarSvg": charts[ReportRenderer.calendarFile] ?? "",
            "burnDownSvg": charts[ReportRenderer.burnDownFile] ?? "",
            "hasBurnDown": charts[ReportRenderer.burnDownFile] != nil,
            "severitySvg": charts[ReportRenderer.severityFile] ?? "",
            "costTeamSvg": charts[ReportRenderer.costTeamFile] ?? "",
            "costTierSvg": charts[ReportRenderer.costTierFile] ?? ""
        ]
    }

    static func unknownTiers(_ card: Scorecard) -> [(tier: String, weight: Int)] {
        let known = Set(card.tierWeights.map(\.tier))
        return Array(Set(card.slos.map(\.tier)).subtracting(known)).sorted().map { ($0, 1) }
    }

    static func slo(_ s: SLOResult, _ charts: [String: String], previous: Quarter?) -> [String: Any] {
        var row: [String: Any] = [
            "service": s.service, "slo": s.slo, "description": s.description ?? "",
            "hasDescription": s.description != nil,
            "objective": Format.objective(s.objective),
            "attainment": s.attainment.map { Format.percent($0, objective: s.objective) } ?? "no data",
            "budget": s.budgetConsumed.map(Format.share) ?? "–",
            "state": s.state.label, "stateClass": s.state.rawValue,
            "met": s.met == true, "missed": s.met == false,
            "bulletSvg": charts[ReportRenderer.bulletFile(s)] ?? "",
            "daysMissing": s.missingDays.count, "hasMissing": !s.missingDays.isEmpty && s.total > 0,
            "daysRaw": s.rawDays.count, "hasRaw": !s.rawDays.isEmpty,
            "objectiveChanged": s.objectiveChanged,
            "window": s.windowLabel,
            "isCalendar": s.calendar != nil
        ]
        if let calendar = s.calendar {
            row["periods"] = s.periods.map { period($0, calendar) }
            row["hasPartialPeriods"] = s.periods.contains { $0.span.clipped }
            row["worstBudget"] = s.judgedBudgetConsumed.map(Format.share) ?? "–"
            row["period"] = calendar.rawValue
            // The period that decides the policy, named: "Aug", "week of 6 Jul", "Q3".
            if let worst = s.periods.filter({ $0.budgetConsumed != nil }).max(by: { $0.budgetConsumed! < $1.budgetConsumed! }) {
                let label = period(worst, calendar)["label"] as? String ?? ""
                row["worstPeriod"] = calendar == .week ? "week of \(worst.span.start.short)" : label
            }
        }
        if let p = s.previousAttainment, let a = s.attainment {
            row["previous"] = Format.percent(p, objective: s.objective)
            row["previousQuarter"] = previous?.description ?? "last quarter"
            row["change"] = Format.delta(a - p, decimals: Format.decimals(s.objective) + 2)
        }
        return row
    }

    /// One cell of a calendar SLO's period strip: a short label, the attainment, met or missed.
    static func period(_ p: SLOResult.Period, _ calendar: CalendarPeriod) -> [String: Any] {
        let label: String
        switch calendar {
        case .week: label = p.span.start.short + (p.span.clipped ? "*" : "")
        case .month: label = p.span.start.monthName
        case .quarter: label = "Q\((p.span.start.civil.month - 1) / 3 + 1)"
        }
        let attainment = p.attainment.map { Format.percent($0, objective: p.objective) } ?? "no data"
        let budget = p.budgetConsumed.map { Format.share($0) + " of the budget" } ?? "no events"
        return [
            "label": label, "attainment": attainment,
            "title": "\(span(p.span)): \(attainment) against \(Format.objective(p.objective)), \(budget)"
                + (p.span.clipped ? " (only the days inside the quarter)" : ""),
            "class": p.met.map { $0 ? "met" : "missed" } ?? "no-data"
        ]
    }

    /// `6–12 Jul 2026`, `29 Jun – 5 Jul 2026`.
    static func span(_ s: PeriodSpan) -> String {
        let a = s.start
        let b = s.end
        if a == b { return "\(a.short) \(a.civil.year)" }
        if a.civil.month == b.civil.month { return "\(a.civil.day)–\(b.short) \(b.civil.year)" }
        return "\(a.short) – \(b.short) \(b.civil.year)"
    }

    static func stat(_ name: String, _ definition: String, _ s: Stat) -> [String: Any] {
        ["name": name, "definition": definition, "median": Format.minutes(s.median), "p90": Format.minutes(s.p90), "count": s.count]
    }

    static func incident(_ r: ReportIncident) -> [String: Any] {
        let i = r.incident
        let open = i.actionItems.filter { !ScorecardBuilder.isClosed($0.status) }.count
        return [
            "id": i.id, "title": i.title, "severity": i.severity.rawValue, "services": i.services.joined(separator: ", "),
            "summary": i.summary ?? "", "hasSummary": !(i.summary ?? "").isEmpty,
            "started": Format.date(i.started),
            "mttr": Format.minutes(i.resolved.map { $0.timeIntervalSince(i.started) / 60 }),
            "postmortem": r.source == .pagerduty ? "–" : i.postmortem.status.rawValue,
            "postmortemClass": i.postmortem.status.rawValue,
            "actions": "\(i.actionItems.count - open) of \(i.actionItems.count) done",
            "source": r.source.rawValue
        ]
    }

    /// How far a day's recorded counts are from the raw ones: the larger of the total's and the bad events'
    /// difference, over the day's total.
    static func mismatchShare(_ m: Snapshot.Mismatch) -> Double {
        let scale = max(m.recordedTotal, m.rawTotal)
        guard scale > 0 else { return 0 }
        return max(abs(m.recordedTotal - m.rawTotal), abs((m.recordedTotal - m.recordedGood) - (m.rawTotal - m.rawGood))) / scale
    }

    /// `1 day`, `45 days`.
    static func dayCount(_ n: Int) -> String { n == 1 ? "1 day" : "\(n) days" }

    /// Consecutive days as ranges: `1–3 Aug, 9 Aug`.
    static func ranges(_ days: [Day]) -> String {
        var parts: [String] = []
        var i = 0
        while i < days.count {
            var j = i
            while j + 1 < days.count, days[j + 1].index == days[j].index + 1 { j += 1 }
            let sameMonth = days[i].civil.month == days[j].civil.month
            parts.append(i == j ? days[i].short : sameMonth ? "\(days[i].civil.day)–\(days[j].short)" : "\(days[i].short) – \(days[j].short)")
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }
}
