import Foundation
import OACModel
import OACOutput
import OACSupport

/// Lays out every Prometheus server of the platform with its rule files:
/// - single Prometheus: `prometheus/prometheus.yml`, `prometheus/rules/*`;
/// - shards: `prometheus/<region>/shard-<n>/prometheus.yml`, loading the SLI rules of the region's services
///   from `prometheus/<region>/rules/` (written once per region, shared by its shards);
/// - global: `prometheus/global/prometheus.yml` (federation) with the SLO and self-monitoring rules, which
///   Thanos and Mimir rulers load instead when the platform uses them;
/// plus which shard scrapes which static target, and the Thanos or Mimir settings.
public enum TopologyRenderer: Renderer {
    /// Where a service's rule files are, relative to the output folder (for promtool tests beside them).
    public struct RulePaths: Sendable, Hashable {
        public var sli: String
        public var slo: String
    }

    /// Where each service's rule files go once the shards are planned (the plan needs the cost estimate).
    struct Layout: Sendable {
        var topology: Topology
        var byName: [String: Service]
        /// Service → the region rules folders its SLI file goes to (sharded platforms only).
        var sliFolders: [String: [String]]
        var paths: [String: RulePaths]

        init(_ model: Model, estimate: CostEstimate) {
            topology = Topology.plan(model, estimate: estimate)
            byName = Dictionary(model.services.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            // One SLI file per region, loaded by every shard of the region: every shard scrapes all of its
            // region's services, so the region's rules folder holds exactly what each of its shards evaluates.
            sliFolders = [:]
            if !topology.isSingle {
                for shard in topology.shards where shard.index == 0 {
                    guard let region = shard.region else { continue }
                    for service in sloServices(byName, in: shard) {
                        sliFolders[service.name, default: []].append(Conventions.regionRulesFolder(region))
                    }
                }
            }
            paths = rulePaths(model, topology: topology)
        }
    }

    /// One job per service with SLOs (its SLI rule file in each of its regions, its SLO rules and its promtool
    /// tests), and one for the servers' configuration and the shared rules. The jobs do not depend on the shard
    /// plan, only their files do: the first job to run works the plan out (from the estimate, also worked out
    /// on first use), so other renderers need not wait for it.
    public static func jobs(_ input: RenderInput) -> [RenderJob] {
        let model = input.model
        let estimate = input.estimate
        let layout = Once { Layout(model, estimate: estimate.value) }
        var jobs: [RenderJob] = [
            RenderJob {
                let l = layout.value
                return l.topology.isSingle ? singleServerFiles(model, l.topology) : serverFiles(model, l.topology, l.byName, estimate: estimate.value)
            }
        ]
        for service in model.services where !service.slos.isEmpty {
            jobs.append(
                RenderJob {
                    let l = layout.value
                    if l.topology.isSingle { return PrometheusRulesRenderer.serviceFiles(model, service) }
                    return shardedServiceFiles(model, service, folders: l.sliFolders[service.name] ?? [], testRules: l.paths[service.name])
                })
        }
        return jobs
    }

    /// A service's SLI rule file in each of its regions' rules folders, its SLO rules and promtool tests on the
    /// global server.
    static func shardedServiceFiles(_ model: Model, _ service: Service, folders: [String], testRules: RulePaths?) -> [OutputFile] {
        var files: [OutputFile] = []
        let rules = SLORules(model: model, service: service)
        if !folders.isEmpty {
            let sli = RuleFileRenderer.renderUTF8([rules.sliGroup()])
            for folder in folders {
                files.append(OutputFile(path: "\(folder)/\(Conventions.sliRulesFile(service.name))", utf8: sli))
            }
        }
        let sloGroups = rules.sloGroups()
        files.append(
            OutputFile(
                path: "\(Conventions.globalFolder)/\(Conventions.serverRulesFolder)/\(Conventions.sloRulesFile(service.name))",
                utf8: RuleFileRenderer.renderUTF8(sloGroups)))
        // Mimir's ruler loads the same groups as a namespace of the tenant that holds the service's series.
        if model.platform.global?.mode == .mimir, let file = MimirRuleFile.serviceFile(model, service, groups: sloGroups) {
            files.append(file)
        }
        // The unit tests sit beside the SLO rules and load the SLI rules of the service's first region (every
        // region gets the same file); promtool resolves rule_files relative to the test file.
        if let p = testRules {
            let testFolder = "\(Conventions.globalFolder)/\(Conventions.serverRulesFolder)"
            files.append(
                OutputFile(
                    path: "\(testFolder)/\(Conventions.testFile(service.name))",
                    utf8: PromtoolTests(model: model, service: service).renderUTF8(
                        ruleFiles: [relative(p.sli, from: testFolder), relative(p.slo, from: testFolder)])))
        }
        return files
    }

