import Foundation
import OACModel
import OACReport
import OACTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `oac gate` against a real Prometheus over backfilled data with a known budget, and from a snapshot.
///
/// The data are the SLO-level recorded series (as the report's end-to-end test backfills them): for each of the
/// last 20 days, one constant rate per day written four times within 90 minutes of that day.
/// Objective 99% (budget 1%), policy window 28d, so the 20 days are the whole window:
/// - `steady`: 100 events/s, 0.5% bad every day → spent 0.005 / 0.01 = 50% → normal.
/// - `frozen`: 100 events/s, 0.9% bad on days 1…10 and 1.5% on days 11…20 → mean 1.2% → spent 120% → freeze.
/// - `frozen` again with a correction covering all of the 1.5% days 11…20 (whole days): only days 1…10 count,
///   spent 0.9 / 1 = 90% → review.
@Suite("oac gate end to end", .serialized)
struct GateCommandTests {
    static let days = 20

    static func rates(_ service: String, day: Int) -> (total: Double, bad: Double) {
        switch service {
        case "steady": (100, 0.5)
        default: (100, day <= 10 ? 0.9 : 1.5)
        }
    }

    /// Day `k` (1 = the oldest) as a UTC day index: the last day is yesterday.
    static func day(_ k: Int, today: Day) -> Day { Day(index: today.index - (days - k) - 1) }

    static func catalog(correction: Day? = nil) -> String {
        var text = """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: gate}
            spec:
              prometheus: {version: "2.42", scrapeInterval: 30s, evaluationInterval: 30s, retention: 40d}
              retentionTiers: [{name: std, metrics: {local: 40d}}]
              errorBudgetPolicy: {window: 28d}
            ---
            apiVersion: oac/v1
            kind: Team
            metadata: {name: t}

            """
        for name in ["steady", "frozen"] {
            text += """
                ---
                apiVersion: oac/v1
                kind: Service
                metadata: {name: \(name)}
                spec:
                  owner: t
                  tier: std
                  metrics: [{name: requests_total, type: counter, labels: {code: 5}}]
                  slos:
                    - name: availability
                      objective: 99
                      sli:
                        events:
                          bad: 'requests_total{job="\(name)",code=~"5.."}'
                          total: 'requests_total{job="\(name)"}'

                """
            if name == "frozen", let first = correction {
                let start = Timestamp.format(first.start)
                let end = Timestamp.format(Day(index: first.index + 10).start)
                text += """
                      corrections:
                        - {name: bad-canary, reason: canary traffic counted as users, owner: t, added: 2026-09-01, start: "\(start)", end: "\(end)"}

                    """
            }
        }
        return text
    }

    /// Each day's samples sit in 10:00–11:37 UTC, or 16:00–17:37 when the test runs within those morning hours: the
    /// live gate's day-long slices end at its clock, and no slice may split a day's samples.
    static func openMetrics(today: Day, now: Date) -> String {
        let clock = Int(now.timeIntervalSince1970) % 86_400
        let base = (9 * 3600...12 * 3600).contains(clock) ? 16 * 3600 : 10 * 3600
        var out = ""
        for (series, pick) in [(Conventions.sloTotalRate5m, 0), (Conventions.sloBadRate5m, 1)] {
            out += "# TYPE \(series) gauge\n"
            for service in ["steady", "frozen"] {
                for k in 1...days {
                    let r = rates(service, day: k)
                    let v = pick == 0 ? r.total : r.bad
                    for i in 0..<4 {
                        let t = Int(day(k, today: today).start.timeIntervalSince1970) + base + 450 + i * 1800
                        out += "\(series){service=\"\(service)\",slo=\"availability\"} \(v) \(t)\n"
                    }
                }
            }
        }
        return out + "# EOF\n"
    }

    static func write(_ text: String, _ url: URL) throws { try Data(text.utf8).write(to: url) }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func spent(_ decision: [String: Any]) -> Double? {
        ((decision["slos"] as? [[String: Any]])?.first?["spent"] as? NSNumber).map { ($0.doubleValue * 1e6).rounded() / 1e6 }
    }

