import Foundation
import OACDiagnostics
import Testing

@testable import OACCatalog
@testable import OACModel

@Suite("Catalog loader")
struct CatalogLoaderTests {
    func load(_ text: String, file: String = "c.yaml") -> (Catalog, [Diagnostic]) {
        let (c, d) = CatalogLoader.load([SourceFile(path: file, contents: text)])
        return (c, d.sorted)
    }

    @Test("several documents of every kind load from one file")
    func multipleDocuments() {
        let (c, d) = load(
            """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: p}
            spec:
              retentionTiers: [{name: gold, metrics: {local: 15d}}]
            ---
            apiVersion: oac/v1
            kind: Team
            metadata: {name: t}
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: s}
            spec: {owner: t, tier: gold}
            ---
            apiVersion: oac/v1
            kind: IncidentLog
            incidents:
              - {id: INC-1, title: x, services: [s], severity: P2, started: 2026-08-14T14:00:00Z,
                 detected: 2026-08-14T14:05:00Z, resolved: 2026-08-14T15:00:00Z}
            """)
        #expect(d.isEmpty)
        #expect(c.platforms.count == 1 && c.teams.count == 1 && c.services.count == 1 && c.incidentLogs.count == 1)
        #expect(c.incidentLogs[0].incidents[0].started?.value == Date(timeIntervalSince1970: 1_786_716_000))
    }

    @Test("an unknown key is reported at its line and column with a did-you-mean hint")
    func unknownKey() {
        let (_, d) = load(
            """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: s}
            spec:
              owner: t
              tier: gold
              slos:
                - name: a
                  objetive: 99.9
                  sli: {events: {bad: 'x', total: 'y'}}
            """)
        let unknown = d.first { $0.ruleID == CheckID.unknownKey }
        #expect(unknown?.location == SourceLocation(file: "c.yaml", line: 9, column: 7))
        #expect(unknown?.hint == "did you mean `objective`?")
        // One cause, one finding: the misspelt key is not also reported as the required `objective` missing.
        #expect(d.map(\.ruleID) == [CheckID.unknownKey])
    }

    @Test("a required key is still reported missing when the unknown key beside it is not taken for it")
    func unknownKeyNotTheMissingOne() {
        let (_, d) = load(
            """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: s}
            spec:
              owner: t
              tier: gold
              slos:
                - name: a
                  colour: blue
                  sli: {events: {bad: 'x', total: 'y'}}
            """)
        #expect(d.map(\.ruleID) == [CheckID.missingField, CheckID.unknownKey])
        #expect(d.first?.message == "missing required field `spec.slos[0].objective`")
    }

    @Test("wrong types name the field and what was found")
    func wrongTypes() {
        let (_, d) = load(
            """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: s}
            spec:
              owner: [t]
              tier: gold
              instances: many
            """)
        #expect(d.map(\.ruleID) == [CheckID.wrongType, CheckID.wrongType])
        #expect(d[0].message == "`spec.owner` must be a string, found a list")
        #expect(d[0].location?.line == 5 && d[0].location?.column == 10)
        #expect(d[1].message == "`spec.instances` must be a whole number, found `many`")
    }

