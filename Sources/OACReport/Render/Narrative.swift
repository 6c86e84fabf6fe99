import Foundation
import OACModel

/// The narrative: a short paragraph at the top of the scorecard and of `summary.md`, built here and only here
/// from figures the page already shows (no free text, nothing computed that the page does not compute).
/// Sentences are plain text; each output escapes them for its language (the templates' `{{ }}`, Markdown's
/// `md`, JSON strings). docs/report.md "The narrative" lists the rules; in short, in this order:
/// 1. the headline: SLOs met of those with data and the score, with the change against `--previous`;
///    "No SLO has data" when none has;
/// 2. with `--previous`: how many SLOs' attainment rose and fell (as the page rounds it) and the largest fall
///    (or rise when none fell); left out when no SLO has both quarters;
/// 3. the SLOs that exhausted their budget, the most used first (at most three named, then "and N more"), or
///    "No SLO exhausted its error budget" when SLOs have data;
/// 4. the incident that spent most of each exhausted SLO's budget (from the page's top incidents), or without an
///    exhausted SLO the costliest incident; left out when no incident burned budget; then the SLOs at risk
///    (as in 3), left out when none;
/// 5. the incident count by severity, "There were no incidents." when none;
/// 6. corrections and maintenance windows taken out of the counts; left out when none;
/// 7. drills run and their outcomes; drill coverage of the critical SLOs: all, none, or how many and which were
///    not (left out without critical SLOs);
/// 8. the remediation backlog at the quarter's end: open items and how many are overdue, or that all were
///    closed (left out when it is empty);
/// 9. lint findings against last quarter (without a previous count: the count, left out when zero), and the
///    at-risk SLOs whose budget runs out before it resets at the last 7 days' pace (left out when none).
public enum Narrative {
    /// How many names a sentence lists before "and N more".
    static let maxNamed = 3

    public static func sentences(_ card: Scorecard) -> [String] {
        var out: [String] = []
        out.append(headline(card))
        if let s = attainmentMoves(card) { out.append(s) }
        if let s = exhausted(card) { out.append(s) }
        if let s = costliestIncidents(card) { out.append(s) }
        if let s = atRisk(card) { out.append(s) }
        out.append(incidentCount(card))
        if let s = exclusions(card) { out.append(s) }
        out += onCall(card)
        out += drills(card)
        if let s = backlog(card) { out.append(s) }
        out += debt(card)
        return out
    }

    public static func paragraph(_ card: Scorecard) -> String { sentences(card).joined(separator: " ") }

    // MARK: sentences

    static func headline(_ card: Scorecard) -> String {
        let h = card.headline
        guard h.slosWithData > 0 else { return "No SLO has data for \(card.quarter) yet." }
        var s = "\(h.slosMet) of \(h.slosWithData) \(plural(h.slosWithData, "SLO")) met \(h.slosWithData == 1 ? "its objective" : "their objectives")"
        s += " in \(card.quarter)"
        if let score = h.score {
            s += "; the reliability score is \(Format.fixed(score, 1)) of 100"
            if let prev = h.previousScore, let q = card.previousQuarter {
                let change = Format.delta(score - prev)
                if change.hasPrefix("±") {
                    s += ", unchanged from \(q)"
                } else {
                    s += ", \(change.hasPrefix("+") ? "up" : "down") \(change.dropFirst()) points from \(Format.fixed(prev, 1)) in \(q)"
                }
            }
        }
        return s + "."
    }

