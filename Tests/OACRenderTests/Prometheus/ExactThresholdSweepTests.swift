import Foundation
import OACCatalog
import OACCompiler
import OACModel
import OACPipeline
import OACPromQL
import Testing
import Yams

@testable import OACRender

/// Every objective, window, interval and burn-rate table a catalog may combine compiles without a crash, and
/// every burn-rate threshold written into the rules is the exact rational value
/// `budgetPercent/100 × window/long × (100 − objective)/100`, computed here with integers from the catalog's
/// own decimal strings (never from oac's arithmetic).
@Suite("Exact thresholds over the whole parameter space")
struct ExactThresholdSweepTests {
    static let objectives = ["50", "90", "95", "97.3", "99", "99.5", "99.9", "99.95", "99.99", "99.995", "99.999"]
    /// Catalog text and the length in seconds the factors use (a calendar period's longest).
    static let windows: [(text: String, seconds: Int64)] = [
        ("1d", 86_400), ("2d", 172_800), ("3d", 259_200), ("7d", 604_800), ("14d", 1_209_600),
        ("28d", 2_419_200), ("30d", 2_592_000), ("31d", 2_678_400), ("90d", 7_776_000),
        ("week", 604_800), ("month", 2_678_400), ("quarter", 7_948_800)
    ]
    /// Evaluation intervals; the scrape interval is the same, at most 2m30s (the longest a 5m rate serves).
    static let intervals = ["10s", "15s", "30s", "1m", "2m", "5m"]

    struct Row {
        var severity: String
        var short: String
        var long: String
        var longSeconds: Int64
        var budgetPercent: String
    }

    /// The default table and two custom ones, with budget percents from 99.99999 down to 1e-7.
    static let tables: [(name: String, rows: [Row]?)] = [
        ("default", nil),
        (
            "custom",
            [
                Row(severity: "page", short: "5m", long: "1h", longSeconds: 3600, budgetPercent: "2"),
                Row(severity: "page", short: "30m", long: "6h", longSeconds: 21_600, budgetPercent: "33.3333"),
                Row(severity: "ticket", short: "2h", long: "1d", longSeconds: 86_400, budgetPercent: "0.0000001"),
                Row(severity: "ticket", short: "6h", long: "3d", longSeconds: 259_200, budgetPercent: "7")
            ]
        ),
        (
            "tiny",
            [
                Row(severity: "ticket", short: "5m", long: "1h", longSeconds: 3600, budgetPercent: "0.0000001"),
                Row(severity: "ticket", short: "1h", long: "12h", longSeconds: 43_200, budgetPercent: "99.99999"),
                Row(severity: "page", short: "2m", long: "7h", longSeconds: 25_200, budgetPercent: "0.3")
            ]
        )
    ]

    static let defaultRows = [
        Row(severity: "page", short: "5m", long: "1h", longSeconds: 3600, budgetPercent: "2"),
        Row(severity: "page", short: "30m", long: "6h", longSeconds: 21_600, budgetPercent: "5"),
        Row(severity: "ticket", short: "2h", long: "1d", longSeconds: 86_400, budgetPercent: "10"),
        Row(severity: "ticket", short: "6h", long: "3d", longSeconds: 259_200, budgetPercent: "10")
    ]

    /// A decimal string as integer digits and a power of ten: `99.95` is (9995, 2).
    static func digits(_ text: String) -> (Int128, Int) {
        let parts = text.split(separator: ".")
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return (Int128(String(parts[0]) + fraction)!, fraction.count)
    }

    static func pow10(_ n: Int) -> Int128 { (0..<n).reduce(Int128(1)) { p, _ in p * 10 } }

    /// threshold = bp/100 × W/L × (100 − obj)/100 as numerator and denominator.
    static func exact(objective: String, budgetPercent: String, window: Int64, long: Int64) -> (Int128, Int128) {
        let (o, os) = digits(objective)
        let (b, bs) = digits(budgetPercent)
        let budgetNumerator = 100 * pow10(os) - o
        return (b * Int128(window) * budgetNumerator, 100 * pow10(bs) * Int128(long) * 100 * pow10(os))
    }

    static func catalog(interval: String, window: String, rows: [Row]?) -> String {
        var table = ""
        if let rows {
            table =
                "  alerting:\n    burnRateWindows:\n"
                + rows.map {
                    "      - {severity: \($0.severity), short: \($0.short), long: \($0.long), budgetPercent: \($0.budgetPercent)}\n"
                }.joined()
        }
        let slos = objectives.enumerated().map { i, o in
            """
                - name: s\(i)
                  objective: \(o)
                  window: \(window)
                  sli: {events: {bad: 'x_total{code="5"}', total: 'x_total'}}

            """
        }.joined()
        return """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: sweep}
            spec:
              prometheus: {version: "2.42", scrapeInterval: \(interval == "5m" ? "2m30s" : interval), evaluationInterval: \(interval), retention: 93d}
              retentionTiers: [{name: t, metrics: {local: 93d}, logs: 7d}]
            \(table)---
            apiVersion: oac/v1
            kind: Team
            metadata: {name: web}
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: svc}
            spec:
              owner: web
              tier: t
              slos:
            \(slos)
            """
    }