    @Test(
        "a backfilled Prometheus: budget left allows, a frozen service blocks a feature and allows security, a correction lifts the freeze; a snapshot decides the same",
        .requires(.promtool, .prometheus), .timeLimit(.minutes(10)))
    func live() throws {
        let promtool = try ExternalTool.promtool.require()
        let prometheus = try ExternalTool.prometheus.require()
        let work = try TestSupport.temporaryDirectory("oac-gate-e2e")
        defer { try? FileManager.default.removeItem(at: work) }
        let today = Day(containing: Date())
        let catalog = work.appendingPathComponent("catalog.yaml")
        try Self.write(Self.catalog(), catalog)
        let corrected = work.appendingPathComponent("corrected.yaml")
        try Self.write(Self.catalog(correction: Self.day(11, today: today)), corrected)
        let server = try PrometheusProcess.backfilled(Self.openMetrics(today: today, now: Date()), promtool: promtool, prometheus: prometheus, work: work)
        defer { server.stop() }
        let url = server.url

        func gate(_ file: URL, _ service: String, _ change: String, _ source: [String]) throws -> (Int32, [String: Any]) {
            let run = try TestSupport.oac(["gate", file.path, "--service", service, "--change-class", change, "--format", "json"] + source)
            return (run.status, try Self.json(run.stdout))
        }

        // Hand-computed: steady 0.5% bad of a 1% budget = 0.5; frozen (10 × 0.9% + 10 × 1.5%) / 20 = 1.2% → 1.2;
        // corrected: days 11…20 out, 0.9% → 0.9.
        let expectations: [(URL, String, String, Int32, String, Double)] = [
            (catalog, "steady", "feature", 0, "normal", 0.5),
            (catalog, "frozen", "feature", 1, "freeze", 1.2),
            (catalog, "frozen", "security", 0, "freeze", 1.2),
            (catalog, "frozen", "fix", 0, "freeze", 1.2),
            (corrected, "frozen", "feature", 0, "review", 0.9)
        ]
        for (file, service, change, status, state, spent) in expectations {
            let (code, d) = try gate(file, service, change, ["--prometheus", url])
            #expect(code == status, "\(service) \(change): \(d)")
            #expect(d["state"] as? String == state, "\(service) \(change)")
            #expect(Self.spent(d) == spent, "\(service) \(change): \(d)")
        }
        let (_, correctedDecision) = try gate(corrected, "frozen", "feature", ["--prometheus", url])
        let excluded = try #require(((correctedDecision["slos"] as? [[String: Any]])?.first?["excluded"] as? [[String: Any]])?.first)
        #expect(excluded["name"] as? String == "bad-canary")
        #expect(excluded["owner"] as? String == "t")
        // 10 days × 100 events/s × 86400 s, 1.5% of them bad.
        #expect((excluded["total"] as? NSNumber)?.doubleValue.rounded() == 86_400_000)
        #expect((excluded["bad"] as? NSNumber)?.doubleValue.rounded() == 1_296_000)

        // The same decisions from a snapshot of the quarter(s) holding the days: judged at the last day.
        let quarter = Quarter(
            year: Self.day(Self.days, today: today).civil.year,
            number: (Self.day(Self.days, today: today).civil.month - 1) / 3 + 1)
        let snapshot = work.appendingPathComponent("snapshot.json")
        let snap = try TestSupport.oac(["snapshot", catalog.path, "--quarter", quarter.description, "--prometheus", url, "-o", snapshot.path])
        try #require(snap.status == 0, "oac snapshot failed: \(snap.stderr)")
        let first = Self.day(1, today: today)
        if first >= quarter.firstDay {
            // The whole window is in the snapshot's quarter: exactly the live figures.
            for (file, service, change, status, state, spent) in expectations {
                let (code, d) = try gate(file, service, change, ["--snapshot", snapshot.path])
                #expect(code == status, "snapshot \(service) \(change): \(d)")
                #expect(d["state"] as? String == state, "snapshot \(service) \(change)")
                #expect(Self.spent(d) == spent, "snapshot \(service) \(change): \(d)")
            }
        } else {
            // The window starts in the previous quarter: the snapshot judges the days it has; states still agree.
            for (file, service, change, status, _, _) in expectations where file == catalog {
                let (code, _) = try gate(file, service, change, ["--snapshot", snapshot.path])
                #expect(code == status, "snapshot \(service) \(change)")
            }
        }
    }

