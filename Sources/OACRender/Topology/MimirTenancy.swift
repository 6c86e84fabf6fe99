import Foundation
import OACModel
import OACOutput
import OACPromQL
import OACSupport

/// How a Mimir-mode platform splits its series into tenants so that each tier's retention holds: Mimir keeps a
/// tenant's blocks for one period (`compactor_blocks_retention_period`), so one tenant per tier in use
/// (`<platform>-<tier>`) holds the tier's services, and the platform's own tenant (its name) holds the rest —
/// the shards' self-metrics. Every shard writes to each tenant with its own `remote_write` entry, whose
/// `write_relabel_configs` keep only that tenant's series:
/// - a service's scraped series carry its `job`, its SLI records (`oac_sli:*`) its `service` label;
/// - the rules of a tenant (`mimir/rules/<tenant>/`) read only that tenant's series, which is why a service's
///   SLO rules go to its tier's tenant and the self-monitoring rules to every tenant (each alert sees the
///   series of its own tenant; no series is in two tenants, so no alert fires twice).
public struct MimirTenancy: Sendable {
    public struct Tenant: Sendable, Hashable {
        public var name: String
        /// nil for the platform's own tenant.
        public var tier: String?
        /// How long Mimir keeps the tenant's blocks.
        public var retention: PromDuration
        /// Jobs and service names whose series belong here (tier tenants), sorted.
        public var jobs: [String]
        public var services: [String]
    }

    /// Tier tenants in the catalog's tier order, then the platform's tenant.
    public var tenants: [Tenant]

    public init(_ model: Model) {
        var out: [Tenant] = []
        for tier in model.platform.retentionTiers {
            let members = model.services.filter { $0.tier == tier.name }
            guard !members.isEmpty else { continue }
            // Mimir does not downsample: raw blocks are kept as long as the tier reads metrics at all.
            out.append(
                Tenant(
                    name: Conventions.mimirTenant(platform: model.platform.name, tier: tier.name), tier: tier.name,
                    retention: tier.longestMetrics, jobs: Set(members.map(\.job)).sorted(),
                    services: members.map(\.name).sorted()))
        }
        let used = Set(model.services.map(\.tier))
        let tiers = model.platform.retentionTiers.filter { used.contains($0.name) }
        out.append(
            Tenant(
                name: model.platform.name, tier: nil,
                retention: Topology.globalRetention(model.platform, tiers: tiers), jobs: [], services: []))
        tenants = out
    }

    /// The tenant a service's series and SLO rules are in.
    public func tenant(ofService name: String) -> Tenant? {
        tenants.first { $0.services.contains(name) }
    }

    public var platformTenant: Tenant { tenants[tenants.count - 1] }

    /// `source_labels: [job, service]` joined by `;`: the RE2 pattern (anchored by Prometheus) matching a series
    /// of the given jobs or services.
    public static func routingRegex(jobs: [String], services: [String]) -> String {
        func alternation(_ values: [String]) -> String { "(?:" + values.map(PromQL.quoteMeta).joined(separator: "|") + ")" }
        var parts: [String] = []
        if !jobs.isEmpty { parts.append("\(alternation(jobs));.*") }
        if !services.isEmpty { parts.append(".*;\(alternation(services))") }
        return parts.joined(separator: "|")
    }

    /// The relabel action and regex of a tenant's `remote_write`: a tier tenant keeps its series, the platform's
    /// tenant drops every tier's.
    public func writeFilter(_ tenant: Tenant) -> (action: String, regex: String)? {
        if tenant.tier != nil { return ("keep", Self.routingRegex(jobs: tenant.jobs, services: tenant.services)) }
        let tiers = tenants.filter { $0.tier != nil }
        guard !tiers.isEmpty else { return nil }
        return (
            "drop",
            Self.routingRegex(
                jobs: Set(tiers.flatMap(\.jobs)).sorted(),
                services: Set(tiers.flatMap(\.services)).sorted())
        )
    }
}

/// A `mimirtool rules` namespace file: `namespace:` then the Prometheus rule groups (`mimirtool rules
/// load/sync/diff/check` read this form; without the `namespace` line it is a Prometheus rule file).
public enum MimirRuleFile {
    public static func render(namespace: String, groups: [RuleGroup]) -> String {
        let rules = RuleFileRenderer.render(groups)
        let line = "namespace: \(YAMLText.string(namespace))\n"
        guard let r = rules.range(of: "groups:") else { return line + rules }
        return rules.replacingCharacters(in: r.lowerBound..<r.lowerBound, with: line)
    }

    /// Every service's SLO rules in its tier's tenant folder and the self-monitoring rules in every tenant's.
    static func files(_ model: Model) -> [OutputFile] {
        let tenancy = MimirTenancy(model)
        var files: [OutputFile] = []
        let selfGroup = SelfMonitoringRules.group(model)
        let selfNamespace = Conventions.selfMonitoringNamespace
        for tenant in tenancy.tenants {
            files.append(
                OutputFile(
                    path: Conventions.mimirRulesFile(tenant: tenant.name, namespace: selfNamespace),
                    contents: render(namespace: selfNamespace, groups: [selfGroup])))
        }
        return files
    }

    /// A service's SLO rules as a namespace named after the service, in its tier's tenant folder.
    static func serviceFile(_ model: Model, _ service: Service, groups: [RuleGroup]) -> OutputFile? {
        guard let tenant = MimirTenancy(model).tenant(ofService: service.name) else { return nil }
        return OutputFile(
            path: Conventions.mimirRulesFile(tenant: tenant.name, namespace: service.name),
            contents: render(namespace: service.name, groups: groups))
    }
}