    /// Every `> number` in an expression.
    static func thresholds(_ expr: String) -> [String] {
        expr.components(separatedBy: " > ").dropFirst().map { String($0.prefix { "0123456789.e-+".contains($0) }) }
    }

    @Test("every objective × window × interval × burn table compiles and writes exact thresholds")
    func sweep() throws {
        var checked = 0
        for interval in Self.intervals {
            for (tableName, tableRows) in Self.tables {
                for window in Self.windows {
                    // A custom table keeps the rows whose long window is shorter than the SLO window; the default
                    // table applies whole, to windows longer than its 3d.
                    let rows = (tableRows ?? Self.defaultRows).filter { $0.longSeconds < window.seconds }
                    guard !rows.isEmpty, tableRows != nil || rows.count == Self.defaultRows.count else { continue }
                    let text = Self.catalog(interval: interval, window: window.text, rows: tableRows.map { _ in rows })
                    let label = "\(interval) \(tableName) \(window.text)"
                    let result = Compiler.check([SourceFile(path: "sweep.yaml", contents: text)])
                    let model = try #require(result.model, "\(label): \(result.diagnostics)")
                    #expect(!result.diagnostics.hasErrors, "\(label): \(result.diagnostics)")
                    var rules = ""
                    for job in Pipeline.jobs(model) {
                        for file in job.run() where file.path.hasSuffix("svc.slo.rules.yml") { rules = file.contents }
                    }
                    let doc = try #require(try Yams.load(yaml: rules) as? [String: Any], "\(label)")
                    let groups = try #require(doc["groups"] as? [[String: Any]], "\(label)")
                    let alerts = groups.flatMap { ($0["rules"] as? [[String: Any]]) ?? [] }
                        .filter { ($0["alert"] as? String) == Conventions.burnRateAlert }
                    #expect(alerts.count == rows.count * Self.objectives.count, "\(label)")
                    for alert in alerts {
                        let labels = try #require(alert["labels"] as? [String: String])
                        let slo = try #require(labels["slo"].flatMap { Int($0.dropFirst()) })
                        let row = try #require(rows.first { $0.long == labels["long_window"] && $0.short == labels["short_window"] })
                        let (n, d) = Self.exact(
                            objective: Self.objectives[slo], budgetPercent: row.budgetPercent,
                            window: window.seconds, long: row.longSeconds)
                        let want = Double(n) / Double(d)
                        let expr = try #require(alert["expr"] as? String)
                        let written = Self.thresholds(expr)
                        #expect(written.count == 2, "\(label): \(expr)")
                        for t in written {
                            let got = try #require(Double(t), "\(label): \(t)")
                            let error: Double = Swift.abs(got - want)
                            #expect(error <= 1e-12 * want, "\(label) s\(slo) \(row.long): \(t) ≠ \(n)/\(d)")
                        }
                        let annotations = try #require(alert["annotations"] as? [String: String])
                        let description = try #require(annotations["description"])
                        #expect(
                            description.contains("gone in about ") || description.contains("gone in more than"),
                            "\(label): \(description)")
                        #expect(!description.contains("ms;"), "\(label): \(description)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 2000)
    }

    @Test("a budget percent of 1e-7 on a 30d SLO compiles, and its threshold is not rounded to 0")
    func tinyBudgetPercent() throws {
        let rows = [Row(severity: "ticket", short: "6h", long: "3d", longSeconds: 259_200, budgetPercent: "0.0000001")]
        let result = Compiler.check([SourceFile(path: "c.yaml", contents: Self.catalog(interval: "1m", window: "30d", rows: rows))])
        let model = try #require(result.model)
        let slo = try #require(model.services[0].slos.first { $0.name == "s6" })  // 99.9
        // 1e-9 × 30/3 × 0.001 = 1e-11, exactly.
        #expect(SLORules.threshold(slo.burnRates[0], slo).description == "0.00000000001")
        // The budget is gone in 3d × 100 / 1e-7 = 3e9 days: more than 1000 years.
        let description = SLORules.burnDescription(slo, slo.burnRates[0])
        #expect(description.contains("gone in more than 1000y"), "\(description)")
    }

    @Test("the budget exhaustion time reads for people: 2d2h, 30d, 10d")
    func humanDurations() {
        // long × 100 / budgetPercent: 1h × 50 = 50h; 3d × 10 = 30d; 1d × 10 = 10d; 6h × 20 = 5d.
        #expect(PromDuration.approximately(milliseconds: 50 * 3_600_000) == "about 2d2h")
        #expect(PromDuration.approximately(milliseconds: 30 * 86_400_000 + 836) == "about 30d")
        #expect(PromDuration.approximately(milliseconds: Decimal(string: "1234.5")! * 60_000) == "about 20h35m")
        #expect(PromDuration.approximately(milliseconds: 90_000) == "about 1m30s")
    }
}
