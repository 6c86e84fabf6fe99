import Foundation
import OACTestSupport
import Testing
import Yams

/// Opsgenie, Microsoft Teams, Telegram, Discord and Webex receivers: secrets by file only, in `alertmanager.yml`
/// and in the AlertmanagerConfigs, and only on an Alertmanager version that loads them.
/// The versions (Alertmanager CHANGELOG and config code): Opsgenie `api_key_file` 0.24, Webex 0.25, Telegram
/// `bot_token_file` 0.26, Microsoft Teams and Discord `webhook_url_file` alone 0.28. The amtool on the test machine
/// (Debian's, 0.25) checks only what 0.25 loads; the newer kinds are checked by amtool where it is ≥ 0.28.
@Suite("Receiver kinds")
struct ReceiverKindsTests {
    static func catalog(version: String, teams: [(String, String, String)], kubernetes: Bool = false) -> String {
        var text = """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: p}
            spec:
              prometheus: {version: "2.45", scrapeInterval: 30s, evaluationInterval: 30s}
              retentionTiers:
                - {name: std, metrics: {local: 30d}}
              alerting: {owner: \(teams[0].0), alertmanagerVersion: "\(version)"}

            """
        if kubernetes { text += "  kubernetes: {namespace: monitoring, dashboards: {mode: none}}\n" }
        for (name, page, ticket) in teams {
            text += """
                ---
                apiVersion: oac/v1
                kind: Team
                metadata: {name: \(name)}
                spec:
                  page: \(page)
                  ticket: \(ticket)

                """
        }
        return text
    }

    static func compile(_ text: String) throws -> (run: TestSupport.Run, out: URL, text: String) {
        let dir = try TestSupport.temporaryDirectory("receivers")
        let catalog = dir.appendingPathComponent("catalog")
        try FileManager.default.createDirectory(at: catalog, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: catalog.appendingPathComponent("catalog.yaml"))
        let out = dir.appendingPathComponent("out")
        return (try TestSupport.oac(["compile", catalog.path, "--out", out.path]), out, text)
    }

    static func receivers(_ out: URL) throws -> [String: [String: Any]] {
        let text = try String(contentsOf: out.appendingPathComponent("alertmanager/alertmanager.yml"), encoding: .utf8)
        let doc = try #require(try Yams.load(yaml: text) as? [String: Any])
        let list = try #require(doc["receivers"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["name"] as! String, $0) })
    }

    static let s = "/etc/alertmanager/secrets"
    static let new = [
        ("chat", "{telegram: {botTokenFile: \(s)/tg/token, chatID: -1001234567890}}", "{msteams: {webhookURLFile: \(s)/teams/url}}"),
        ("games", "{discord: {webhookURLFile: \(s)/discord/url}}", "{webex: {roomID: \"Y2lzY29zcGFyazovL3VzL1JPT00v\", botTokenFile: \(s)/webex/token}}"),
        ("ops", "{opsgenie: {apiKeyFile: \(s)/opsgenie/key}}", "{webex: {roomID: room-1, botTokenFile: \(s)/webex/token}}")
    ]

