import Foundation
import OACCatalog
import OACCompiler
import OACModel
import OACPromQL
import OACRender
import OACTestSupport
import Testing
import Yams

/// Mimir mode: a tenant per tier in use, so each tier keeps its own retention; every shard writes each series
/// to exactly one tenant; the ruler's rules are `mimirtool` namespace files in the tenant that holds their
/// series; the Alertmanager configuration is in the form `mimirtool alertmanager load` takes.
@Suite("Mimir tenants per tier")
struct MimirTenancyTests {
    /// The example catalog (three tiers in use: gold, silver, bronze) in Mimir mode. Long-term storage evaluates
    /// SLOs over the tiers' raw retention, so bronze keeps 30d raw (nightly-training's window is 28d).
    static func exampleCatalog(replicas: Bool = false) -> [SourceFile] {
        Repository.catalog("catalog/example").map {
            var text = $0.contents.replacingOccurrences(of: "mode: federation", with: "mode: mimir")
                .replacingOccurrences(of: "raw: 15d", with: "raw: 30d")
            if replicas {
                text = text.replacingOccurrences(
                    of: #"address: "prometheus-us-east-{shard}.monitoring.svc:9090""#,
                    with: "replicas: 2\n      address: \"prometheus-us-east-{shard}-{replica}.monitoring.svc:9090\"")
            }
            return SourceFile(path: $0.path, contents: text)
        }
    }

