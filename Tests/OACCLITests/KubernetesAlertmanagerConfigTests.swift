import Foundation
import OACTestSupport
import Testing
import Yams

/// `AlertmanagerConfig` per team: the same routing as the team's branch of `alertmanager.yml`, receiver secrets
/// as Secret key references, and only files the operator mounts accepted as secrets.
@Suite("Kubernetes AlertmanagerConfig")
struct KubernetesAlertmanagerConfigTests {
    static func load(_ file: URL) throws -> [String: Any] {
        try #require(try Yams.load(yaml: String(contentsOf: file, encoding: .utf8)) as? [String: Any])
    }

    static func configs() throws -> (tree: URL, docs: [String: [String: Any]]) {
        let tree = try KubernetesTreeTests.compile()
        var docs: [String: [String: Any]] = [:]
        for team in ["ml-platform", "data-eng", "research"] {
            docs[team] = try load(tree.appendingPathComponent("alertmanager/\(team).yaml"))
        }
        return (tree, docs)
    }

    static func matchers(_ list: Any?) -> [String] {
        ((list as? [[String: String]]) ?? []).map { "\($0["name"]!)\($0["matchType"]!)\($0["value"]!)" }
    }

    @Test("every team's route, child routes and receivers are those of alertmanager.yml")
    func sameRouting() throws {
        let (tree, docs) = try Self.configs()
        let plain = try Self.load(tree.deletingLastPathComponent().appendingPathComponent("alertmanager/alertmanager.yml"))
        let routes = try #require((plain["route"] as? [String: Any])?["routes"] as? [[String: Any]])
        for (team, doc) in docs {
            #expect(doc["kind"] as? String == "AlertmanagerConfig" && doc["apiVersion"] as? String == "monitoring.coreos.com/v1alpha1")
            let spec = try #require(doc["spec"] as? [String: Any])
            let route = try #require(spec["route"] as? [String: Any])
            let branch = try #require(routes.first { ($0["matchers"] as? [String]) == ["team=\"\(team)\""] }, "\(team)")
            #expect(Self.matchers(route["matchers"]) == ["team=\(team)"])
            #expect(route["receiver"] as? String == branch["receiver"] as? String, "\(team)")
            let children = try #require(route["routes"] as? [[String: Any]])
            let plainChildren = try #require(branch["routes"] as? [[String: Any]])
            #expect(children.map { Self.matchers($0["matchers"]) } == [["severity=page"], ["severity=ticket"]])
            #expect(children.map { $0["receiver"] as? String } == plainChildren.map { $0["receiver"] as? String }, "\(team)")
            #expect(children.map { $0["repeatInterval"] as? String } == plainChildren.map { $0["repeat_interval"] as? String })
            // A page silences the ticket of the same SLO, within the team.
            let inhibit = try #require((spec["inhibitRules"] as? [[String: Any]])?.first)
            #expect(Self.matchers(inhibit["sourceMatch"]) == ["severity=page", "team=\(team)"])
            #expect(Self.matchers(inhibit["targetMatch"]) == ["severity=ticket", "team=\(team)"])
            #expect(inhibit["equal"] as? [String] == ["service", "slo", "alertname"])
        }
        // Hand count: ml-platform pages only (its tickets page too), data-eng has both, research tickets only.
        #expect((docs["ml-platform"]?["spec"] as? [String: Any]).flatMap { ($0["route"] as? [String: Any])?["receiver"] as? String } == "ml-platform-page")
        #expect((docs["research"]?["spec"] as? [String: Any]).flatMap { ($0["route"] as? [String: Any])?["receiver"] as? String } == "research-ticket")
    }

    @Test("receiver secrets are Secret key references to the files' mounted Secrets, never values")
    func secretReferences() throws {
        let (_, docs) = try Self.configs()
        func receivers(_ team: String) -> [String: [String: Any]] {
            let list = ((docs[team]?["spec"] as? [String: Any])?["receivers"] as? [[String: Any]]) ?? []
            return Dictionary(uniqueKeysWithValues: list.map { ($0["name"] as! String, $0) })
        }
        let pd = try #require((receivers("ml-platform")["ml-platform-page"]?["pagerdutyConfigs"] as? [[String: Any]])?.first)
        #expect(pd["routingKey"] as? [String: String] == ["name": "ml-platform-pagerduty", "key": "routing-key"])
        #expect(pd["severity"] as? String == "critical")
        let slack = try #require((receivers("data-eng")["data-eng-page"]?["slackConfigs"] as? [[String: Any]])?.first)
        #expect(slack["apiURL"] as? [String: String] == ["name": "data-eng-slack", "key": "url"])
        #expect(slack["channel"] as? String == "#data-eng-pages")
        let hook = try #require((receivers("data-eng")["data-eng-ticket"]?["webhookConfigs"] as? [[String: Any]])?.first)
        #expect(hook["url"] as? String == "https://tickets.example.com/alertmanager")
        let auth = (hook["httpConfig"] as? [String: Any])?["authorization"] as? [String: Any]
        #expect(auth?["credentials"] as? [String: String] == ["name": "data-eng-tickets", "key": "token"])
        let mail = try #require((receivers("research")["research-ticket"]?["emailConfigs"] as? [[String: Any]])?.first)
        #expect(mail["to"] as? String == "research-oncall@example.com")
        #expect(mail["smarthost"] as? String == "smtp.example.com:587")
        #expect(mail["authPassword"] as? [String: String] == ["name": "smtp", "key": "password"])
        #expect(mail["requireTLS"] as? Bool == true)
    }