    @Test("an unreachable Prometheus blocks (exit 1, fail closed), even with --on-no-data allow")
    func unreachable() throws {
        let work = try TestSupport.temporaryDirectory("oac-gate-down")
        defer { try? FileManager.default.removeItem(at: work) }
        let catalog = work.appendingPathComponent("catalog.yaml")
        try Self.write(Self.catalog(), catalog)
        let port = try MetricsServer.freePort(on: ["127.0.0.1"])
        for extra in [[String](), ["--on-no-data", "allow"]] {
            let run = try TestSupport.oac(
                [
                    "gate", catalog.path, "--service", "steady", "--prometheus", "http://127.0.0.1:\(port)",
                    "--attempts", "1", "--timeout", "5", "--format", "json"
                ] + extra)
            #expect(run.status == 1)
            #expect(run.stderr.contains("unreachable"), "\(run.stderr)")
            let d = try Self.json(run.stdout)
            #expect(d["allowed"] as? Bool == false)
        }
    }

    @Test("a snapshot without the service's data blocks by default and passes with --on-no-data allow")
    func noData() throws {
        let work = try TestSupport.temporaryDirectory("oac-gate-nodata")
        defer { try? FileManager.default.removeItem(at: work) }
        let catalog = work.appendingPathComponent("catalog.yaml")
        try Self.write(Self.catalog(), catalog)
        let snapshot = work.appendingPathComponent("empty.json")
        let empty = Snapshot(
            quarter: Quarter(year: 2026, number: 3), generatedAt: "2026-10-01T00:00:00Z", source: "test",
            through: Day(year: 2026, month: 9, day: 30), slos: [], activeSeries: [])
        try Self.write(empty.encoded(), snapshot)
        let blocked = try TestSupport.oac(["gate", catalog.path, "--service", "steady", "--snapshot", snapshot.path])
        #expect(blocked.status == 1)
        #expect(blocked.stdout.hasPrefix("BLOCKED"), "\(blocked.stdout)")
        let allowed = try TestSupport.oac(["gate", catalog.path, "--service", "steady", "--snapshot", snapshot.path, "--on-no-data", "allow"])
        #expect(allowed.status == 0, "\(allowed.stdout)")
    }

    @Test("usage errors exit 2: no data source, both, an unknown change class, an unknown service")
    func usage() throws {
        let work = try TestSupport.temporaryDirectory("oac-gate-usage")
        defer { try? FileManager.default.removeItem(at: work) }
        let catalog = work.appendingPathComponent("catalog.yaml")
        try Self.write(Self.catalog(), catalog)
        for args in [
            ["--service", "steady"], ["--service", "steady", "--snapshot", "x", "--prometheus", "http://127.0.0.1:1"],
            ["--service", "steady", "--snapshot", "x", "--change-class", "hotfix"],
            ["--service", "nope", "--snapshot", "x"]
        ] {
            let run = try TestSupport.oac(["gate", catalog.path] + args)
            #expect(run.status == 2, "\(args): \(run.stderr)")
        }
    }

    @Test("the example catalog: bert-model-serving is frozen after INC-304 (2026-08-31) and in review at the quarter's end")
    func example() throws {
        let snapshot = "catalog/example/report/2026-Q3.snapshot.json"
        let frozen = try TestSupport.oac(["gate", "catalog/example", "--service", "bert-model-serving", "--snapshot", snapshot, "--at", "2026-08-31"])
        #expect(frozen.status == 1, "\(frozen.stdout)\(frozen.stderr)")
        #expect(frozen.stdout.contains("is frozen"))
        let security = try TestSupport.oac([
            "gate", "catalog/example", "--service", "bert-model-serving", "--snapshot", snapshot, "--at", "2026-08-31",
            "--change-class", "security"
        ])
        #expect(security.status == 0)
    }
}