    static func yaml(_ text: String?) throws -> [String: Any] {
        let text = try #require(text)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    // MARK: - A validator of Mimir runtime overrides (what Mimir's loader checks)

    /// The per-tenant keys of Mimir's `validation.Limits` with their Go types (Fixtures/mimir-limits-fields.subset.tsv).
    static func fields() throws -> [String: String] {
        var out: [String: String] = [:]
        for line in try RenderTestSupport.fixture("mimir-limits-fields.subset.tsv").split(separator: "\n").dropFirst() {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            out[String(parts[0])] = String(parts[1])
        }
        return out
    }

    /// The problems Mimir's strict loader would report for a runtime-config file: one document, the only top-level
    /// key `overrides`, known per-tenant keys, values of their Go type (model.Duration: Prometheus' grammar).
    static func problems(_ text: String) throws -> [String] {
        let fields = try Self.fields()
        let doc = try yaml(text)
        var out: [String] = []
        for key in doc.keys where key != "overrides" { out.append("unknown top-level key \(key)") }
        let tenants = try #require(doc["overrides"] as? [String: [String: Any]])
        for (tenant, limits) in tenants {
            for (key, value) in limits {
                guard let type = fields[key] else {
                    out.append("\(tenant).\(key): unknown")
                    continue
                }
                let ok: Bool
                switch type {
                case "int": ok = value is Int
                case "float64": ok = value is Int || value is Double
                case "bool": ok = value is Bool
                case "string": ok = value is String
                case "model.Duration": ok = PromDuration(parsing: "\(value)") != nil
                default: ok = true
                }
                if !ok { out.append("\(tenant).\(key): \(value) is not a \(type)") }
            }
        }
        return out
    }

    // MARK: - Tests

    @Test("three tiers give three tenants with three different retentions that Mimir's loader accepts")
    func retentionPerTier() throws {
        let outputs = try ThanosArgumentTests.outputs(Self.exampleCatalog())
        let text = try #require(outputs["mimir/runtime-overrides.yaml"])
        #expect(try Self.problems(text) == [])
        let tenants = try #require(try Self.yaml(text)["overrides"] as? [String: [String: Any]])
        func retention(_ tenant: String) -> String? { tenants[tenant].map { "\($0["compactor_blocks_retention_period"]!)" } }
        // Mimir does not downsample: a tier keeps raw blocks as long as it reads metrics at all (its longest
        // metrics retention): gold downsampled1h 2y, silver 1y, bronze 180d (platform.yaml).
        #expect(retention("acme-ml-gold") == "2y")
        #expect(retention("acme-ml-silver") == "1y")
        #expect(retention("acme-ml-bronze") == "180d")
        // The platform's own tenant (the shards' self-metrics) keeps spec.global.retention.
        #expect(retention("acme-ml") == "400d")
        #expect(tenants.count == 4)
    }

    @Test("the validator itself refuses an unknown key, a bad duration and a wrong kind")
    func validatorRefuses() throws {
        let bad = "overrides:\n  x:\n    compactor_blocks_retention_period: 1d12x\n    max_global_series_per_user: many\n    no_such_limit: 1\n"
        #expect(try Self.problems(bad).count == 3)
    }

    @Test("every shard writes to every tenant with its X-Scope-OrgID, and each series reaches exactly one tenant")
    func remoteWriteRouting() throws {
        let outputs = try ThanosArgumentTests.outputs(Self.exampleCatalog())
        let shard = try Self.yaml(outputs["prometheus/us-east/shard-0/prometheus.yml"])
        let writes = try #require(shard["remote_write"] as? [[String: Any]])
        let tenants = writes.compactMap { ($0["headers"] as? [String: String])?["X-Scope-OrgID"] }
        #expect(tenants == ["acme-ml-bronze", "acme-ml-gold", "acme-ml-silver", "acme-ml"])  // the model's tier order, then the platform
        // A series' `job;service` (Prometheus joins source_labels with `;`), matched as Prometheus does (anchored).
        func receivers(job: String, service: String) throws -> [String] {
            var out: [String] = []
            for w in writes {
                let relabel = try #require((w["write_relabel_configs"] as? [[String: Any]])?.first)
                #expect(relabel["source_labels"] as? [String] == ["job", "service"])
                let pattern = try #require(relabel["regex"] as? String)
                let regex = try #require(PromQL.anchoredRegex(pattern))
                let value = "\(job);\(service)"
                let matched = regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
                let kept = (relabel["action"] as? String == "keep") == matched
                if kept { out.append((w["headers"] as! [String: String])["X-Scope-OrgID"]!) }
            }
            return out
        }
        // llm-gateway is gold, api-gateway silver, nightly-training bronze (services/*.yaml).
        #expect(try receivers(job: "llm-gateway", service: "") == ["acme-ml-gold"])  // a scraped series
        #expect(try receivers(job: "", service: "llm-gateway") == ["acme-ml-gold"])  // its SLI records
        #expect(try receivers(job: "api-gateway", service: "") == ["acme-ml-silver"])
        #expect(try receivers(job: "", service: "nightly-training") == ["acme-ml-bronze"])
        #expect(try receivers(job: "prometheus", service: "") == ["acme-ml"])  // the shard itself
        #expect(try receivers(job: "llm-gateway-canary", service: "") == ["acme-ml"])  // anchored: no prefix match
    }

    @Test("the ruler's rules are mimirtool namespace files: one per service in its tier's tenant, self-monitoring in every tenant")
    func ruleNamespaces() throws {
        let outputs = try ThanosArgumentTests.outputs(Self.exampleCatalog())
        let files = outputs.keys.filter { $0.hasPrefix("mimir/rules/") }.sorted()
        let expected = [
            "acme-ml-bronze/nightly-training", "acme-ml-gold/bert-model-serving", "acme-ml-gold/llm-gateway",
            "acme-ml-silver/api-gateway", "acme-ml-silver/feature-pipeline"
        ]
        for tenant in ["acme-ml", "acme-ml-bronze", "acme-ml-gold", "acme-ml-silver"] {
            #expect(files.contains("mimir/rules/\(tenant)/oac-self-monitoring.yaml"))
        }
        #expect(files.filter { !$0.hasSuffix("/oac-self-monitoring.yaml") } == expected.map { "mimir/rules/\($0).yaml" })
        for path in files {
            let doc = try Self.yaml(outputs[path])
            // One namespace per file, named after the file; the groups are the global server's for the service.
            let namespace = try #require(doc["namespace"] as? String)
            #expect(path.hasSuffix("/\(namespace).yaml"))
            #expect(Set(doc.keys) == ["namespace", "groups"])
            let groups = try #require(doc["groups"] as? [[String: Any]])
            #expect(!groups.isEmpty)
        }
        // The SLO groups are the global server's file, byte for byte, after the namespace line.
        let mimir = try #require(outputs["mimir/rules/acme-ml-gold/llm-gateway.yaml"])
        let global = try #require(outputs["prometheus/global/rules/llm-gateway.slo.rules.yml"])
        #expect(mimir.replacingOccurrences(of: "namespace: llm-gateway\n", with: "") == global)
    }

    @Test("HA pairs in Mimir mode carry cluster and __replica__, and every tenant accepts HA samples")
    func haDedup() throws {
        let outputs = try ThanosArgumentTests.outputs(Self.exampleCatalog(replicas: true))
        let shard = try Self.yaml(outputs["prometheus/us-east/shard-1/prometheus.yml"])
        let labels = try #require((shard["global"] as? [String: Any])?["external_labels"] as? [String: String])
        #expect(labels == ["region": "us-east", "shard": "1", "cluster": "us-east-1", "__replica__": "${REPLICA}"])
        let unpaired = try Self.yaml(outputs["prometheus/eu-west/shard-0/prometheus.yml"])
        #expect(((unpaired["global"] as? [String: Any])?["external_labels"] as? [String: String])?["cluster"] == nil)
        let text = try #require(outputs["mimir/runtime-overrides.yaml"])
        #expect(try Self.problems(text) == [])
        let tenants = try #require(try Self.yaml(text)["overrides"] as? [String: [String: Any]])
        for (name, limits) in tenants {
            #expect(limits["accept_ha_samples"] as? Bool == true, "\(name)")
            #expect(limits["ha_cluster_label"] as? String == "cluster")
            #expect(limits["ha_replica_label"] as? String == "__replica__")
        }
        // Without pairs, no HA keys.
        let plain = try ThanosArgumentTests.outputs(Self.exampleCatalog())
        let plainText = try #require(plain["mimir/runtime-overrides.yaml"])
        #expect(!plainText.contains("accept_ha_samples"))
    }

    @Test("the Mimir Alertmanager configuration reads no file: each secret file becomes a variable listed in its header")
    func alertmanagerForm() throws {
        let outputs = try ThanosArgumentTests.outputs(Self.exampleCatalog())
        let text = try #require(outputs["mimir/alertmanager.yaml"])
        let plain = try #require(outputs["alertmanager/alertmanager.yml"])
        #expect(plain.contains("_file:"))
        #expect(!text.contains("_file:"))
        // The SMTP password of platform.yaml is variable 1 (the first secret of the file).
        #expect(text.contains("# OAC_SECRET_1: the contents of /etc/alertmanager/secrets/smtp-password"))
        #expect(text.contains("smtp_auth_password: '${OAC_SECRET_1}'"))
        _ = try Self.yaml(text)
    }

    @Test("a file setting becomes its inline twin; one variable per distinct file")
    func mimirFormRewrite() {
        let text =
            "# generated\nglobal:\n  smtp_auth_password_file: /a\nreceivers:\n  - name: x\n    pagerduty_configs:\n      - routing_key_file: '/b'\n      - routing_key_file: /a\n"
        #expect(
            MimirAlertmanagerRenderer.mimirForm(text) == """
                # generated
                # The Alertmanager configuration in `mimirtool alertmanager load` form: Mimir refuses settings that read
                # files, so each secret is a variable to fill from its file when loading (envsubst), never stored here.
                # OAC_SECRET_1: the contents of /a
                # OAC_SECRET_2: the contents of /b
                global:
                  smtp_auth_password: '${OAC_SECRET_1}'
                receivers:
                  - name: x
                    pagerduty_configs:
                      - routing_key: '${OAC_SECRET_2}'
                      - routing_key: '${OAC_SECRET_1}'

                """)
    }
}
