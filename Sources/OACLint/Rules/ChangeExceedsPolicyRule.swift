import Foundation
import OACCatalog
import OACDiagnostics
import OACModel

/// `oac lint --base`: a change adds more series or monthly cost than `Platform.spec.lint` allows.
public struct ChangeExceedsPolicyRule: LintRule {
    public static let id = "change-exceeds-policy"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .configuration, severity: .error,
        summary:
            "Under `--base`, the change adds more series or monthly cost than the platform's policy allows (default: 100,000 series, or 10% of the platform's cost).",
        rationale: """
            One label can multiply a metric's series by thousands: memory, disk, query time and the bill grow with \
            it, in every Prometheus that scrapes it. A pull request that does so should be a decision, not an \
            accident. The limits are set in `Platform.spec.lint`: `max-series-increase` (default 100000), \
            `max-cost-increase-percent` of the platform's monthly cost (default 10), `max-cost-increase` \
            (monthly, in the pricing currency), `max-series-increase-percent`, and the same four per team \
            (`max-team-series-increase`, `max-team-series-increase-percent`, `max-team-cost-increase`, \
            `max-team-cost-increase-percent`); each takes a number or `off`. The finding stands where the \
            largest increase was written (the new or grown label), with the figures. It needs `--base`: the \
            examples read the passing catalog as the base.
            """,
        failing: """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: gold
              runbook: https://runbooks.example.com/api
              metrics:
                - {name: http_requests_total, type: counter, labels: {route: 12, code: 5, ↓tenant_id: 5000}}
              slos:
                - name: availability
                  objective: 99.9
                  sli:
                    events:
                      bad: 'http_requests_total{job="api",code=~"5.."}'
                      total: 'http_requests_total{job="api"}'
            """,
        passing: """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: gold
              runbook: https://runbooks.example.com/api
              metrics:
                - {name: http_requests_total, type: counter, labels: {route: 12, code: 5}}
              slos:
                - name: availability
                  objective: 99.9
                  sli:
                    events:
                      bad: 'http_requests_total{job="api",code=~"5.."}'
                      total: 'http_requests_total{job="api"}'
            """, group: .cost)

    public func check(_ context: LintContext) -> [Finding] {
        let policy = context.settings.changePolicy
        guard let head = context.model, let base = context.base, !policy.limits.isEmpty else { return [] }
        let now = CostEstimate.estimate(head)
        let before = CostEstimate.estimate(base)
        let diff = CostDiff.between(base: before, head: now)
        // Each scope (the platform, then each team) with its base and its change.
        var scopes: [(team: String?, base: CostEstimate.Figures?, change: CostDiff.Delta)] = [(nil, before.total, diff.total)]
        scopes += diff.teams.map { ($0.name, before.team(named: $0.name)?.figures, $0) }
        // Findings by place: the limits one place breaks become one finding.
        var byPlace: [SourceLocation?: (entity: String, parts: [String])] = [:]
        var order: [SourceLocation?] = []
        for (team, baseFigures, change) in scopes {
            // Series before cost, figures before percentages.
            for limit in ChangePolicy.Limit.all where limit.perTeam == (team != nil) {
                guard let allowed = policy.limits[limit] else { continue }
                guard let excess = Self.excess(limit, allowed: allowed, base: baseFigures, change: change, diff: diff) else { continue }
                let place = Self.cause(of: limit.measure, team: team, diff: diff, context: context)
                if byPlace[place.location] == nil { order.append(place.location) }
                byPlace[place.location, default: (place.entity, [])].parts.append(
                    "\(excess)\(team.map { " for team `\($0)`" } ?? "") (`\(limit.key)`)")
            }
        }
        return order.map { place in
            let (entity, parts) = byPlace[place]!
            return Finding(
                "this change exceeds the platform's change policy: " + parts.joined(separator: "; "),
                at: place, entity: entity,
                hint: "reduce the label's values or drop it; or, when the growth is intended, raise the limit in Platform.spec.lint")
        }
    }

    /// "adds 2,400,498 series, more than 100,000 allowed", or nil within the limit.
    static func excess(
        _ limit: ChangePolicy.Limit, allowed: Decimal, base: CostEstimate.Figures?, change: CostDiff.Delta,
        diff: CostDiff
    ) -> String? {
        let added: Decimal = limit.measure == .series ? Decimal(change.series) : change.costPerMonth.value
        guard added > 0 else { return nil }
        let what = limit.measure == .series ? "\(grouped(change.series)) series" : "\(diff.money(added).dropFirst())/month"
        if limit.relative {
            let before: Decimal = limit.measure == .series ? Decimal(base?.series ?? 0) : (base?.monthlyCost.total.value ?? 0)
            guard before > 0 else { return nil }  // new: only absolute limits apply
            var percent = added / before * 100
            var rounded = Decimal()
            guard percent > allowed else { return nil }
            NSDecimalRound(&rounded, &percent, 1, .plain)
            return "adds \(what), \(show(rounded))% of the base, more than the \(show(allowed))% allowed"
        }
        guard added > allowed else { return nil }
        let limitText =
            limit.measure == .series
            ? "\(grouped(NSDecimalNumber(decimal: allowed).intValue)) series"
            : "\(diff.money(allowed).dropFirst())/month"
        return "adds \(what), more than the \(limitText) allowed"
    }

    /// Where the largest increase of the scope was written: the new (or most grown) label of the metric that
    /// grew most, else that metric, else the service whose cost grew most; the Platform when nothing points lower.
    static func cause(
        of measure: ChangePolicy.Measure, team: String?, diff: CostDiff,
        context: LintContext
    ) -> (location: SourceLocation?, entity: String) {
        let specs = context.catalog.services.filter { team == nil || $0.owner?.value == team }
        let names = Set(specs.map(\.name.value))
        let grown = diff.services.filter { names.contains($0.name) }
        var best: (service: String, metric: String, series: Int)?
        for s in grown { for m in s.metrics where m.series > (best?.series ?? 0) { best = (s.name, m.name, m.series) } }
        if let best, let spec = specs.first(where: { $0.name.value == best.service }),
            let metric = spec.metric(named: best.metric)
        {
            let before = context.base?.service(named: best.service)?.metric(named: best.metric)
            let old = Dictionary(uniqueKeysWithValues: (before?.labels ?? []).map { ($0.name, $0.values) })
            let label = metric.sortedLabels.filter { $0.values.value > (old[$0.name.value] ?? 1) }
                .max { $0.values.value / max(old[$0.name.value] ?? 1, 1) < $1.values.value / max(old[$1.name.value] ?? 1, 1) }
            let entity = "\(spec.entity)/metric/\(best.metric)"
            return (label?.name.location ?? metric.name.location, label.map { "\(entity)/label/\($0.name.value)" } ?? entity)
        }
        if let top = grown.max(by: { $0.costPerMonth.value < $1.costPerMonth.value }),
            let spec = specs.first(where: { $0.name.value == top.name })
        {
            return (spec.name.location, spec.entity)
        }
        return (context.platform?.name.location, "platform")
    }
}
