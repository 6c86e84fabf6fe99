import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import OACPromQL

/// Checks on the resolved model that need the whole platform: where SLOs are evaluated and how long data
/// is kept there, shards without a place to meet, and the gold tier's minimum retention.
extension ModelBuilder {
    /// Gold services back quarterly SLO reviews: a quarter of raw-resolution data must survive.
    public static let goldMinimumRetention = PromDuration.days(90)
    public static let goldTierName = "gold"

    /// Runs on a model built without errors: these checks compare settings across the whole platform and
    /// would only repeat the cause of an earlier error.
    public static func checkTopology(_ catalog: Catalog, model: Model) -> Diagnostics {
        var b = ModelBuilder(catalog: catalog)
        b.checkTopology(model)
        return b.diagnostics
    }

    mutating func checkTopology(_ model: Model) {
        guard let spec = catalog.platforms.first else { return }
        if model.platform.global == nil {
            // Only the shard counts of the cost estimate matter here.
            let shardCounts = CostEstimate.shardCounts(model)
            for region in model.platform.regions {
                let shards = shardCounts[region.name] ?? 1
                guard shards > 1 else { continue }
                var shardsAuto = false
                if case .auto = region.shards { shardsAuto = true }
                let loc = spec.regions.first { $0.name.value == region.name }.map { $0.shards?.location ?? $0.name.location }
                diagnostics.error(
                    "region `\(region.name)` runs \(shards) shards\(shardsAuto ? " (auto)" : "") but the platform has no `spec.global` to sum their SLIs",
                    rule: CheckID.missingField, at: loc ?? spec.location,
                    hint: "add `global: {mode: federation, address: \"prometheus-global.monitoring:9090\"}`, or use one shard")
            }
        }
        for r in spec.regions where Conventions.reservedRegionNames.contains(r.name.value) {
            diagnostics.error(
                "region name `\(r.name.value)` is reserved: it is a folder of the output", rule: CheckID.invalidName,
                at: r.name.location, hint: "rename the region, e.g. `\(r.name.value)-1`")
        }
        if model.platform.global?.mode == .federation {
            for r in spec.regions where r.address == nil {
                diagnostics.error(
                    "region `\(r.name.value)` has no `address`; the global Prometheus cannot federate it",
                    rule: CheckID.missingField, at: r.name.location,
                    hint: "add `address: \"prometheus-\(r.name.value)-{shard}.monitoring:9090\"`")
            }
        }
        if model.platform.global?.mode == .thanos {
            // The querier reaches each shard's sidecar on the shard's host; the ruler sends alerts nowhere without
            // Alertmanagers, and it evaluates every SLO alert in this mode.
            for r in spec.regions where r.address == nil {
                diagnostics.error(
                    "region `\(r.name.value)` has no `address`; the Thanos querier cannot reach its sidecars",
                    rule: CheckID.missingField, at: r.name.location,
                    hint: "add `address: \"prometheus-\(r.name.value)-{shard}.monitoring:9090\"` (the sidecar listens on the same host)")
            }
            if let g = spec.global, g.address == nil {
                diagnostics.error(
                    "`global.mode: thanos` but no `spec.global.address`: the Thanos ruler has no query API to evaluate against",
                    rule: CheckID.missingField, at: g.location,
                    hint: "add `address: \"thanos-query.monitoring:10902\"` (the querier's HTTP address)")
            }
            if model.platform.alerting.alertmanagers.isEmpty {
                diagnostics.error(
                    "`global.mode: thanos` but no `spec.alerting.alertmanagers`: the Thanos ruler evaluates every SLO alert and would deliver none",
                    rule: CheckID.missingField, at: spec.global?.location ?? spec.location,
                    hint: "add `alerting: {alertmanagers: [\"alertmanager-0.monitoring:9093\"]}`")
            }
        }
        checkJobs(model)
        checkGoldRetention(spec)
        checkEvaluationRetention(model, spec: spec)
        checkLogRetention(model)
        if model.platform.global?.mode == .thanos { checkThanosRetention(spec) }
    }

    /// Two services with one job name would give a Prometheus two scrape configs of that name, which it refuses.
    mutating func checkJobs(_ model: Model) {
        var first: [String: String] = [:]
        for s in model.services {
            for region in s.regions.isEmpty ? [""] : s.regions {
                let key = "\(region)/\(s.job)"
                if let other = first[key] {
                    let loc = catalog.services.first { $0.name.value == s.name }.map { $0.job?.location ?? $0.name.location }
                    diagnostics.error(
                        "services `\(other)` and `\(s.name)` both use job `\(s.job)`\(region.isEmpty ? "" : " in region `\(region)`")",
                        rule: CheckID.duplicateName, at: loc, hint: "give each service its own `job`")
                    break
                }
                first[key] = s.name
            }
        }
    }