    @Test("Opsgenie and Webex on Alertmanager 0.25: the file-based keys, and amtool accepts the config", .requires(.amtool))
    func opsgenieWebex() throws {
        let (run, out, _) = try Self.compile(Self.catalog(version: "0.25", teams: [Self.new[2]]))
        try #require(run.status == 0, "\(run.stderr)")
        let r = try Self.receivers(out)
        let og = try #require((r["ops-page"]?["opsgenie_configs"] as? [[String: Any]])?.first)
        #expect(og["api_key_file"] as? String == "\(Self.s)/opsgenie/key" && og["priority"] as? String == "P1" && og["api_key"] == nil)
        let wx = try #require((r["ops-ticket"]?["webex_configs"] as? [[String: Any]])?.first)
        #expect(wx["room_id"] as? String == "room-1")
        #expect(((wx["http_config"] as? [String: Any])?["authorization"] as? [String: String])?["credentials_file"] == "\(Self.s)/webex/token")
        let amtool = try ExternalTool.amtool.require()
        let check = try TestSupport.run(amtool, ["check-config", out.appendingPathComponent("alertmanager/alertmanager.yml").path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test("Telegram, Microsoft Teams and Discord on Alertmanager 0.28: the secrets are files, never values")
    func newerKinds() throws {
        let (run, out, _) = try Self.compile(Self.catalog(version: "0.28", teams: Array(Self.new[0...1])))
        try #require(run.status == 0, "\(run.stderr)")
        let r = try Self.receivers(out)
        let tg = try #require((r["chat-page"]?["telegram_configs"] as? [[String: Any]])?.first)
        #expect(tg["bot_token_file"] as? String == "\(Self.s)/tg/token" && tg["chat_id"] as? Int == -1_001_234_567_890 && tg["bot_token"] == nil)
        let teams = try #require((r["chat-ticket"]?["msteams_configs"] as? [[String: Any]])?.first)
        #expect(teams["webhook_url_file"] as? String == "\(Self.s)/teams/url" && teams["webhook_url"] == nil)
        let dc = try #require((r["games-page"]?["discord_configs"] as? [[String: Any]])?.first)
        #expect(dc["webhook_url_file"] as? String == "\(Self.s)/discord/url" && dc["webhook_url"] == nil)
        // amtool checks them where it is new enough to know them.
        if let amtool = ExternalTool.amtool.url, let version = try? TestSupport.run(amtool, ["--version"]),
            let m = (version.stdout + version.stderr).firstMatch(of: /version 0\.(\d+)/), let minor = Int(m.1), minor >= 28
        {
            let check = try TestSupport.run(amtool, ["check-config", out.appendingPathComponent("alertmanager/alertmanager.yml").path])
            #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        } else {
            print("SKIPPED amtool check of Telegram/Teams/Discord: the amtool here is older than 0.28")
        }
    }

    @Test("a receiver the declared Alertmanager cannot load is an error at the receiver, naming the version")
    func versionCheck() throws {
        let (run, out, text) = try Self.compile(Self.catalog(version: "0.25", teams: Array(Self.new[0...1])))
        #expect(run.status == 1)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (needle, kind, version) in [("telegram:", "telegram", "0.26"), ("msteams:", "msteams", "0.28"), ("discord:", "discord", "0.28")] {
            let line = try #require(lines.firstIndex { $0.contains(needle) }) + 1
            #expect(run.stderr.contains("catalog.yaml:\(line):"), "\(kind): \(run.stderr)")
            #expect(run.stderr.contains("\(kind) receiver needs Alertmanager \(version) or newer; the platform targets 0.25"), "\(run.stderr)")
        }
        #expect(!run.stderr.contains("webex receiver needs"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("an inline token, key or webhook URL is an inline-secret error")
    func inlineRefused() throws {
        let (run, _, _) = try Self.compile(
            Self.catalog(
                version: "0.28",
                teams: [
                    ("chat", "{telegram: {botToken: \"123:abc\", chatID: 1}}", "{msteams: {webhookURL: \"https://example.webhook.office.com/x\"}}"),
                    ("ops", "{opsgenie: {apiKey: k}}", "{discord: {webhookURL: \"https://discord.com/api/webhooks/1/x\"}}")
                ]))
        #expect(run.status == 1)
        for key in ["telegram.botToken", "msteams.webhookURL", "opsgenie.apiKey", "discord.webhookURL"] {
            #expect(run.stderr.contains("`.\(key)` writes a secret inline") || run.stderr.contains("\(key)` writes a secret inline"), "\(key): \(run.stderr)")
        }
        #expect(!run.stderr.contains("123:abc"), "a secret is printed back")
    }

    @Test("every new kind in an AlertmanagerConfig validates against the CRD, secrets as Secret keys", .requires(.python3))
    func alertmanagerConfigs() throws {
        let (run, out, _) = try Self.compile(Self.catalog(version: "0.28", teams: Self.new, kubernetes: true))
        try #require(run.status == 0, "\(run.stderr)")
        let dir = out.appendingPathComponent("kubernetes/alertmanager")
        let chat = try #require(try Yams.load(yaml: String(contentsOf: dir.appendingPathComponent("chat.yaml"), encoding: .utf8)) as? [String: Any])
        let receivers = ((chat["spec"] as? [String: Any])?["receivers"] as? [[String: Any]]) ?? []
        let tg = try #require((receivers.first?["telegramConfigs"] as? [[String: Any]])?.first)
        #expect(tg["botToken"] as? [String: String] == ["name": "tg", "key": "token"] && tg["chatID"] as? Int == -1_001_234_567_890)
        guard let check = try KubernetesTreeTests.validate(dir) else { return }
        #expect(check.status == 0 && check.stdout.contains("3 objects checked, 0 problems"), "\(check.stdout)\(check.stderr)")
    }
}
