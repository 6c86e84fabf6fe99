import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import OACSupport
import Testing

@testable import OACCompiler

/// The error-budget policy resolves key by key (defaults, platform, tier, service); maintenance windows and
/// corrections are checked and refused with a located error when they cannot be scheduled.
@Suite("Error-budget policy and windows")
struct BudgetPolicyTests {
    static let sloSpec = """
        metrics: [{name: r_total, type: counter, labels: {code: 5}}]
        slos:
          - name: avail
            objective: 99
            sli: {events: {bad: 'r_total{job="s",code="500"}', total: 'r_total{job="s"}'}}
        """

    /// A platform (tier `std`), team `t` and service `s` with one SLO, plus the policy and window lines given.
    struct Text {
        var text: String
        func check() -> Compiler.Result { Compiler.check([SourceFile(path: "c.yaml", contents: text)]) }
        func model() throws -> Model { try #require(check().model, "\(check().diagnostics.sorted)") }
    }

    static func catalog(platform: String? = nil, tier: String? = nil, service: String = "") -> Text {
        func indent(_ t: String, _ n: Int) -> String {
            t.split(separator: "\n", omittingEmptySubsequences: false).map { String(repeating: " ", count: n) + $0 }.joined(separator: "\n")
        }
        return Text(
            text: """
                apiVersion: oac/v1
                kind: Platform
                metadata: {name: p}
                spec:
                  prometheus: {version: "2.42", scrapeInterval: 30s, evaluationInterval: 30s, retention: 40d}
                  retentionTiers: [{name: std, metrics: {local: 15d, raw: 40d}, logs: 30d\(tier.map { ", errorBudgetPolicy: \($0)" } ?? "")}]
                \(platform.map { "  errorBudgetPolicy: \($0)" } ?? "")
                ---
                apiVersion: oac/v1
                kind: Team
                metadata: {name: t}
                ---
                apiVersion: oac/v1
                kind: Service
                metadata: {name: s}
                spec:
                  owner: t
                  tier: std
                \(indent(Self.sloSpec + (service.isEmpty ? "" : "\n" + service), 2))

                """)
    }

    static func errors(_ b: Text) -> [String] {
        b.check().diagnostics.sorted.filter { $0.severity == .error }.map(\.message)
    }

    @Test("without a policy: review at 75%, freeze at 100%, the SLO window, fix/security/p0 ship when frozen")
    func defaults() throws {
        let p = try Self.catalog().model().services[0].errorBudgetPolicy
        #expect(p == .defaults)
        #expect(p.state(budgetSpent: 0.7499) == .normal)
        #expect(p.state(budgetSpent: 0.75) == .review)
        #expect(p.state(budgetSpent: 1) == .freeze)
        #expect(!p.allows(.feature, in: .freeze) && p.allows(.security, in: .freeze) && p.allows(.feature, in: .review))
    }

    @Test("the tier overrides the platform and the service the tier, key by key")
    func keyByKey() throws {
        let model = try Self.catalog(
            platform: "{reviewAt: 50, window: 28d}", tier: "{freezeAt: 90, freezeExceptions: [security]}",
            service: "errorBudgetPolicy: {reviewAt: 60}"
        ).model()
        let p = model.services[0].errorBudgetPolicy
        #expect(p.reviewAt == 60)
        #expect(p.freezeAt == 90)
        #expect(p.window == .days(28))
        #expect(p.freezeExceptions == [.security])
        let slo = try Self.catalog(platform: "{window: 28d}", service: "errorBudgetPolicy: {window: slo}").model().services[0].errorBudgetPolicy
        #expect(slo.window == nil)
    }

    @Test("freezeAt below reviewAt is an error")
    func order() {
        #expect(Self.errors(Self.catalog(platform: "{reviewAt: 90, freezeAt: 80}")).contains { $0.contains("freezes at 80%") })
    }