    /// Every server's prometheus.yml, the self-monitoring rules, Thanos/Mimir settings and target assignments.
    static func serverFiles(
        _ model: Model, _ topology: Topology, _ byName: [String: Service],
        estimate: CostEstimate
    ) -> [OutputFile] {
        var files: [OutputFile] = []
        let config = PrometheusConfigRenderer(model: model, topology: topology)
        for shard in topology.shards {
            guard let region = shard.region else { continue }
            let folder = Conventions.shardFolder(region: region, shard: shard.index)
            // One glob for the region's rules folder (relative to this config), which holds the SLI file of
            // every service this shard scrapes and nothing else; none when no service of the region has SLOs.
            let rules =
                sloServices(byName, in: shard).isEmpty
                ? []
                : ["\(relative(Conventions.regionRulesFolder(region), from: folder))/\(Conventions.sliRulesGlob)"]
            files.append(
                OutputFile(
                    path: "\(folder)/\(Conventions.prometheusConfigFile)",
                    contents: config.shard(shard, ruleFiles: rules)))
        }
        var globalRules = model.services.filter { !$0.slos.isEmpty }.map {
            "\(Conventions.serverRulesFolder)/\(Conventions.sloRulesFile($0.name))"
        }
        let selfRel = "\(Conventions.serverRulesFolder)/\(Conventions.selfMonitoringRulesFile)"
        files.append(
            OutputFile(
                path: "\(Conventions.globalFolder)/\(selfRel)",
                contents: RuleFileRenderer.render([SelfMonitoringRules.group(model)])))
        globalRules.append(selfRel)
        switch model.platform.global?.mode {
        case .federation?:
            files.append(
                OutputFile(
                    path: "\(Conventions.globalFolder)/\(Conventions.prometheusConfigFile)",
                    contents: config.global(ruleFiles: globalRules)))
        case .thanos?:
            files += ThanosRenderer.render(model, topology: topology, ruleFiles: globalRules)
        case .mimir?:
            files.append(MimirOverridesRenderer.render(model, estimate: estimate))
            files += MimirRuleFile.files(model)
            files.append(MimirAlertmanagerRenderer.file(model))
        case nil:
            break
        }
        files += targetAssignments(model, topology)
        return files
    }

    /// The single server's prometheus.yml and self-monitoring rules (its services' rule files are their jobs').
    static func singleServerFiles(_ model: Model, _ topology: Topology) -> [OutputFile] {
        let config = PrometheusConfigRenderer(model: model, topology: topology)
        return PrometheusRulesRenderer.selfMonitoringFiles(model)
            + [
                OutputFile(
                    path: "\(Conventions.singlePrometheusFolder)/\(Conventions.prometheusConfigFile)",
                    contents: config.shard(topology.shards[0], ruleFiles: PrometheusRulesRenderer.ruleFiles(model).sorted()))
            ]
    }

    static func sloServices(_ byName: [String: Service], in shard: Topology.Shard) -> [Service] {
        shard.services.compactMap { byName[$0] }.filter { !$0.slos.isEmpty }
    }

    /// Rule file paths per service with SLOs. The SLI file of a sharded platform is the one of the service's
    /// first region (every region of the service gets the same file).
    static func rulePaths(_ model: Model, topology: Topology) -> [String: RulePaths] {
        var out: [String: RulePaths] = [:]
        for service in model.services where !service.slos.isEmpty {
            if topology.isSingle {
                out[service.name] = RulePaths(
                    sli: "\(Conventions.rulesFolder)/\(Conventions.sliRulesFile(service.name))",
                    slo: "\(Conventions.rulesFolder)/\(Conventions.sloRulesFile(service.name))")
            } else if let region = service.regions.first {
                out[service.name] = RulePaths(
                    sli: "\(Conventions.regionRulesFolder(region))/\(Conventions.sliRulesFile(service.name))",
                    slo: "\(Conventions.globalFolder)/\(Conventions.serverRulesFolder)/\(Conventions.sloRulesFile(service.name))")
            }
        }
        return out
    }

    /// `path` relative to the folder `from` (both relative to the output folder).
    static func relative(_ path: String, from folder: String) -> String {
        let p = path.split(separator: "/")
        let f = folder.split(separator: "/")
        var common = 0
        while common < min(p.count, f.count), p[common] == f[common] { common += 1 }
        return (Array(repeating: "..", count: f.count - common) + p[common...].map(String.init)).joined(separator: "/")
    }

    // MARK: - Static targets

    /// `prometheus/<region>/targets.md`: the shard of every static target, as Prometheus' hashmod computes it.
    static func targetAssignments(_ model: Model, _ topology: Topology) -> [OutputFile] {
        var files: [OutputFile] = []
        for region in model.platform.regions {
            let count = topology.shards.first { $0.region == region.name }?.count ?? 1
            var rows: [String] = []
            for service in model.services where service.regions.contains(region.name) {
                guard case .static(let list) = service.targets.scraped(in: region.name) else { continue }
                for (target, shard) in Topology.assignments(list, shards: count) {
                    rows.append("| \(MarkdownText.cell(service.job)) | \(MarkdownText.cell(target)) | \(shard) |")
                }
            }
            guard !rows.isEmpty else { continue }
            let text = """
                <!-- generated by oac — do not edit; change the catalog and run `oac compile` -->
                # Static targets of region \(region.name)

                \(count) shard\(count == 1 ? "" : "s"). Each shard keeps the targets whose hashmod value equals its index:
                the big-endian integer of bytes 8–15 of md5(`__address__`), modulo \(count) — what Prometheus'
                `hashmod` relabelling computes.

                | job | target | shard |
                |---|---|---|
                \(rows.joined(separator: "\n"))

                """
            files.append(OutputFile(path: Conventions.regionTargetsFile(region.name), contents: text))
        }
        return files
    }
}

/// Text for Markdown table cells.
enum MarkdownText {
    static func cell(_ s: String) -> String {
        s.replacing(["\\": "\\\\", "|": "\\|", "\n": " ", "<": "&lt;"])
    }
}