    static func attainmentMoves(_ card: Scorecard) -> String? {
        guard let q = card.previousQuarter else { return nil }
        // Compared as the page prints them, so the sentence never says "fell" where the table shows no change.
        let moves = card.slos.compactMap { s -> (slo: SLOResult, previous: Double, delta: Double)? in
            guard let p = s.previousAttainment, let a = s.attainment else { return nil }
            let shown = Format.percent(a, objective: s.objective)
            let before = Format.percent(p, objective: s.objective)
            return (s, p, shown == before ? 0 : a - p)
        }
        guard !moves.isEmpty else { return nil }
        let rose = moves.filter { $0.delta > 0 }
        let fell = moves.filter { $0.delta < 0 }
        if rose.isEmpty && fell.isEmpty {
            return "Against \(q), no SLO’s attainment changed."
        }
        // The noun goes with the first count: "rose for 2 SLOs and fell for 1", "fell for 3 SLOs and rose for none".
        var s =
            rose.isEmpty
            ? "Against \(q), attainment fell for \(count(fell.count, "SLO")) and rose for none"
            : "Against \(q), attainment rose for \(count(rose.count, "SLO")) and fell for \(fell.isEmpty ? "none" : "\(fell.count)")"
        let largest =
            fell.isEmpty
            ? rose.max { ($0.delta, $1.slo.id) < ($1.delta, $0.slo.id) }
            : fell.max { (-$0.delta, $1.slo.id) < (-$1.delta, $0.slo.id) }
        if let m = largest {
            let o = m.slo.objective
            s += "; the largest \(fell.isEmpty ? "rise" : "fall") was \(m.slo.id), from \(Format.percent(m.previous, objective: o))"
            s += " to \(Format.percent(m.slo.attainment!, objective: o))"
        }
        return s + "."
    }

    /// The SLOs in `state`, the most budget used first (then by id).
    static func inState(_ card: Scorecard, _ state: PolicyState) -> [SLOResult] {
        card.slos.filter { $0.state == state }.sorted {
            ($0.judgedBudgetConsumed ?? 0, $1.id) > ($1.judgedBudgetConsumed ?? 0, $0.id)
        }
    }

    static func exhausted(_ card: Scorecard) -> String? {
        let slos = inState(card, .exhausted)
        guard !slos.isEmpty else { return card.headline.slosWithData > 0 ? "No SLO exhausted its error budget." : nil }
        let names = slos.map { s in "\(s.id) (\(used(s)))" }
        return "\(count(slos.count, "SLO")) exhausted \(slos.count == 1 ? "its" : "their") error budget: \(list(names, more: "SLO"))."
    }

    static func atRisk(_ card: Scorecard) -> String? {
        let slos = inState(card, .atRisk)
        guard !slos.isEmpty else { return nil }
        let verb = slos.count == 1 ? "is" : "are"
        return "\(count(slos.count, "SLO")) \(verb) at risk: \(list(slos.map { "\($0.id) (\(used($0)))" }, more: "SLO"))."
    }

    /// `136% of its budget used`, `104% of its budget used in its worst month`.
    static func used(_ s: SLOResult) -> String {
        let share = Format.share(s.judgedBudgetConsumed ?? 0)
        return s.calendar.map { "\(share) of its budget used in its worst \($0.rawValue)" } ?? "\(share) of its budget used"
    }

    static func costliestIncidents(_ card: Scorecard) -> String? {
        let top = card.incidents.top.filter { $0.slo != nil && $0.budgetBurned > 0 }
        let exhausted = inState(card, .exhausted).map(\.id)
        var picks: [IncidentImpact] = []
        if exhausted.isEmpty {
            if let first = top.first { picks = [first] }
        } else {
            for id in exhausted {
                if let t = top.first(where: { $0.slo == id }), !picks.contains(where: { $0.incident.incident.id == t.incident.incident.id }) {
                    picks.append(t)
                }
            }
        }
        guard !picks.isEmpty else { return nil }
        let named = picks.map { t in
            "\(t.incident.incident.id) “\(t.incident.incident.title)” (\(Format.share(t.budgetBurned)) of \(t.slo!)’s budget)"
        }
        if exhausted.isEmpty {
            return "The costliest incident was \(named[0])."
        }
        return picks.count == 1
            ? "The incident that spent most of it was \(named[0])."
            : "The incidents that spent most of those budgets were \(list(named, more: "incident"))."
    }

