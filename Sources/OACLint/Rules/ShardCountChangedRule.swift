import OACCatalog
import OACDiagnostics
import OACModel

/// `oac lint --base`: a region runs a different number of Prometheus shards or servers than in the base,
/// and with it, static targets move to another shard.
public struct ShardCountChangedRule: LintRule {
    public static let id = "shard-count-changed"

    public init() {}

    /// How many moved targets a message names before it says "and N more".
    static let namedTargets = 8

    public let description = RuleDescription(
        id: id, category: .capacity, severity: .warning,
        summary:
            "Under `--base`, the change alters a region's Prometheus shards or servers (a fixed count, `shards: auto` crossing `seriesPerShard`, or replicas), naming the static targets that move shard.",
        rationale: """
            Each shard scrapes the targets whose hashmod value equals its index, so changing the shard count \
            moves targets between servers: a moved target's history stays on its old shard, its `rate()` starts \
            over on the new one, and recording rules see a gap. Adding a server is also capacity someone must \
            provision before the change deploys. With `shards: auto` the count follows the series estimate, so \
            a change to a metric's labels can add a server without touching the platform. The finding gives the \
            servers before and after and the static targets that move, computed as Prometheus' hashmod does \
            (`prometheus/<region>/targets.md` lists the new assignment); discovered targets re-hash the same \
            way at run time. It needs `--base`: the examples read the passing catalog as the base.
            """,
        failing: """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: acme}
            spec:
              prometheus: {retention: 400d}
              regions:
                - {name: eu, shards: ↓2, address: "prometheus-eu-{shard}:9090"}
              global: {mode: federation, address: "prometheus-global:9090"}
              retentionTiers:
                - name: gold
                  metrics: {local: 15d, raw: 90d}
                  logs: 90d
              alerting: {owner: web}
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: gold
              regions: [eu]
              runbook: https://runbooks.example.com/api
              targets:
                static: ["api-0.example.com:8080", "api-1.example.com:8080", "api-2.example.com:8080", "api-3.example.com:8080"]
            """,
        passing: """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: acme}
            spec:
              prometheus: {retention: 400d}
              regions:
                - {name: eu, shards: 1, address: "prometheus-eu-{shard}:9090"}
              global: {mode: federation, address: "prometheus-global:9090"}
              retentionTiers:
                - name: gold
                  metrics: {local: 15d, raw: 90d}
                  logs: 90d
              alerting: {owner: web}
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: gold
              regions: [eu]
              runbook: https://runbooks.example.com/api
              targets:
                static: ["api-0.example.com:8080", "api-1.example.com:8080", "api-2.example.com:8080", "api-3.example.com:8080"]
            """)

    public func check(_ context: LintContext) -> [Finding] {
        // `shards: auto` follows the series estimate: both catalogs must compile for an exact count.
        guard let base = context.base, let head = context.model, let platform = context.platform else { return [] }
        let before = Self.servers(base)
        let after = Self.servers(head)
        var out: [Finding] = []
        for region in platform.regions {
            let name = region.name.value
            guard let was = before[name], let now = after[name], was != now else { continue }
            var message: String
            if now.shards != was.shards {
                message = "region `\(name)` runs \(Self.count(now.shards, "Prometheus shard")) instead of \(was.shards)"
                message += " (\(Self.count(now.shards * now.replicas, "server")) instead of \(was.shards * was.replicas)"
                if region.shardsAuto { message += ", `shards: auto` at \(grouped(head.platform.prometheus.seriesPerShard)) series per shard" }
                message += ")"
            } else {
                // Only the replicas changed: the same targets on each shard, more (or fewer) copies of it.
                message =
                    "region `\(name)` runs \(Self.count(now.shards * now.replicas, "Prometheus server")) instead of \(was.shards * was.replicas)"
                    + " (\(Self.count(now.shards, "shard")) × \(now.replicas) replicas instead of × \(was.replicas))"
            }
            if now.shards != was.shards {
                let (moved, total, discovered) = Self.moves(head, region: name, from: was.shards, to: now.shards)
                if total > 0 {
                    message += "; \(moved.count) of \(Self.count(total, "static target")) move shard"
                    if !moved.isEmpty {
                        let named = moved.prefix(Self.namedTargets).joined(separator: ", ")
                        message += ": \(named)" + (moved.count > Self.namedTargets ? " and \(moved.count - Self.namedTargets) more" : "")
                    }
                }
                if !discovered.isEmpty {
                    message += "; the discovered targets of \(discovered.map { "`\($0)`" }.joined(separator: ", ")) re-hash too"
                }
            }
            // At what changed: the fixed count, else the replicas, else (`shards: auto`) the region's name.
            let place = now.shards != was.shards ? region.shards?.location : region.replicas?.location
            out.append(
                Finding(
                    message, at: place ?? region.name.location,
                    entity: "platform/region/\(name)/servers",
                    hint: "provision the servers before the change deploys; moved targets start their history again on their new shard"))
        }
        return out
    }

    struct Servers: Hashable {
        var shards: Int
        var replicas: Int
    }

    /// Shards (as the topology plans them: fixed, or `auto` from the estimate) and replicas of every region.
    static func servers(_ model: Model) -> [String: Servers] {
        let topology = Topology.plan(model, estimate: CostEstimate.estimate(model))
        var out: [String: Servers] = [:]
        for region in model.platform.regions {
            out[region.name] = Servers(shards: topology.shards.count { $0.region == region.name }, replicas: region.replicas)
        }
        return out
    }

    /// Static targets of the region whose shard changes (`host:port` (job) 0 → 1), how many static targets the
    /// region has, and the jobs whose targets are discovered (Kubernetes, file) and cannot be listed.
    static func moves(_ model: Model, region: String, from: Int, to: Int) -> (moved: [String], total: Int, discovered: [String]) {
        var moved: [String] = []
        var total = 0
        var discovered: [String] = []
        for service in model.services where service.regions.contains(region) {
            switch service.targets.scraped(in: region) {
            case .static(let list):
                total += list.count
                let old = Topology.assignments(list, shards: max(from, 1))
                let new = Topology.assignments(list, shards: max(to, 1))
                for (a, b) in zip(old, new) where a.shard != b.shard {
                    moved.append("`\(a.target)` (\(service.job)) \(a.shard) → \(b.shard)")
                }
            case .file, .kubernetes:
                discovered.append(service.job)
            case .none, .staticByRegion:
                break
            }
        }
        return (moved, total, discovered)
    }

    /// "1 Prometheus shard", "2 servers".
    static func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