    @Test("only AlertmanagerConfigs carry the alertmanagerConfigs selector's labels")
    func consumerLabels() throws {
        let (tree, docs) = try Self.configs()
        for doc in docs.values {
            let labels = (doc["metadata"] as? [String: Any])?["labels"] as? [String: String]
            #expect(labels?["alertmanager-config"] == "oac" && labels?["release"] == "kube-prometheus-stack")
        }
        let rule = try Self.load(tree.appendingPathComponent("rules/llm-gateway-slo.yaml"))
        #expect(((rule["metadata"] as? [String: Any])?["labels"] as? [String: String])?["alertmanager-config"] == nil)
    }

    @Test("a hostile channel or URL stays one value in the AlertmanagerConfig: nothing is injected")
    func hostileValues() throws {
        let dir = try TestSupport.temporaryDirectory("k8s-am-hostile")
        let source = try String(contentsOf: TestSupport.repoRoot.appendingPathComponent("catalog/kubernetes/catalog.yaml"), encoding: .utf8)
        let channel = "#x\"\n      evil: {{ template \"injected\" }}"
        let text = source.replacingOccurrences(of: "channel: \"#data-eng-pages\"", with: "channel: \"#x\\\"\\n      evil: {{ template \\\"injected\\\" }}\"")
            .replacingOccurrences(of: "url: \"https://tickets.example.com/alertmanager\"", with: "url: \"https://tickets.example.com/a?x=1#'\\n- y\"")
        #expect(text != source)
        try Data(text.utf8).write(to: dir.appendingPathComponent("catalog.yaml"))
        let out = try TestSupport.temporaryDirectory("k8s-am-hostile-out").appendingPathComponent("out")
        let run = try TestSupport.oac(["compile", dir.path, "--out", out.path])
        try #require(run.status == 0, "\(run.stderr)")
        let doc = try Self.load(out.appendingPathComponent("kubernetes/alertmanager/data-eng.yaml"))
        let receivers = try #require((doc["spec"] as? [String: Any])?["receivers"] as? [[String: Any]])
        let slack = try #require((receivers[0]["slackConfigs"] as? [[String: Any]])?.first)
        #expect(slack["channel"] as? String == channel)
        #expect(slack["evil"] == nil && receivers[0]["evil"] == nil)
        let hook = try #require((receivers[1]["webhookConfigs"] as? [[String: Any]])?.first)
        #expect(hook["url"] as? String == "https://tickets.example.com/a?x=1#'\n- y")
    }

    @Test("a receiver secret outside /etc/alertmanager/secrets/<secret>/<key> is a located error with spec.kubernetes")
    func unmountedSecret() throws {
        let dir = try TestSupport.temporaryDirectory("k8s-am")
        let source = try String(contentsOf: TestSupport.repoRoot.appendingPathComponent("catalog/kubernetes/catalog.yaml"), encoding: .utf8)
        let text = source.replacingOccurrences(of: "/etc/alertmanager/secrets/data-eng-slack/url", with: "/run/secrets/slack-url")
        try Data(text.utf8).write(to: dir.appendingPathComponent("catalog.yaml"))
        let run = try TestSupport.oac(["check", dir.path])
        #expect(run.status == 1)
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("/run/secrets/slack-url") }) + 1
        #expect((run.stdout + run.stderr).contains("catalog.yaml:\(line):"), "\(run.stdout)\(run.stderr)")
        #expect(
            (run.stdout + run.stderr).contains("team `data-eng`'s slack receiver reads `/run/secrets/slack-url`, which an AlertmanagerConfig cannot reference"),
            "\(run.stdout)\(run.stderr)")
        // Without AlertmanagerConfigs the file is fine.
        let off = text.replacingOccurrences(of: "    namespace: monitoring\n", with: "    namespace: monitoring\n    alertmanagerConfigs: false\n")
        try Data(off.utf8).write(to: dir.appendingPathComponent("catalog.yaml"))
        let fine = try TestSupport.oac(["check", dir.path])
        #expect(fine.status == 0, "\(fine.stderr)")
    }
}