    @Test("an unknown change class or a percent out of range is an error")
    func badValues() {
        #expect(Self.errors(Self.catalog(platform: "{freezeExceptions: [hotfix]}")).contains { $0.contains("hotfix") })
        #expect(Self.errors(Self.catalog(platform: "{reviewAt: 0}")).contains { $0.contains("reviewAt") })
    }

    @Test("windows: weekly with start, a bad clock, a bad time zone, end before start, an unknown SLO, a duplicate name are errors")
    func badWindows() {
        let cases: [(String, String)] = [
            (
                "maintenanceWindows: [{name: w, reason: r, owner: t, added: 2026-08-01, start: \"2026-08-01T00:00:00Z\", end: \"2026-08-01T01:00:00Z\", weekly: {days: [sunday], start: \"01:00\", end: \"02:00\"}}]",
                "both `weekly` and `start`"
            ),
            (
                "maintenanceWindows: [{name: w, reason: r, owner: t, added: 2026-08-01, weekly: {days: [sunday], start: \"25:00\", end: \"26:00\"}}]",
                "must be a time HH:MM"
            ),
            (
                "maintenanceWindows: [{name: w, reason: r, owner: t, added: 2026-08-01, weekly: {days: [sunday], start: \"01:00\", end: \"02:00\"}, timeZone: Mars/Olympus}]",
                "not an IANA time zone"
            ),
            (
                "maintenanceWindows: [{name: w, reason: r, owner: t, added: 2026-08-01, weekly: {days: [sunday], start: \"03:00\", end: \"02:00\"}}]",
                "must be after `start`"
            ),
            (
                "corrections: [{name: c, reason: r, owner: t, added: 2026-08-01, start: \"2026-08-01T02:00:00Z\", end: \"2026-08-01T01:00:00Z\"}]",
                "must be after `start`"
            ),
            (
                "corrections: [{name: c, reason: r, owner: t, added: 2026-08-01, slos: [latency], start: \"2026-08-01T00:00:00Z\", end: \"2026-08-01T01:00:00Z\"}]",
                "latency"
            ),
            ("maintenanceWindows: [{name: w, reason: r, owner: t, added: 2026-08-01}]", "needs `start` and `end`, or `weekly`"),
            (
                "maintenanceWindows: [{name: w, reason: r, owner: t, added: 2026-08-01, weekly: {days: [sunday], start: \"01:00\", end: \"02:00\"}}]\ncorrections: [{name: w, reason: r, owner: t, added: 2026-08-01, start: \"2026-08-01T00:00:00Z\", end: \"2026-08-01T01:00:00Z\"}]",
                "defined twice"
            )
        ]
        for (spec, message) in cases {
            let errors = Self.errors(Self.catalog(service: spec))
            #expect(errors.contains { $0.contains(message) }, "\(spec): \(errors)")
        }
    }

    @Test("a one-off and a weekly window resolve to their schedules, in the model and its JSON")
    func resolved() throws {
        let model = try Self.catalog(
            service: """
                maintenanceWindows:
                  - {name: upgrade, reason: r, owner: t, added: 2026-08-01, start: "2026-08-15T02:00:00+02:00", end: "2026-08-15T04:00:00+02:00"}
                  - {name: patch, reason: r, owner: t, added: 2026-08-01, slos: [avail], weekly: {days: [sunday, monday], start: "03:00", end: "24:00"}, timeZone: Europe/Berlin}
                """
        ).model()
        let s = model.services[0]
        #expect(s.maintenanceWindows.map(\.name) == ["patch", "upgrade"])
        #expect(s.maintenanceWindows[1].schedule == .once(start: Date(timeIntervalSince1970: 1_786_752_000), end: Date(timeIntervalSince1970: 1_786_759_200)))
        #expect(s.maintenanceWindows[0].schedule == .weekly(days: [.monday, .sunday], start: 180, end: 1440, timeZone: "Europe/Berlin"))
        let json = String(decoding: JSONWriter.document(s), as: UTF8.self)
        #expect(json.contains(#""start" : "2026-08-15T00:00:00Z""#))
        #expect(json.contains(#""end" : "24:00""#))
    }
}
