import Foundation
import OACCatalog
import OACCompiler
import OACDiagnostics
import OACModel
import OACPipeline
import OACPromQL
import OACRender
import OACTestSupport
import Testing

/// Every Thanos argument file of every catalog in Thanos mode, checked as `thanos` would take it: each flag
/// exists for its component (the Thanos 0.43 flag lists in Fixtures/thanos), the flags without which the
/// component cannot do its job are there, and every value is well formed. The same checks as
/// ../shared/tools/check_thanos_args.py (with `--replicated`), without needing ../shared.
@Suite("Thanos argument files")
struct ThanosArgumentTests {
    /// A catalog in Thanos mode, with the Alertmanagers the ruler needs.
    static func handCatalog() -> [SourceFile] {
        let text = HandCatalog.text
            .replacingOccurrences(of: "mode: federation", with: "mode: thanos")
            .replacingOccurrences(of: "  alerting:\n", with: "  alerting:\n    alertmanagers: [\"am-0:9093\", \"am-1:9093\"]\n")
        return [SourceFile(path: "catalog.yaml", contents: text)]
    }

    static func exampleCatalog() -> [SourceFile] {
        Repository.catalog("catalog/example").map {
            SourceFile(path: $0.path, contents: $0.contents.replacingOccurrences(of: "mode: federation", with: "mode: thanos"))
        }
    }

    static func outputs(_ files: [SourceFile]) throws -> [String: String] {
        let result = Pipeline.compile(files)
        try #require(!result.diagnostics.hasErrors, "catalog has errors: \(result.diagnostics.sorted)")
        return Dictionary(uniqueKeysWithValues: result.outputs.map { ($0.path, $0.contents) })
    }

    static func flagList(_ component: String) throws -> Set<String> {
        Set(try RenderTestSupport.fixture("thanos/flags-\(component).txt").split(separator: "\n").map(String.init))
    }

    /// One argument file as the shell's `$(cat file)` splits it: the component, then (flag, value) pairs.
    struct Args {
        var component: String
        var flags: [(name: String, value: String?)]
        func values(_ name: String) -> [String] { flags.filter { $0.name == name }.compactMap(\.value) }
        func has(_ name: String) -> Bool { flags.contains { $0.name == name } }

        init(_ text: String) {
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
            component = words.first ?? ""
            flags = words.dropFirst().map { word in
                guard let eq = word.firstIndex(of: "=") else { return (word, nil) }
                return (String(word[..<eq]), String(word[word.index(after: eq)...]))
            }
        }
    }

    static let booleanFlags: Set<String> = ["--wait"]