    static func incidentCount(_ card: Scorecard) -> String {
        let i = card.incidents
        guard !i.incidents.isEmpty else { return "There were no incidents." }
        let sev = i.bySeverity.filter { $0.count > 0 }.map { "\($0.count) \($0.severity.rawValue)" }
        let verb = i.incidents.count == 1 ? "was" : "were"
        return "There \(verb) \(count(i.incidents.count, "incident"))" + (sev.isEmpty ? "" : " (\(list(sev, more: "")))") + "."
    }

    static func exclusions(_ card: Scorecard) -> String? {
        var corrections: [String] = []
        var maintenance: [String] = []
        var slos = Set<String>()
        for s in card.slos {
            for e in s.excluded {
                slos.insert(s.id)
                if e.kind == "correction" {
                    if !corrections.contains(e.name) { corrections.append(e.name) }
                } else if !maintenance.contains(e.name) {
                    maintenance.append(e.name)
                }
            }
        }
        guard !slos.isEmpty else { return nil }
        var parts: [String] = []
        if !corrections.isEmpty { parts.append(count(corrections.count, "correction")) }
        if !maintenance.isEmpty { parts.append(count(maintenance.count, "maintenance window")) }
        let verb = corrections.count + maintenance.count == 1 ? "was" : "were"
        return "\(list(parts, more: "")) \(verb) taken out of the counts of \(count(slos.count, "SLO"))."
    }

    static func drills(_ card: Scorecard) -> [String] {
        var out: [String] = []
        let d = card.drills
        if !d.drills.isEmpty {
            // Planned drills have not run: counted after the ones that did.
            let ran = d.drills.filter { $0.drill.outcome != .planned }
            let planned = d.drills.count - ran.count
            var outcomes: [String] = []
            let held = ran.filter { $0.drill.outcome == .held }.count
            let gaps = ran.filter { $0.drill.outcome == .exposedGap }.count
            let aborted = ran.filter { $0.drill.outcome == .aborted }.count
            if held > 0 { outcomes.append("\(held) held") }
            if gaps > 0 { outcomes.append("\(gaps) exposed \(gaps == 1 ? "a gap" : "gaps")") }
            if aborted > 0 { outcomes.append("\(aborted) \(aborted == 1 ? "was" : "were") aborted") }
            if ran.isEmpty {
                out.append("\(count(planned, "chaos drill")) \(planned == 1 ? "is" : "are") planned in \(card.quarter); none ran yet.")
            } else {
                let more = planned == 0 ? "" : "; \(planned) more \(planned == 1 ? "is" : "are") planned"
                out.append("\(count(ran.count, "chaos drill")) ran in \(card.quarter): \(list(outcomes, more: ""))\(more).")
            }
        }
        let c = d.coverage
        if !c.critical.isEmpty {
            if c.drilled.isEmpty {
                out.append(
                    c.critical.count == 1
                        ? "The critical SLO, \(c.critical[0]), was not drilled in the last two quarters."
                        : "None of the \(c.critical.count) critical SLOs was drilled in the last two quarters.")
            } else if c.undrilled.isEmpty {
                out.append(
                    c.critical.count == 1
                        ? "The critical SLO was drilled in the last two quarters."
                        : "\(c.critical.count == 2 ? "Both" : "All \(c.critical.count)") critical SLOs were drilled in the last two quarters.")
            } else {
                out.append(
                    "\(c.drilled.count) of \(c.critical.count) critical SLOs \(c.drilled.count == 1 ? "was" : "were") drilled in the last two quarters; "
                        + "no drill covered \(list(c.undrilled, more: "SLO", or: true)).")
            }
        }
        return out
    }