    /// Loki refuses retention periods under 24h, and one tenant listed twice.
    mutating func checkLogRetention(_ model: Model) {
        var tenants: [String: String] = [:]
        for t in catalog.teams {
            let tenant = t.lokiTenant?.value ?? t.name.value
            if let other = tenants[tenant] {
                diagnostics.error(
                    "teams `\(other)` and `\(t.name.value)` share the Loki tenant `\(tenant)`", rule: CheckID.duplicateName,
                    at: t.lokiTenant?.location ?? t.name.location, hint: "give each team its own `lokiTenant`")
            }
            tenants[tenant] = t.name.value
        }
        let minimum = PromDuration.hours(24)
        for tier in catalog.platforms.first?.retentionTiers ?? [] {
            if let logs = tier.logs, logs.value < minimum {
                diagnostics.error(
                    "log retention \(logs.value) of tier `\(tier.name.value)` is under 24h, which Loki rejects",
                    rule: CheckID.invalidValue, at: logs.location, hint: "use at least 24h (1d)")
            }
        }
        for s in catalog.services {
            for l in s.logs {
                if let r = l.retention, r.value < minimum {
                    diagnostics.error(
                        "log retention \(r.value) is under 24h, which Loki rejects", rule: CheckID.invalidValue,
                        at: r.location, hint: "use at least 24h (1d)")
                }
            }
        }
    }

    /// `thanos compact` exits at start-up when downsampling is on and raw < 40h or 5m < 10d.
    mutating func checkThanosRetention(_ spec: PlatformSpec) {
        for t in spec.retentionTiers {
            guard let local = t.local else { continue }
            let r = ThanosRetention(
                RetentionTier(
                    name: t.name.value, description: nil, local: local.value, raw: t.raw?.value,
                    downsampled5m: t.downsampled5m?.value, downsampled1h: t.downsampled1h?.value,
                    logs: nil))
            if r.raw < ThanosRetention.minimumRaw {
                diagnostics.error(
                    "tier `\(t.name.value)` keeps raw metrics \(r.raw); `thanos compact` refuses less than 40h",
                    rule: CheckID.retentionTooShort, at: (t.raw ?? local).location, hint: "set `metrics.raw` to at least 2d")
            }
            if r.fiveMinutes < ThanosRetention.minimumFiveMinutes {
                diagnostics.error(
                    "tier `\(t.name.value)` keeps 5-minute downsampled metrics \(r.fiveMinutes); `thanos compact` refuses less than 10d",
                    rule: CheckID.retentionTooShort, at: (t.downsampled5m ?? t.raw ?? local).location,
                    hint: "set `metrics.downsampled5m` to at least 10d")
            }
        }
    }

    mutating func checkGoldRetention(_ spec: PlatformSpec) {
        // Every critical tier (`criticality: critical`, or named `gold` without it), not only the one named gold.
        for gold in spec.retentionTiers where gold.resolvedCriticality == .critical {
            guard let local = gold.local else { continue }
            let kept = max(local.value, gold.raw?.value ?? local.value)
            guard kept < Self.goldMinimumRetention else { continue }
            let name = gold.name.value
            let what = name == Self.goldTierName ? "gold" : "a critical tier"
            diagnostics.error(
                "tier `\(name)` keeps raw metrics for \(kept); \(what) keeps at least \(Self.goldMinimumRetention)",
                rule: CheckID.goldRetention, at: (gold.raw ?? local).location,
                hint: "set `metrics.raw: \(Self.goldMinimumRetention)` (long-term storage) so a quarter of \(name) SLO data survives")
        }
    }

    mutating func checkEvaluationRetention(_ model: Model, spec: PlatformSpec) {
        let place: String
        let fix: String
        switch model.platform.global?.mode {
        case .federation?:
            place = "the global Prometheus"
            fix = "set `spec.global.retention` (it holds only aggregates, so a long retention is cheap)"
        case .thanos?, .mimir?:
            place = "long-term storage (\(model.platform.global!.mode.rawValue))"
            fix = "raise the tier's `metrics.raw`"
        case nil:
            place = "the Prometheus server"
            fix = "set `spec.prometheus.retention`, or raise the tiers' `metrics.local`"
        }
        // The retention depends on the service's tier at most: once per tier, not once per service (each
        // computation looks at every service).
        var keptByTier: [String: PromDuration] = [:]
        for service in model.services {
            let kept = keptByTier[service.tier] ?? Topology.evaluationRetention(model, service: service)
            keptByTier[service.tier] = kept
            for slo in service.slos where slo.window > kept {
                let serviceSpec = catalog.services.first { $0.name.value == service.name }
                let sloSpec = serviceSpec?.slos.first { $0.name.value == slo.name }
                diagnostics.error(
                    "SLO `\(slo.name)` of `\(service.name)` ranges over \(slo.window) but \(place) keeps only \(kept)",
                    rule: CheckID.retentionTooShort,
                    at: sloSpec?.window?.location ?? sloSpec?.name.location ?? serviceSpec?.location,
                    hint: "\(fix) to at least \(slo.window)")
            }
        }
    }
}