    @Test("a number beyond the range oac or Prometheus reads is out of range, not of the wrong type, and the error names the limit")
    func numbersOutOfRange() {
        let (_, d) = load(
            """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: s}
            spec:
              owner: t
              tier: gold
              instances: 99999999999999999999
              slos:
                - name: a
                  objective: 99.9
                  sli:
                    threshold: {query: 'up', op: ">=", value: 1e309}
                - name: b
                  objective: 1e200
                  sli:
                    threshold: {query: 'up', op: ">=", value: -1e309}
            """)
        let errors = d.filter { $0.severity == .error }
        // 2^63 − 1 is the largest whole number; ±1.8e308 the largest float64 (Prometheus's numbers); 1e127 the
        // largest exponent Foundation's Decimal parser reads.
        #expect(errors.map(\.ruleID) == Array(repeating: CheckID.invalidValue, count: 4))
        #expect(errors.map { $0.location?.line } == [7, 12, 14, 16])
        #expect(errors[0].message == "`spec.instances` is out of range: 99999999999999999999 is beyond a 64-bit integer; it must be at most 1000000")
        #expect(errors[1].location?.column == 51)
        #expect(
            errors[1].message
                == "`spec.slos[0].sli.threshold.value` is out of range: 1e309 is beyond ±1.8e308, the largest number Prometheus reads (a float64)")
        #expect(errors[2].message.hasPrefix("`spec.slos[1].objective` is out of range: 1e200 is beyond the numbers oac reads exactly"))
        #expect(errors[2].message.contains("1e127"))
        #expect(errors[3].message.contains("-1e309 is beyond ±1.8e308"))
        #expect(!d.contains { $0.ruleID == CheckID.wrongType })
    }

    @Test("every problem of a file is reported in one run")
    func collectsAll() {
        let (_, d) = load(
            """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: Bad_Name}
            spec:
              tier: gold
              type: web
              colour: blue
            """)
        #expect(Set(d.map(\.ruleID)) == [CheckID.invalidName, CheckID.missingField, CheckID.invalidValue, CheckID.unknownKey])
    }

    @Test("a repeated key does not hide the file's other problems, and the first value of the key counts")
    func duplicateKeyAndMore() {
        let (catalog, d) = load(
            """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: gold
              tier: silver
              colour: blue
            ---
            apiVersion: oac/v1
            kind: Team
            metadata: {name: web, name: web2}
            spec: {}
            """)
        #expect(
            d.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.ruleID)" }
                == ["6:3 \(CheckID.duplicateKey)", "8:3 \(CheckID.unknownKey)", "12:12 \(CheckID.duplicateKey)"])
        #expect(d.first?.message == "duplicate key `tier` in one mapping")
        #expect(catalog.services.first?.tier?.value == "gold")
        #expect(catalog.teams.first?.name.value == "web")
    }

    @Test("YAML syntax errors carry the scanner's position")
    func yamlSyntax() {
        let (_, d) = load("a: [1, 2\nb: 3\n")
        #expect(d.count == 1)
        #expect(d[0].ruleID == CheckID.yamlSyntax)
        #expect(d[0].location?.line == 2)
    }

    @Test("a NUL byte is a read error, not a crash")
    func nulByte() {
        let (_, d) = load("kind: Team\u{0}\n")
        #expect(d.map(\.ruleID) == [CheckID.readError])
        #expect(d[0].location == SourceLocation(file: "c.yaml", line: 1, column: 11))
    }

    @Test("a quoted value's location points at its first character inside the quotes")
    func quotedLocation() {
        let (c, _) = load(
            """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: s}
            spec: {owner: 't', tier: gold}
            """)
        #expect(c.services[0].owner?.location.column == 16)
    }

    @Test("receivers take secrets only by file")
    func secretsByFile() {
        let (c, d) = load(
            """
            apiVersion: oac/v1
            kind: Team
            metadata: {name: t}
            spec:
              page: {pagerduty: {routingKey: abc123}}
              ticket: {slack: {channel: '#t', apiURLFile: /etc/am/slack}}
            """)
        #expect(d.map(\.ruleID) == [CheckID.inlineSecret])
        #expect(c.teams[0].ticket?.receiver == .slack(channel: "#t", apiURLFile: "/etc/am/slack"))
    }

    @Test("output of loading does not depend on file order")
    func fileOrder() {
        let a = SourceFile(path: "a.yaml", contents: "apiVersion: oac/v1\nkind: Team\nmetadata: {name: zeta}\n")
        let b = SourceFile(path: "b.yaml", contents: "apiVersion: oac/v1\nkind: Team\nmetadata: {name: alpha}\n")
        let (c1, _) = CatalogLoader.load([a, b])
        let (c2, _) = CatalogLoader.load([b, a])
        #expect(c1 == c2)
        #expect(c1.teams.map(\.name.value) == ["alpha", "zeta"])
    }

    @Test("latency thresholds accept ms, s and plain seconds exactly")
    func latencyThresholds() {
        #expect(DocumentDecoder.seconds("500ms") == Decimal(string: "0.5"))
        #expect(DocumentDecoder.seconds("2s") == 2)
        #expect(DocumentDecoder.seconds("0.25") == Decimal(string: "0.25"))
        #expect(DocumentDecoder.seconds("fast") == nil)
        #expect(DocumentDecoder.seconds("-1s") == nil)
    }

    @Test("alias-heavy documents load without blowing up")
    func aliases() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for i in 1...20 { text += "a\(i): &a\(i) [*a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1)]\n" }
        let (_, d) = load(text)
        #expect(d.contains { $0.ruleID == CheckID.missingField || $0.ruleID == CheckID.unknownKey })
    }
}

/// Problems at the top of a document name the place in words: no diagnostic quotes an empty path (`` in ``).
@Suite("Diagnostics at the top level")
struct TopLevelDiagnosticTests {
    func messages(_ text: String) -> [String] {
        CatalogLoader.load([SourceFile(path: "c.yaml", contents: text)]).1.sorted.map(\.message)
    }

    @Test("an unknown top-level key is named as such")
    func unknownTopLevelKey() {
        let m = messages("apiVersion: oac/v1\nkind: Team\nmetadata: {name: t}\nusers: [a]\n")
        #expect(m == ["unknown top-level key `users`"])
    }

    @Test("a document that is not a mapping is named as a document", arguments: ["- a\n- b\n", "just text\n"])
    func notAMapping(text: String) {
        let m = messages(text)
        #expect(!m.isEmpty)
        #expect(m.allSatisfy { !$0.contains("``") }, "\(m)")
    }

    @Test("no diagnostic of the broken catalogs quotes an empty path")
    func noEmptyPath() {
        for text in ["? [a]\n: b\n", "apiVersion: oac/v1\nkind: Team\n[x]: 1\n", "{}\n", "null\n", "apiVersion: oac/v1\n"] {
            let m = messages(text)
            #expect(m.allSatisfy { !$0.contains("``") }, "\(text.debugDescription): \(m)")
        }
    }
}
