import Foundation
import OACCatalog
import OACCompiler
import OACModel
@testable import OACRender
import OACSynthetic
import Testing

/// `JSONWriter` (dashboards, model.json, cost/estimate.json) writes exactly what Foundation's JSONEncoder
/// writes for the same values' `Encodable` form with oac's options: the `Encodable` conformances are the
/// reference, these tests the proof.
@Suite("JSON writer")
struct JSONWriterTests {
    static let hostile = PrettyJSONEncoderTests.hostile
    /// Every ASCII control character, then text around them.
    static let controls = String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self) + "\u{7F}\"\\/"

    func assertSame<T: Encodable & JSONWritable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) {
        let written = StableJSON.text(value)
        let reference = StableJSON.encodeWithFoundation(value)
        #expect(written == reference, sourceLocation: sourceLocation)
        if written != reference {
            let a = written.split(separator: "\n", omittingEmptySubsequences: false)
            let b = reference.split(separator: "\n", omittingEmptySubsequences: false)
            let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record("first difference at line \(i + 1): \(i < a.count ? String(a[i]) : "<end>") | JSONEncoder: \(i < b.count ? String(b[i]) : "<end>")",
                         sourceLocation: sourceLocation)
        }
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

    /// Model, cost estimate and every dashboard of a model.
    func assertAllOutputsSame(_ model: Model, sourceLocation: SourceLocation = #_sourceLocation) {
        assertSame(model, sourceLocation: sourceLocation)
        assertSame(CostEstimate.estimate(model), sourceLocation: sourceLocation)
        for (_, dashboard) in GrafanaRenderer.dashboards(model) { assertSame(dashboard, sourceLocation: sourceLocation) }
    }

    // MARK: - Catalogs

    @Test("model.json, the cost estimate and every dashboard of the example catalog match JSONEncoder")
    func exampleCatalog() throws {
        let model = try Self.exampleModel()
        #expect(!model.incidents.isEmpty)
        #expect(GrafanaRenderer.dashboards(model).count > 5)
        assertAllOutputsSame(model)
    }

    @Test("model.json, the cost estimate and every dashboard of a synthetic catalog match JSONEncoder")
    func syntheticCatalog() throws {
        let files = SyntheticCatalog(services: 60).files().map { SourceFile(path: $0.name, contents: $0.contents) }
        let model = try Self.model(files)
        #expect(model.services.count == 60)
        assertAllOutputsSame(model)
    }

    @Test("the files the renderers write are the JSONEncoder text")
    func renderedFiles() throws {
        let model = try Self.exampleModel()
        #expect(ModelJSONRenderer.render(model).contents == StableJSON.encodeWithFoundation(model))
        let estimate = CostEstimate.estimate(model)
        let cost = try #require(CostRenderer.render(estimate).first { $0.path == Conventions.costJSONFile })
        #expect(cost.contents == StableJSON.encodeWithFoundation(estimate))
        let expected = Dictionary(uniqueKeysWithValues: GrafanaRenderer.dashboards(model).map {
            ($0.path, StableJSON.encodeWithFoundation($0.dashboard))
        })
        let jobs = RenderJob.runAll(GrafanaRenderer.jobs(model)).filter { $0.path.hasSuffix(".json") }
        #expect(jobs.count == expected.count)
        for file in jobs { #expect(file.contents == expected[file.path], "\(file.path)") }
    }

    // MARK: - Every optional and every enum case

    @Test("every optional field set and unset, every enum case, hostile text everywhere: match JSONEncoder")
    func everyShape() throws {
        var model = try Self.exampleModel()
        let hostile = Self.hostile
        let receivers: [Receiver?] = [
            nil, .pagerduty(routingKeyFile: hostile), .slack(channel: "#a", apiURLFile: nil), .slack(channel: hostile, apiURLFile: "/f"),
            .email(to: "a@b.c"), .webhook(url: nil, urlFile: nil, bearerTokenFile: nil), .webhook(url: "http://x/", urlFile: "/u", bearerTokenFile: "/t"),
        ]
        for (i, r) in receivers.enumerated() {
            model.teams[i % model.teams.count].page = r
            model.teams[(i + 1) % model.teams.count].ticket = r
            model.teams[i % model.teams.count].description = i.isMultiple(of: 2) ? nil : hostile
            assertSame(model.teams)
        }
        let targets: [Targets] = [.none, .static([]), .static(["a:1", hostile]), .file(hostile), .kubernetes(namespace: nil, selector: nil),
                                  .kubernetes(namespace: "ns", selector: "app=x")]
        for t in targets {
            model.services[0].targets = t
            assertSame(model.services[0])
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
        model.services[a].logs = [LogStream(selector: hostile, volumePerDay: ByteSize(bytes: 1_500_000_000), retention: nil),
                                  LogStream(selector: "{a=\"b\"}", volumePerDay: ByteSize(bytes: 0), retention: .days(7))]
        model.services[a].slos[0].sli = .eventQueries(EventQueriesSLI(counting: .good, query: hostile, total: "sum(x[$window])"))
        model.services[b].slos[0].sli = .threshold(ThresholdSLI(query: hostile, op: .lessOrEqual, value: ExactDecimal("0.005")!))
        model.platform.global = nil
        assertSame(model.platform)
        model.platform.global = GlobalSettings(mode: .thanos, address: hostile, retention: .days(400))
        model.platform.regions.append(Region(name: hostile, shards: .auto, address: nil))
        model.platform.regions.append(Region(name: "fixed", shards: .fixed(3), address: "p-{shard}:9090"))
        model.platform.retentionTiers.append(RetentionTier(name: "none", description: nil, local: .days(1), raw: nil,
                                                          downsampled5m: nil, downsampled1h: nil, logs: nil))
        model.platform.retentionTiers.append(RetentionTier(name: "all", description: hostile, local: .hours(36), raw: .days(90),
                                                          downsampled5m: .days(180), downsampled1h: .days(730), logs: PromDuration(milliseconds: 1500)))
        model.platform.alerting.smtp = SMTPSettings(smarthost: "smtp:25", from: hostile, authUsername: nil, authPasswordFile: nil, requireTLS: true)
        model.platform.alerting.owner = nil
        model.platform.alerting.burnRateTableName = hostile
        model.platform.alerting.alertmanagers = []
        model.platform.grafana = GrafanaSettings(url: nil)
        model.platform.prometheus.retention = .days(15)
        assertSame(model.platform)
        model.platform.alerting.smtp = SMTPSettings(smarthost: "smtp:25", from: "a@b", authUsername: "u", authPasswordFile: "/p", requireTLS: false)
        model.platform.grafana = GrafanaSettings(url: "https://grafana.example/")
        model.incidents.append(Incident(id: "INC-\(hostile)", title: hostile, services: [], severity: .sev1,
                                        started: Date(timeIntervalSince1970: 1_700_000_000), detected: nil, acknowledged: nil,
                                        mitigated: nil, resolved: nil, postmortem: Postmortem(status: .none, url: nil),
                                        actionItems: [ActionItem(title: hostile, owner: nil, due: nil, priority: nil, status: "open")]))
        model.incidents.append(Incident(id: "INC-2", title: "t", services: ["a"], severity: .sev4,
                                        started: Date(timeIntervalSince1970: 1_700_000_000), detected: Date(timeIntervalSince1970: 1_700_000_060),
                                        acknowledged: Date(timeIntervalSince1970: 1_700_000_120), mitigated: Date(timeIntervalSince1970: 1_700_003_600),
                                        resolved: Date(timeIntervalSince1970: 1_700_007_200), postmortem: Postmortem(status: .published, url: hostile),
                                        actionItems: [ActionItem(title: "x", owner: "o", due: "2026-01-01", priority: "P1", status: "done")]))
        assertAllOutputsSame(model)
    }

    @Test("hostile text in dashboards: control characters, quotes, backslashes, slashes, non-ASCII, emoji, U+2028")
    func hostileDashboard() throws {
        for text in [Self.hostile, Self.controls, "", " ", "\u{2028}\u{2029}", "😀👩‍👩‍👧", "a/b//c", "\\\"", "é"] {
            var panel = GrafanaPanel(type: .text, title: text, description: text, options: .text(TextOptions(content: text)),
                                     transformations: [.organize(hiding: [text, "b"], order: [text, "a", "B"])])
            panel.fieldConfig = FieldConfigSource(defaults: FieldDefaults(
                unit: text, noValue: text, color: .fixed(text),
                mappings: [ValueMapping([("1", text, "green"), (text, "down", "red")])]))
            var dashboard = GrafanaDashboard(uid: text, title: text, description: text, tags: [text], panels: [panel, .row(text)],
                                             templating: Templating(list: [.datasource, .region(from: text)]),
                                             annotations: Annotations(list: [.builtIn, .alerts(text, expr: text, color: text)]),
                                             links: [.dashboard(text, uid: text, tooltip: text), .tagged(text, tags: [text], tooltip: text)])
            assertSame(dashboard)
            dashboard.description = nil
            dashboard.panels = []
            dashboard.links = []
            assertSame(dashboard)
        }
    }

    // MARK: - Numbers and containers

    @Test("every number kind: Int and Int64 extremes, exact decimals (fractional thresholds), Decimal")
    func numbers() throws {
        let ints = [0, 1, -1, 9, 10, 99, 100, 12345, -98765, Int.max, Int.min, Int(Int32.max) + 1]
        assertSame(ints)
        assertSame(ints.map(Int64.init))
        let texts = ["0", "-0", "1", "-1", "0.1", "0.999", "0.9995", "99.9", "99.95", "14.4", "6", "0.001", "1e-12", "0.000001",
                     "100", "1e3", "1e21", "6.50", "0.10", "123456789012345678901234567890", "12345678901234567890.123456789",
                     "-0.005", "1.3", "2.5"]
        let decimals = try texts.map { try #require(ExactDecimal($0)) }
        assertSame(decimals)
        assertSame(decimals.map(\.value))
        // Arithmetic results carry exponents and lengths literals do not.
        assertSame(decimals.map { ExactDecimal($0.value * 3 / 7) })
        assertSame(Thresholds(base: "green", decimals.map { ($0, "red") }))
        assertSame(FieldDefaults(unit: "percentunit", decimals: 3, min: ExactDecimal("0.95")!, max: 1))
        assertSame(TimeSeriesFieldConfig(thresholdsStyle: "dashed", axisLabel: "x", axisSoftMin: ExactDecimal("-0.5")!,
                                         axisSoftMax: ExactDecimal("14.4")!))
        assertSame([GridPos(x: 0, y: Int.max, w: -3, h: 0)])
    }

    @Test("empty, nested and keyed containers, keys of dictionaries in UTF-8 order")
    func containers() throws {
        assertSame([String]())
        assertSame([[String]]())
        assertSame([[], ["a"], []] as [[String]])
        assertSame([String: Int]())
        assertSame(["zeta": 1, "Alpha": 2, "alpha": 3, "é": 4, "z": 5, "10": 6, "9": 7, "": 8, "a\u{0}": 9])
        assertSame(["b": [String: Bool](), "a": ["x": true, "X": false]])
        assertSame(Transformation.organize(hiding: [], order: []))
        assertSame(Transformation.organize(hiding: ["Time", "__name__", "job"], order: ["slo", "Service", "objective"]))
        assertSame(ValueMapping([]))
        assertSame(Thresholds(base: "text", []))
        assertSame(ThresholdStep(value: nil, color: "green"))
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
