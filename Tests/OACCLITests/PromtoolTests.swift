import Foundation
import OACTestSupport
import Testing
import Yams

/// Every Prometheus file oac generates, for every catalog in catalog/ and for the same platform in Thanos and
/// Mimir mode, loads in the real tools: `promtool check config` and `promtool check rules --lint=all --lint-fatal`.
@Suite("Generated Prometheus files pass promtool")
struct PromtoolTests {
    static let catalogs: [String] = {
        let dir = TestSupport.repoRoot.appendingPathComponent("catalog")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
            .filter { !$0.hasPrefix(".") && !$0.hasPrefix("broken") && !$0.hasSuffix(".md") }.sorted().map { "catalog/\($0)" }
    }()

    /// The catalog list is read from the folder; this pins it, so the promtool tests cannot quietly run on none.
    @Test("promtool runs on exactly the shipped catalogs, example, kubernetes and minimal")
    func catalogsListed() {
        #expect(Self.catalogs == ["catalog/example", "catalog/kubernetes", "catalog/minimal"])
    }

    /// Compiles a catalog into a fresh folder and returns it.
    static func compile(_ catalog: String) throws -> URL {
        let out = try TestSupport.temporaryDirectory("promtool").appendingPathComponent("out")
        let run = try TestSupport.oac(["compile", catalog, "--out", out.path])
        try #require(run.status == 0, "\(catalog): \(run.stderr)")
        return out
    }

    /// The example catalog with `global.mode` switched, written to a temporary folder.
    /// Lines added under `spec.global` for the variants of the example catalog (`mimir-basic` is mode mimir
    /// with basic authentication, …).
    static let variantSettings: [String: String] = [
        "mimir-basic":
            #"    mimir: {basicAuth: {username: shard, passwordFile: /etc/prometheus/mimir-password}, tls: {caFile: /etc/prometheus/ca.pem, certFile: /etc/prometheus/c.pem, keyFile: /etc/prometheus/c.key, serverName: mimir.example.com}}"#,
        "mimir-bearer": #"    mimir: {bearerTokenFile: /etc/prometheus/mimir-token, tls: {}}"#,
        "mimir-oauth2":
            #"    mimir: {oauth2: {clientId: shard, clientSecretFile: /etc/prometheus/oauth-secret, tokenUrl: "https://sso.example.com/token"}, tls: {caFile: /etc/prometheus/ca.pem}}"#
    ]

    static func exampleVariant(mode: String) throws -> String {
        let dir = try TestSupport.temporaryDirectory("variant-\(mode)")
        let source = TestSupport.repoRoot.appendingPathComponent("catalog/example")
        for (rel, data) in TestSupport.tree(source) where rel.hasSuffix(".yaml") {
            var text = String(decoding: data, as: UTF8.self)
            if rel == "platform.yaml" {
                // Long-term storage evaluates SLOs over the tiers' raw retention: bronze's 15d would not cover
                // nightly-training's 28-day window (the retention check says so).
                let base = mode.split(separator: "-")[0]
                text = text.replacingOccurrences(of: "mode: federation", with: "mode: \(base)\n\(variantSettings[mode] ?? "")")
                    .replacingOccurrences(of: "raw: 15d", with: "raw: 30d")
                if mode.hasSuffix("-ha") {
                    text = text.replacingOccurrences(
                        of: #"address: "prometheus-us-east-{shard}.monitoring.svc:9090""#,
                        with: "replicas: 2\n      address: \"prometheus-us-east-{shard}-{replica}.monitoring.svc:9090\"")
                }
            }
            let url = dir.appendingPathComponent(rel)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return dir.path
    }

    static func files(_ out: URL, suffix: String) -> [String] {
        TestSupport.tree(out).keys.filter { $0.hasSuffix(suffix) }.sorted()
    }

    /// Debian's Prometheus is built without Kubernetes discovery, which upstream 2.42 has. When the local
    /// promtool lacks it, each `kubernetes_sd_configs` block is replaced by an empty `static_configs` for the
    /// promtool run (the block's own shape is checked in PrometheusConfigTests) and the test says so.
    static func withoutKubernetesSD(_ text: String) -> String {
        var out: [Substring] = []
        var skipDeeperThan: Int?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = line.prefix { $0 == " " }.count
            if let limit = skipDeeperThan {
                if line.trimmingCharacters(in: .whitespaces).isEmpty || indent > limit { continue }
                skipDeeperThan = nil
            }
            if line.trimmingCharacters(in: .whitespaces) == "kubernetes_sd_configs:" {
                skipDeeperThan = indent
                out.append(Substring(String(repeating: " ", count: indent) + "static_configs: []"))
                continue
            }
            out.append(line)
        }
        return out.joined(separator: "\n")
    }

    /// `path` with `.` and `..` components resolved.
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == ".." { if !parts.isEmpty { parts.removeLast() } } else if part != "." { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }

    /// The generated files each `rule_files` entry of a config names, resolved from the config's folder and
    /// globbed as Prometheus and promtool do. Prometheus loads nothing, silently, for a pattern that matches nothing.
    static func ruleFileMatches(_ out: URL, config rel: String, text: String) throws -> [String: [String]] {
        let config = try #require(try Yams.load(yaml: text) as? [String: Any], "\(rel)")
        let folder = (rel as NSString).deletingLastPathComponent
        let generated = TestSupport.tree(out).keys
        var matches: [String: [String]] = [:]
        for pattern in (config["rule_files"] as? [String]) ?? [] {
            let resolved = normalized("\(folder)/\(pattern)")
            matches[pattern] = generated.filter { fnmatch(resolved, $0, FNM_PATHNAME) == 0 }.sorted()
        }
        return matches
    }

    static let secretMount = "/etc/prometheus/secrets/"

    static func checkConfigs(_ out: URL, promtool: URL, label: String) throws {
        let configs = files(out, suffix: "prometheus.yml")
        #expect(!configs.isEmpty, "\(label): no prometheus.yml written")
        let kubernetes = try ExternalTools.promtoolHasKubernetesSD(promtool)
        for rel in configs {
            var path = out.appendingPathComponent(rel)
            let text = try String(contentsOf: path, encoding: .utf8)
            for (pattern, matched) in try ruleFileMatches(out, config: rel, text: text) {
                #expect(!matched.isEmpty, "\(label)/\(rel): rule_files entry \(pattern) names no generated file")
                #expect(matched.allSatisfy { $0.hasSuffix(".rules.yml") }, "\(label)/\(rel): \(pattern) matches \(matched)")
            }
            var checked = text
            // Secrets are read where the Prometheus Operator mounts them; promtool checks the files exist, so
            // the mount point moves to a folder of the test with a file for each.
            if checked.contains(Self.secretMount) {
                let mount = try TestSupport.temporaryDirectory("secrets")
                for match in checked.matches(of: /\/etc\/prometheus\/secrets\/([a-z0-9.-]+)\/([-._a-zA-Z0-9]+)/) {
                    let file = mount.appendingPathComponent("\(match.1)/\(match.2)")
                    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data("test\n".utf8).write(to: file)
                }
                checked = checked.replacingOccurrences(of: Self.secretMount, with: mount.path + "/")
            }
            if !kubernetes, checked.contains("kubernetes_sd_configs:") {
                print(
                    "NOTE: \(label)/\(rel): this promtool has no Kubernetes discovery (Debian build); kubernetes_sd_configs blocks left out of the promtool run"
                )
                checked = withoutKubernetesSD(checked)
            }
            if checked != text {
                path = path.deletingLastPathComponent().appendingPathComponent("prometheus.checked.yml")
                try Data(checked.utf8).write(to: path)
            }
            let run = try TestSupport.run(promtool, ["check", "config", "--lint=all", path.path])
            #expect(run.status == 0, "\(label)/\(rel):\n\(run.stdout)\(run.stderr)")
            // A file_sd file that does not exist on this machine is the deployment's business, not the config's.
            let warnings = (run.stdout + run.stderr).split(separator: "\n")
                .filter { $0.contains("WARNING") && !($0.contains("for file_sd") && $0.contains("does not exist")) }
            #expect(warnings.isEmpty, "\(label)/\(rel): \(warnings)")
        }
    }

    static func checkRules(_ out: URL, promtool: URL, label: String) throws {
        let rules = files(out, suffix: ".rules.yml")
        #expect(!rules.isEmpty, "\(label): no rule files written")
        for rel in rules {
            let run = try TestSupport.run(promtool, ["check", "rules", "--lint=all", "--lint-fatal", out.appendingPathComponent(rel).path])
            #expect(run.status == 0, "\(label)/\(rel):\n\(run.stdout)\(run.stderr)")
        }
    }

    @Test(
        "promtool check config accepts every prometheus.yml", .requires(.promtool),
        arguments: catalogs + ["thanos", "mimir", "thanos-ha", "mimir-ha", "mimir-basic", "mimir-bearer", "mimir-oauth2"])
    func configs(catalog: String) throws {
        let promtool = try ExternalTool.promtool.require()
        let source = catalog.hasPrefix("catalog/") ? catalog : try Self.exampleVariant(mode: catalog)
        try Self.checkConfigs(try Self.compile(source), promtool: promtool, label: catalog)
    }

    @Test(
        "promtool check rules --lint=all --lint-fatal accepts every rule file", .requires(.promtool),
        arguments: catalogs + ["thanos", "mimir", "thanos-ha", "mimir-basic", "mimir-bearer", "mimir-oauth2"])
    func rules(catalog: String) throws {
        let promtool = try ExternalTool.promtool.require()
        let source = catalog.hasPrefix("catalog/") ? catalog : try Self.exampleVariant(mode: catalog)
        try Self.checkRules(try Self.compile(source), promtool: promtool, label: catalog)
    }

    @Test("leaving out kubernetes_sd_configs keeps the rest of the file")
    func stripKubernetes() {
        let text =
            "scrape_configs:\n  - job_name: a\n    kubernetes_sd_configs:\n      - role: pod\n        namespaces:\n          names: [x]\n    relabel_configs:\n      - action: keep\n"
        #expect(
            Self.withoutKubernetesSD(text)
                == "scrape_configs:\n  - job_name: a\n    static_configs: []\n    relabel_configs:\n      - action: keep\n")
    }
}
