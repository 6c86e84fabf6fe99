import Foundation
import OACCatalog
import OACCompiler
import OACModel
import OACOutput
import OACPromQL
import OACSupport
import OACSynthetic
import Testing

@testable import OACRender

/// `JSONWriter` writes every JSON file oac makes (dashboards, model.json, cost/estimate.json, summary.json,
/// snapshots, lint JSON). Each type declares its JSON form once (`JSONWritable`); the oracles here are
/// hand-written expected text for small values, JSONSerialization reading the text back (hostile text must
/// come back unchanged), and the goldens (Tests/OACCLITests/Golden, Tests/OACRenderTests/Golden), which hold
/// the exact bytes of whole files. Debug builds (the tests) also check that every object's keys come in
/// UTF-8 order.
@Suite("JSON writer")
struct JSONWriterTests {
    static let hostile =
        "quote \" backslash \\ slash / newline \n tab \t cr \r bell \u{07} nul \u{00} esc \u{1B} "
        + "del \u{7F} c1 \u{85} ls \u{2028} bom \u{FEFF} é 日本 😀 {{ }} </script>"
    /// Every ASCII control character, then text around them.
    static let controls = String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self) + "\u{7F}\"\\/"

    /// The value read back by JSONSerialization from what the writer wrote (fragments allowed).
    static func readBack<T: JSONWritable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws -> Any {
        let text = StableJSON.text(value)
        #expect(text.hasSuffix("\n"), sourceLocation: sourceLocation)
        return try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    /// Every string in a JSON value (keys and values), depth first.
    static func strings(_ object: Any) -> [String] {
        switch object {
        case let s as String: return [s]
        case let a as [Any]: return a.flatMap(strings)
        case let d as [String: Any]: return d.flatMap { [$0.key] + strings($0.value) }
        default: return []
        }
    }

    /// The text parses, and `text` reads back unchanged somewhere in it.
    func assertReadsBack<T: JSONWritable>(
        _ value: T, holding text: String = JSONWriterTests.hostile,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let object = try Self.readBack(value, sourceLocation: sourceLocation)
        #expect(
            Self.strings(object).contains { $0 == text || (!text.isEmpty && $0.contains(text)) }, "\(text.debugDescription) did not read back",
            sourceLocation: sourceLocation)
    }

    static func model(_ files: [SourceFile]) throws -> Model {
        let result = Compiler.check(files)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        return try #require(result.model)
    }

    static func exampleModel() throws -> Model {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("catalog/example")
        let walker = FileManager.default.enumerator(atPath: root.path)
        var files: [SourceFile] = []
        while let rel = walker?.nextObject() as? String {
            guard rel.hasSuffix(".yaml") else { continue }
            files.append(SourceFile(path: rel, contents: try String(contentsOf: root.appendingPathComponent(rel), encoding: .utf8)))
        }
        return try model(files)
    }

    /// Model, cost estimate and every dashboard of a model: each parses as JSON.
    func assertAllOutputsParse(_ model: Model, sourceLocation: SourceLocation = #_sourceLocation) throws {
        _ = try Self.readBack(model, sourceLocation: sourceLocation)
        _ = try Self.readBack(CostEstimate.estimate(model), sourceLocation: sourceLocation)
        for (_, dashboard) in GrafanaRenderer.dashboards(model) { _ = try Self.readBack(dashboard, sourceLocation: sourceLocation) }
    }

    // MARK: - Catalogs

    @Test("model.json, the cost estimate and every dashboard of a synthetic catalog parse, keys in order")
    func syntheticCatalog() throws {
        let files = SyntheticCatalog(services: 60).files().map { SourceFile(path: $0.name, contents: $0.contents) }
        let model = try Self.model(files)
        #expect(model.services.count == 60)
        try assertAllOutputsParse(model)
    }

    @Test("the files the renderers write are the writer's text of the values they render")
    func renderedFiles() throws {
        let model = try Self.exampleModel()
        let input = RenderInput(model)
        #expect(ModelJSONRenderer.render(input).map(\.contents) == [StableJSON.text(model)])
        let cost = try #require(CostRenderer.render(input).first { $0.path == Conventions.costJSONFile })
        #expect(cost.contents == StableJSON.text(input.estimate.value))
        let expected = Dictionary(
            uniqueKeysWithValues: GrafanaRenderer.dashboards(model).map {
                ($0.path, StableJSON.text($0.dashboard))
            })
        let files = GrafanaRenderer.render(input).filter { $0.path.hasSuffix(".json") }
        #expect(files.count == expected.count && files.count > 5)
        for file in files { #expect(file.contents == expected[file.path], "\(file.path)") }
    }

    // MARK: - Every optional and every enum case

    @Test("every optional field set and unset, every enum case, hostile text everywhere: the JSON reads back")
    func everyShape() throws {
        var model = try Self.exampleModel()
        let hostile = Self.hostile
        let receivers: [Receiver?] = [
            nil, .pagerduty(routingKeyFile: hostile), .slack(channel: "#a", apiURLFile: nil), .slack(channel: hostile, apiURLFile: "/f"),
            .email(to: "a@b.c"), .webhook(url: nil, urlFile: nil, bearerTokenFile: nil), .webhook(url: "http://x/", urlFile: "/u", bearerTokenFile: "/t")
        ]
        for (i, r) in receivers.enumerated() {
            model.teams[i % model.teams.count].page = r
            model.teams[(i + 1) % model.teams.count].ticket = r
            model.teams[i % model.teams.count].description = i.isMultiple(of: 2) ? nil : hostile
            _ = try Self.readBack(model.teams)
        }
        let targets: [Targets] = [
            .none, .static([]), .static(["a:1", hostile]), .file(hostile), .kubernetes(namespace: nil, selector: nil),
            .kubernetes(namespace: "ns", selector: "app=x")
        ]
        for t in targets {
            model.services[0].targets = t
            _ = try Self.readBack(model.services[0])
        }
        let withSLOs = model.services.indices.filter { !model.services[$0].slos.isEmpty && !model.services[$0].metrics.isEmpty }
        try #require(withSLOs.count >= 2)
        let (a, b) = (withSLOs[0], withSLOs[1])
        model.services[a].description = hostile
        model.services[a].runbook = "https://wiki/\(hostile)"
        model.services[b].description = nil
        model.services[b].runbook = nil
        model.services[a].slos[0].description = hostile
        model.services[a].slos[0].calendar = .quarter
        model.services[a].slos[0].alerting.labels = [KeyValue(hostile, hostile)]
        model.services[a].metrics[0].help = hostile
        model.services[a].logs = [
            LogStream(selector: hostile, volumePerDay: ByteSize(bytes: 1_500_000_000), retention: nil),
            LogStream(selector: "{a=\"b\"}", volumePerDay: ByteSize(bytes: 0), retention: .days(7))
        ]
        model.services[a].slos[0].sli = .eventQueries(EventQueriesSLI(counting: .good, query: hostile, total: "sum(x[$window])"))
        model.services[b].slos[0].sli = .threshold(ThresholdSLI(query: hostile, op: .lessOrEqual, value: ExactDecimal("0.005")!))
        model.platform.global = nil
        _ = try Self.readBack(model.platform)
        model.platform.global = GlobalSettings(mode: .thanos, address: hostile, retention: .days(400))
        model.platform.regions.append(Region(name: hostile, shards: .auto, address: nil))
        model.platform.regions.append(Region(name: "fixed", shards: .fixed(3), address: "p-{shard}:9090"))
        model.platform.retentionTiers.append(
            RetentionTier(
                name: "none", description: nil, local: .days(1), raw: nil,
                downsampled5m: nil, downsampled1h: nil, logs: nil))
        model.platform.retentionTiers.append(
            RetentionTier(
                name: "all", description: hostile, local: .hours(36), raw: .days(90),
                downsampled5m: .days(180), downsampled1h: .days(730), logs: PromDuration(milliseconds: 1500)))
        model.platform.alerting.smtp = SMTPSettings(smarthost: "smtp:25", from: hostile, authUsername: nil, authPasswordFile: nil, requireTLS: true)
        model.platform.alerting.owner = nil
        model.platform.alerting.burnRateTableName = hostile
        model.platform.alerting.alertmanagers = []
        model.platform.grafana = GrafanaSettings(url: nil)
        model.platform.prometheus.retention = .days(15)
        try assertReadsBack(model.platform)
        model.platform.alerting.smtp = SMTPSettings(smarthost: "smtp:25", from: "a@b", authUsername: "u", authPasswordFile: "/p", requireTLS: false)
        model.platform.grafana = GrafanaSettings(url: "https://grafana.example/")
        model.incidents.append(
            Incident(
                id: "INC-\(hostile)", title: hostile, services: [], severity: .sev1,
                started: Date(timeIntervalSince1970: 1_700_000_000), detected: nil, acknowledged: nil,
                mitigated: nil, resolved: nil, postmortem: Postmortem(status: .none, url: nil),
                actionItems: [ActionItem(title: hostile, owner: nil, due: nil, priority: nil, status: "open")]))
        model.incidents.append(
            Incident(
                id: "INC-2", title: "t", services: ["a"], severity: .sev4,
                started: Date(timeIntervalSince1970: 1_700_000_000), detected: Date(timeIntervalSince1970: 1_700_000_060),
                acknowledged: Date(timeIntervalSince1970: 1_700_000_120), mitigated: Date(timeIntervalSince1970: 1_700_003_600),
                resolved: Date(timeIntervalSince1970: 1_700_007_200), postmortem: Postmortem(status: .published, url: hostile),
                actionItems: [ActionItem(title: "x", owner: "o", due: "2026-01-01", priority: "P1", status: "done")]))
        try assertReadsBack(model)
        try assertReadsBack(model.services[a])
        _ = try Self.readBack(CostEstimate.estimate(model))
        for (_, dashboard) in GrafanaRenderer.dashboards(model) { _ = try Self.readBack(dashboard) }
    }

    @Test("hostile text in dashboards: control characters, quotes, backslashes, slashes, non-ASCII, emoji, U+2028")
    func hostileDashboard() throws {
        for text in [Self.hostile, Self.controls, "", " ", "\u{2028}\u{2029}", "😀👩‍👩‍👧", "a/b//c", "\\\"", "é"] {
            var panel = GrafanaPanel(
                type: .text, title: text, description: text, options: .text(TextOptions(content: text)),
                transformations: [.organize(hiding: [text, "b"], order: [text, "a", "B"])])
            panel.fieldConfig = FieldConfigSource(
                defaults: FieldDefaults(
                    unit: text, noValue: text, color: .fixed(text),
                    mappings: [ValueMapping([("1", text, "green"), (text, "down", "red")])]))
            var dashboard = GrafanaDashboard(
                uid: text, title: text, description: text, tags: [text], panels: [panel, .row(text)],
                templating: Templating(list: [.datasource, .region(from: text)]),
                annotations: Annotations(list: [.builtIn, .alerts(text, expr: text, color: text)]),
                links: [.dashboard(text, uid: text, tooltip: text), .tagged(text, tags: [text], tooltip: text)])
            try assertReadsBack(dashboard, holding: text)
            dashboard.description = nil
            dashboard.panels = []
            dashboard.links = []
            try assertReadsBack(dashboard, holding: text)
        }
    }

    // MARK: - Text, numbers and containers (hand-written expected JSON)

    @Test("strings escape quotes, backslashes and control characters only, as JSONEncoder did; slashes and Unicode stay")
    func strings() throws {
        #expect(StableJSON.text("a\"b\\c/d\n\t\r\u{8}\u{C}\u{1}\u{1F}\u{7F}é\u{2028}😀") == "\"a\\\"b\\\\c/d\\n\\t\\r\\b\\f\\u0001\\u001f\u{7F}é\u{2028}😀\"\n")
        #expect(StableJSON.text("") == "\"\"\n")
        // Long text takes the eight-bytes-at-a-time path: the escape in the middle and at the end is still found.
        let long = String(repeating: "abcdefgh", count: 5)
        #expect(StableJSON.text(long + "\"" + long + "\n") == "\"\(long)\\\"\(long)\\n\"\n")
        for text in [Self.hostile, Self.controls, " ", "\u{2028}\u{2029}", "😀👩‍👩‍👧", "a/b//c", "\\\"", "é", long] {
            #expect(try Self.readBack([text: [text]]) as? [String: [String]] == [text: [text]])
        }
    }

    @Test("numbers: integer extremes, exact decimals as written, doubles without a trailing .0, null when not finite")
    func numbers() throws {
        #expect(StableJSON.text([0, 1, -1, Int.max, Int.min]) == "[\n  0,\n  1,\n  -1,\n  9223372036854775807,\n  -9223372036854775808\n]\n")
        #expect(StableJSON.text([Int64.max, Int64.min]) == "[\n  9223372036854775807,\n  -9223372036854775808\n]\n")
        let decimals = try ["0.1", "99.95", "14.4", "6.50", "1e3", "0.001", "-0.005", "123456789012345678901234567890"]
            .map { try #require(ExactDecimal($0)) }
        #expect(StableJSON.text(decimals) == "[\n  0.1,\n  99.95,\n  14.4,\n  6.5,\n  1000,\n  0.001,\n  -0.005,\n  123456789012345678901234567890\n]\n")
        #expect(
            StableJSON.text([0.5, 12.0, -2.5, 123_456.789, 1e21, Double.nan, -Double.infinity])
                == "[\n  0.5,\n  12,\n  -2.5,\n  123456.789,\n  1e+21,\n  null,\n  null\n]\n")
        #expect(StableJSON.text(true) == "true\n")
    }

    struct Optionals: JSONWritable {
        var absent: Int?
        var kept: String?
        var present: Int?
        func write(to json: inout JSONWriter) {
            json.object {
                $0.field("absent", absent)
                $0.field("kept", orNull: kept)
                $0.field("present", present)
            }
        }
    }

    @Test("empty and nested containers, dictionary keys in UTF-8 byte order, nil fields left out or null")
    func containers() throws {
        #expect(StableJSON.text([String]()) == "[\n\n]\n")
        #expect(StableJSON.text([String: Int]()) == "{\n\n}\n")
        #expect(StableJSON.text([[], ["a"]] as [[String]]) == "[\n  [\n\n  ],\n  [\n    \"a\"\n  ]\n]\n")
        #expect(
            StableJSON.text(["zeta": 1, "Alpha": 2, "alpha": 3, "é": 4, "10": 5, "9": 6, "": 7])
                == "{\n  \"\" : 7,\n  \"10\" : 5,\n  \"9\" : 6,\n  \"Alpha\" : 2,\n  \"alpha\" : 3,\n  \"zeta\" : 1,\n  \"é\" : 4\n}\n")
        #expect(StableJSON.text(["b": [String: Bool](), "a": ["x": true]]) == "{\n  \"a\" : {\n    \"x\" : true\n  },\n  \"b\" : {\n\n  }\n}\n")
        #expect(StableJSON.text(Optionals(absent: nil, kept: nil, present: 3)) == "{\n  \"kept\" : null,\n  \"present\" : 3\n}\n")
        #expect(StableJSON.text(Optionals(absent: 1, kept: "k", present: nil)) == "{\n  \"absent\" : 1,\n  \"kept\" : \"k\"\n}\n")
        #expect(StableJSON.text(ThresholdStep(value: nil, color: "green")) == "{\n  \"color\" : \"green\",\n  \"value\" : null\n}\n")
    }

    // MARK: - Output files

    @Test("a file made from bytes equals, hashes and reads as the file made from the same text")
    func outputFileBytes() {
        let text = "{\n  \"a\" : \"\(Self.hostile)\"\n}\n"
        let fromText = OutputFile(path: "p.json", contents: text)
        let fromBytes = OutputFile(path: "p.json", utf8: Array(text.utf8))
        #expect(fromBytes.contents == text)
        #expect(fromBytes == fromText)
        #expect(fromBytes.hashValue == fromText.hashValue)
        #expect(SHA256.hex(fromBytes) == SHA256.hex(text))
        #expect(fromBytes.withUTF8 { Array($0) } == Array(text.utf8))
        #expect(fromBytes != OutputFile(path: "q.json", utf8: Array(text.utf8)))
        #expect(fromBytes != OutputFile(path: "p.json", contents: text + " "))
        var edited = fromBytes
        edited.contents = "x"
        #expect(edited.withUTF8 { Array($0) } == Array("x".utf8))
    }
}