    static func isLabelName(_ s: String) -> Bool {
        s.range(of: #"^[a-zA-Z_][a-zA-Z0-9_]*$"#, options: .regularExpression) != nil && !s.hasPrefix("__")
    }

    static func isHostPort(_ s: String) -> Bool {
        guard let colon = s.lastIndex(of: ":"), colon != s.startIndex, let port = Int(s[s.index(after: colon)...]) else { return false }
        return (1...65535).contains(port) && !s[..<colon].contains(where: { $0 == "/" || $0 == " " })
    }

    /// Every problem of one argument file; `outputs` lets rule files be checked to exist.
    static func problems(_ path: String, _ text: String, outputs: [String: String]) throws -> [String] {
        let args = Args(text)
        let known = try flagList(args.component)
        var out: [String] = []
        for (name, value) in args.flags {
            guard name.hasPrefix("--") else {
                out.append("\(path): stray argument \(name)")
                continue
            }
            if !known.contains(name) { out.append("\(path): \(name) is not a flag of `thanos \(args.component)`") }
            if Self.booleanFlags.contains(name) {
                if value != nil { out.append("\(path): \(name) takes no value") }
                continue
            }
            guard let v = value, !v.isEmpty else {
                out.append("\(path): \(name) has no value")
                continue
            }
            let ok: Bool
            switch name {
            case "--objstore.config-file", "--data-dir", "--tsdb.path": ok = v.hasPrefix("/") && !v.contains("{")
            case "--rule-file": ok = outputs[v] != nil
            case "--endpoint", "--query", "--grpc-address": ok = isHostPort(v)
            case "--alertmanagers.url", "--prometheus.url":
                ok = URLComponents(string: v).map { $0.scheme == "http" && $0.host?.isEmpty == false && $0.port != nil } ?? false
            case "--label":
                let parts = v.split(separator: "=", maxSplits: 1).map(String.init)
                ok =
                    parts.count == 2 && isLabelName(parts[0]) && parts[1].count >= 2
                    && parts[1].hasPrefix("\"") && parts[1].hasSuffix("\"") && !parts[1].dropFirst().dropLast().contains("\"")
            case "--query.replica-label", "--alert.label-drop": ok = isLabelName(v)
            case "--eval-interval", "--retention.resolution-raw", "--retention.resolution-5m", "--retention.resolution-1h":
                ok = PromDuration(parsing: v) != nil
            default: ok = false
            }
            if !ok { out.append("\(path): \(name)=\(v) is not well formed (or not a flag this test knows)") }
        }
        let store = args.has("--objstore.config-file")
        var need: [String: Bool] = [:]
        switch args.component {
        case "rule":
            need = [
                "--rule-file": args.has("--rule-file"), "--query": args.has("--query"),
                "--alertmanagers.url": args.has("--alertmanagers.url"), "object store": store,
                "--label": args.has("--label"), "--data-dir": args.has("--data-dir")
            ]
        case "compact":
            need = [
                "object store": store, "--data-dir": args.has("--data-dir"), "--wait": args.has("--wait"),
                "--retention.resolution-raw": args.has("--retention.resolution-raw")
            ]
        case "sidecar":
            need = ["--tsdb.path": args.has("--tsdb.path"), "--prometheus.url": args.has("--prometheus.url"), "object store": store]
        case "store":
            need = ["object store": store, "--data-dir": args.has("--data-dir")]
        case "query":
            need = ["--endpoint": args.has("--endpoint"), "--query.replica-label": args.has("--query.replica-label")]
        default:
            out.append("\(path): unknown component \(args.component)")
        }
        for (what, present) in need.sorted(by: { $0.key < $1.key }) where !present { out.append("\(path): no \(what)") }
        return out
    }

    static func thanosFiles(_ outputs: [String: String]) -> [(String, String)] {
        outputs.filter { $0.key.hasPrefix("thanos/") }.sorted { $0.key < $1.key }
    }

    @Test(
        "every argument file of every Thanos-mode catalog has known, required and well-formed flags",
        arguments: ["hand", "example"])
    func everyFile(catalog: String) throws {
        let outputs = try Self.outputs(catalog == "hand" ? Self.handCatalog() : Self.exampleCatalog())
        let files = Self.thanosFiles(outputs)
        #expect(Set(files.map { Args($0.1).component }) == ["compact", "query", "rule", "sidecar", "store"])
        for (path, text) in files {
            #expect(try Self.problems(path, text, outputs: outputs) == [], "\(path)")
        }
    }

    @Test("the ruler sends alerts to every Alertmanager of the catalog, and stores its blocks in the bucket")
    func rulerDelivers() throws {
        let outputs = try Self.outputs(Self.exampleCatalog())
        let rule = Args(try #require(outputs["thanos/rule.args"]))
        // catalog/example/platform.yaml: alertmanagers ["alertmanager-0.monitoring.svc:9093", "alertmanager-1.monitoring.svc:9093"]
        #expect(rule.values("--alertmanagers.url") == ["http://alertmanager-0.monitoring.svc:9093", "http://alertmanager-1.monitoring.svc:9093"])
        #expect(rule.values("--objstore.config-file") == ["/etc/thanos/objstore.yml"])
        #expect(rule.values("--query") == ["prometheus-global.monitoring.svc:9090"])
        // Its own label, and a replica label that alerts drop so that a pair's notifications are deduplicated.
        #expect(rule.values("--label") == [#"thanos_ruler="acme-ml""#, #"replica="0""#])
        #expect(rule.values("--alert.label-drop") == ["replica"])
    }

    @Test("the querier reaches every shard's sidecar, the store gateway and the ruler, and deduplicates replicas")
    func querierEndpoints() throws {
        let outputs = try Self.outputs(Self.exampleCatalog())
        let query = Args(try #require(outputs["thanos/query.args"]))
        // One sidecar per shard: every prometheus/<region>/shard-<n>/prometheus.yml has one endpoint on its host.
        let shards = outputs.keys.compactMap { path -> String? in
            let p = path.split(separator: "/")
            guard p.count == 4, p[0] == "prometheus", p[2].hasPrefix("shard-"), p[3] == "prometheus.yml" else { return nil }
            return "prometheus-\(p[1])-\(p[2].dropFirst("shard-".count)).monitoring.svc:10901"
        }
        #expect(shards.count >= 3)  // us-east has 2 shards, eu-west at least 1
        let endpoints = query.values("--endpoint")
        #expect(Set(endpoints) == Set(shards + ["thanos-store:10901", "thanos-rule:10901"]))
        #expect(endpoints.count == shards.count + 2)
        #expect(query.values("--query.replica-label") == ["replica"])
    }

    @Test("each tier's compactor reads the tier's bucket, with its own data folder; the shared one reads the shared bucket")
    func compactorPerTier() throws {
        let outputs = try Self.outputs(Self.exampleCatalog())
        for tier in ["gold", "silver", "bronze"] {
            let c = Args(try #require(outputs["thanos/compact-\(tier).args"]))
            #expect(c.values("--objstore.config-file") == ["/etc/thanos/objstore-\(tier).yml"])
            #expect(c.values("--data-dir") == ["/var/thanos/compact-\(tier)"])
        }
        let shared = Args(try #require(outputs["thanos/compact.args"]))
        #expect(shared.values("--objstore.config-file") == ["/etc/thanos/objstore.yml"])
        // The three tiers keep raw 90d/30d/30d: the shared bucket keeps the longest.
        #expect(shared.values("--retention.resolution-raw") == ["90d"])
    }

    @Test("spec.global.thanos moves the buckets, data folder, replica label and addresses")
    func settings() throws {
        let files = Self.handCatalog().map {
            SourceFile(
                path: $0.path,
                contents: $0.contents.replacingOccurrences(
                    of: "retention: 40d}",
                    with: """
                        retention: 40d, thanos: {objstoreConfigFile: /s/bucket.yml, tierObjstoreConfigFile: "/s/{tier}.yml", \
                        dataDir: /d, replicaLabel: prom_replica, storeAddress: "st:1", ruleAddress: "ru:2", sidecarPort: 3}}
                        """))
        }
        let outputs = try Self.outputs(files)
        let rule = Args(try #require(outputs["thanos/rule.args"]))
        #expect(rule.values("--objstore.config-file") == ["/s/bucket.yml"])
        #expect(rule.values("--data-dir") == ["/d/rule"])
        #expect(rule.values("--label").last == #"prom_replica="0""#)
        #expect(rule.values("--grpc-address") == ["0.0.0.0:2"])
        let query = Args(try #require(outputs["thanos/query.args"]))
        #expect(query.values("--query.replica-label") == ["prom_replica"])
        #expect(query.values("--endpoint").contains("p-r1-0:3"))
        #expect(query.values("--endpoint").suffix(2) == ["st:1", "ru:2"])
        #expect(Args(try #require(outputs["thanos/compact-t.args"])).values("--objstore.config-file") == ["/s/t.yml"])
        #expect(Args(try #require(outputs["thanos/store.args"])).values("--grpc-address") == ["0.0.0.0:1"])
        for (path, text) in Self.thanosFiles(outputs) {
            #expect(try Self.problems(path, text, outputs: outputs) == [], "\(path)")
        }
    }

    @Test(
        "Thanos mode without Alertmanagers, or with a tier bucket pattern without {tier}, is an error",
        arguments: [
            ("    alertmanagers: [\"am-0:9093\", \"am-1:9093\"]\n", "", "spec.alerting.alertmanagers"),
            ("retention: 40d}", "retention: 40d, thanos: {tierObjstoreConfigFile: /s/one.yml}}", "{tier}"),
            ("retention: 40d}", "retention: 40d, thanos: {replicaLabel: my-replica}}", "not a Prometheus label name")
        ])
    func errors(change: (String, String, String)) throws {
        let files = Self.handCatalog().map {
            SourceFile(path: $0.path, contents: $0.contents.replacingOccurrences(of: change.0, with: change.1))
        }
        let result = Compiler.check(files)
        let errors = result.diagnostics.sorted.filter { $0.severity == .error }.map(\.message)
        #expect(errors.contains { $0.contains(change.2) }, "\(errors)")
    }
}