    /// The alerts' load on call: pages and tickets, out-of-hours and unexplained pages, the noisiest alert (when it
    /// fired more than once). Nothing without an alert history.
    static func onCall(_ card: Scorecard) -> [String] {
        guard let o = card.onCall, o.available else { return [] }
        guard o.pages + o.tickets > 0 else { return ["No oac alert paged anyone or opened a ticket."] }
        func some(_ n: Int, _ noun: String) -> String { n == 0 ? "no \(noun)" : count(n, noun) }
        var details: [String] = []
        let late = o.outOfHoursPages
        let noise = o.noisePages.count
        if late > 0 {
            details.append(
                o.pages == 1
                    ? "it came outside working hours" : late == o.pages ? "all of them came outside working hours" : "\(late) came outside working hours")
        }
        if noise > 0 {
            details.append(o.pages == 1 ? "it matched no incident" : noise == o.pages ? "none of them matched an incident" : "\(noise) matched no incident")
        }
        if o.drillPages > 0 {
            details.append(
                o.pages == 1
                    ? "it fired during a chaos drill"
                    : o.drillPages == o.pages ? "all of them fired during chaos drills" : "\(o.drillPages) fired during chaos drills")
        }
        var out = [
            "On call, oac’s alerts sent \(some(o.pages, "page")) and \(some(o.tickets, "ticket"))"
                + (details.isEmpty ? "." : ": " + details.joined(separator: " and ") + ".")
        ]
        if let top = o.noisiest.first, top.firings > 1 {
            out.append("The noisiest alert was \(top.name), with \(top.firings) firings" + (top.flaps > 0 ? " (\(count(top.flaps, "flap")))." : "."))
        }
        return out
    }

    static func backlog(_ card: Scorecard) -> String? {
        let b = card.drills.backlog
        guard b.total > 0 else { return nil }
        let end = " at the quarter’s end."
        guard b.open > 0 else {
            return b.total == 1 ? "The one remediation action item was closed" + end : "All \(b.total) remediation action items were closed" + end
        }
        if b.total == 1 { return "The one remediation action item was open" + (b.overdue > 0 ? " and overdue" : "") + end }
        let overdue =
            b.overdue == 0 ? "none of them overdue" : b.open == 1 ? "and overdue" : b.overdue == b.open ? "all of them overdue" : "\(b.overdue) of them overdue"
        return "\(b.open) of \(b.total) remediation action items \(b.open == 1 ? "was" : "were") open, \(overdue)" + end
    }

    static func debt(_ card: Scorecard) -> [String] {
        var out: [String] = []
        let d = card.debt
        if let before = d.previousTotal {
            let q = card.previousQuarter?.description ?? "last quarter"
            if d.total == before {
                out.append("Lint findings stayed at \(d.total) since \(q).")
            } else {
                out.append("Lint findings \(d.total > before ? "rose" : "fell") from \(before) to \(d.total) since \(q).")
            }
        } else if d.total > 0 {
            out.append("The catalog has \(count(d.total, "lint finding")).")
        }
        let soon = d.projections.filter { p in p.exhaustion.map { $0 <= p.budgetEnds } ?? false }
        if !soon.isEmpty {
            let names = soon.map { p in "\(p.slo) (\(p.exhaustion!.short) \(p.exhaustion!.civil.year))" }
            out.append(
                "At the last \(ScorecardBuilder.projectionDays) days’ pace, \(count(soon.count, "SLO")) \(soon.count == 1 ? "runs" : "run") "
                    + "out of budget before it resets: \(list(names, more: "SLO")).")
        }
        return out
    }

    // MARK: words

    /// `1 SLO`, `2 SLOs`.
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(plural(n, noun))" }

    static func plural(_ n: Int, _ noun: String) -> String { n == 1 ? noun : noun + "s" }

    /// `a`, `a and b`, `a, b and c` (`or` for a negative: `no drill covered a or b`); past `maxNamed` items: `a, b, c and 2 more SLOs` (`more` is the noun).
    static func list(_ items: [String], more noun: String, or: Bool = false) -> String {
        var shown = items
        if items.count > maxNamed && !noun.isEmpty {
            shown = Array(items.prefix(maxNamed))
            let rest = items.count - maxNamed
            shown.append("\(rest) more \(plural(rest, noun))")
        }
        switch shown.count {
        case 0: return ""
        case 1: return shown[0]
        default: return shown.dropLast().joined(separator: ", ") + (or ? " or " : " and ") + shown.last!
        }
    }
}
