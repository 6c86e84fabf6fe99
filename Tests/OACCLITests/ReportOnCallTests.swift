import Foundation
import OACModel
import OACReport
import OACTestSupport
import Testing

/// On-call health on a real Prometheus: `ALERTS` series with known firings, backfilled with promtool and served
/// by `PrometheusProcess.backfilled` (as `ReportEndToEndTests` does), give the pages per team and week, the out-of-hours share
/// of a team in Europe/Berlin across the spring change to summer time, the noisiest alert and the noise pages
/// worked out by hand below; the snapshot keeps them for the offline report.
///
/// The quarter is 2026-Q1 (Thursday 1 January – Tuesday 31 March): Berlin moves from UTC+1 to UTC+2 on Sunday
/// 29 March at 01:00 UTC. Its weeks (Monday to Sunday, UTC) start 1 Jan (clipped), 5, 12, 19, 26 Jan, 2, 9, 16,
/// 23 Feb, 2, 9, 16, 23, 30 Mar (clipped): 14.
@Suite("Report on-call health", .serialized)
struct ReportOnCallTests {
    static let quarter = Quarter(year: 2026, number: 1)

    /// (alertname, severity, team, service, first sample, last sample, minutes without samples inside): samples
    /// every minute; a hole shorter than step + lookback (6 minutes) keeps one firing.
    static let firings: [(alert: String, severity: String, team: String, service: String, from: String, to: String, hole: ClosedRange<Int>?)] = [
        // berlin (Europe/Berlin, monday–friday 09:00–17:00), service shop:
        // P1 Tue 13 Jan 07:30–07:40 UTC = 08:30 CET: out of hours.
        ("SLOBurnRate", "page", "berlin", "shop", "2026-01-13T07:30:00Z", "2026-01-13T07:40:00Z", nil),
        // P2 Tue 13 Jan 08:10 UTC = 09:10 CET: in hours; 30 minutes after P1 ended: a flap.
        ("SLOBurnRate", "page", "berlin", "shop", "2026-01-13T08:10:00Z", "2026-01-13T08:20:00Z", nil),
        // T1 a ticket, Tue 20 Jan.
        ("SLOBurnRate", "ticket", "berlin", "shop", "2026-01-20T12:00:00Z", "2026-01-20T14:00:00Z", nil),
        // P3 Tue 10 Feb 10:05 UTC = 11:05 CET: in hours, during INC-1 (10:00–11:00); 4 minutes without samples
        // (10:13–10:16) stay one firing.
        ("SLOBurnRate", "page", "berlin", "shop", "2026-02-10T10:05:00Z", "2026-02-10T10:25:00Z", 8...11),
        // P5 Sat 7 Mar 12:00 UTC: a Saturday, out of hours.
        ("SLOBurnRate", "page", "berlin", "shop", "2026-03-07T12:00:00Z", "2026-03-07T12:03:00Z", nil),
        // P4 Mon 30 Mar 07:30 UTC = 09:30 CEST: in hours (with the winter offset it would be 08:30, out).
        ("SLOBurnRate", "page", "berlin", "shop", "2026-03-30T07:30:00Z", "2026-03-30T07:45:00Z", nil),
        // ops (no time zone: UTC, monday–friday 09:00–17:00), service cart, Wed 4 Feb: three pages after 17:00,
        // each within 30 minutes of the previous one's end (two flaps); the last lasts one minute.
        ("SLOBurnRate", "page", "ops", "cart", "2026-02-04T18:30:00Z", "2026-02-04T18:50:00Z", nil),
        ("SLOBurnRate", "page", "ops", "cart", "2026-02-04T19:00:00Z", "2026-02-04T19:05:00Z", nil),
        ("SLOBurnRate", "page", "ops", "cart", "2026-02-04T19:20:00Z", "2026-02-04T19:21:00Z", nil),
        // Not oac's alert: left out.
        ("DiskFull", "page", "berlin", "shop", "2026-01-14T03:00:00Z", "2026-01-14T04:00:00Z", nil)
    ]

    static func catalog() -> String {
        ReportCatalog.prelude("on-call")
            .teams([
                ReportCatalog.team(
                    "berlin",
                    """
                    timeZone: Europe/Berlin
                    workingHours: {days: [monday, tuesday, wednesday, thursday, friday], start: "09:00", end: "17:00"}
                    """),
                ReportCatalog.team("ops")
            ])
            .service(
                "shop", owner: "berlin", tier: "gold",
                """
                type: api
                runbook: https://runbooks.example.com/shop
                targets: {static: ["10.0.0.1:8080"]}
                metrics: [{name: http_requests_total, type: counter, labels: {status: 4}}]
                slos:
                  - name: availability
                    objective: 99.9
                    sli: {events: {bad: 'http_requests_total{job="shop",status=~"5.."}', total: 'http_requests_total{job="shop"}'}}
                """
            )
            .service(
                "cart", owner: "ops", tier: "gold",
                """
                type: api
                targets: {static: ["10.0.0.2:8080"]}
                metrics: [{name: http_requests_total, type: counter, labels: {status: 4}}]
                slos:
                  - name: availability
                    objective: 99.9
                    sli: {events: {bad: 'http_requests_total{job="cart",status=~"5.."}', total: 'http_requests_total{job="cart"}'}}
                """
            )
            .adding(
                """
                apiVersion: oac/v1
                kind: IncidentLog
                incidents:
                  - id: INC-1
                    title: Shop checkout errors
                    services: [shop]
                    severity: SEV2
                    started: 2026-02-10T10:00:00Z
                    detected: 2026-02-10T10:05:00Z
                    acknowledged: 2026-02-10T10:08:00Z
                    resolved: 2026-02-10T11:00:00Z
                    postmortem: {status: none}
                """
            ).text
    }

    /// `ALERTS` as the rules write it: one series per alert and window pair (a page firing shows on both page
    /// rows here, which the report counts once), a pending sample before each firing, samples every minute.
    static func openMetrics() -> String {
        var out = "# TYPE ALERTS unknown\n"
        for f in firings {
            let from = Int(Timestamp.parse(f.from)!.timeIntervalSince1970)
            let to = Int(Timestamp.parse(f.to)!.timeIntervalSince1970)
            let windows = f.severity == "page" ? ["1h", "6h"] : ["1d"]
            for w in windows {
                let labels =
                    "alertname=\"\(f.alert)\",long_window=\"\(w)\",service=\"\(f.service)\",severity=\"\(f.severity)\",slo=\"availability\",team=\"\(f.team)\""
                out += "ALERTS{\(labels),alertstate=\"pending\"} 1 \(from - 60)\n"
                for (i, t) in stride(from: from, through: to, by: 60).enumerated() where !(f.hole?.contains(i) ?? false) {
                    out += "ALERTS{\(labels),alertstate=\"firing\"} 1 \(t)\n"
                }
            }
        }
        // OpenMetrics wants each series' samples together and in order: sort the lines by series, then time.
        let lines = out.split(separator: "\n").dropFirst().map(String.init)
        let sorted = lines.sorted { a, b in
            let (sa, ta) = (a.split(separator: " ")[0], Int(a.split(separator: " ")[2])!)
            let (sb, tb) = (b.split(separator: " ")[0], Int(b.split(separator: " ")[2])!)
            return sa != sb ? sa < sb : ta < tb
        }
        return "# TYPE ALERTS unknown\n" + sorted.joined(separator: "\n") + "\n# EOF\n"
    }

    @Test(
        "backfilled ALERTS give the hand-computed pages per team and week, out-of-hours share across a DST change, noisiest alert and noise",
        .requires(.promtool, .prometheus), .timeLimit(.minutes(10)))
    func onCallQuarter() throws {
        let promtool = try ExternalTool.promtool.require()
        let prometheus = try ExternalTool.prometheus.require()
        let work = try TestSupport.temporaryDirectory("oac-report-oncall")
        defer { try? FileManager.default.removeItem(at: work) }
        let catalog = work.appendingPathComponent("catalog.yaml")
        try Data(Self.catalog().utf8).write(to: catalog)
        let server = try PrometheusProcess.backfilled(Self.openMetrics(), promtool: promtool, prometheus: prometheus, work: work)
        defer { server.stop() }
        let url = server.url

        let live = work.appendingPathComponent("live")
        let run = try TestSupport.oac(["report", catalog.path, "--quarter", Self.quarter.description, "--prometheus", url, "--out", live.path])
        try #require(run.status == 0, "oac report failed: \(run.stderr)")
        let onCall = try #require(try ReportEndToEndTests.summary(live)["onCall"] as? [String: Any])
        Self.checkFigures(onCall)
        let html = try String(contentsOf: live.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("On-call health"))
        #expect(html.contains("SLOBurnRate cart/availability"))
        let md = try String(contentsOf: live.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(md.contains("- **On-call:** 8 pages (5 out of hours, "), "\(md)")
        #expect(md.contains("; 7 with no incident), 1 ticket; noisiest: SLOBurnRate shop/availability (page, 5 firings, 1 flap)"), "\(md)")

        // The snapshot keeps the firings: offline, the same figures.
        let snapshot = work.appendingPathComponent("q.snapshot.json")
        let snap = try TestSupport.oac(["snapshot", catalog.path, "--quarter", Self.quarter.description, "--prometheus", url, "-o", snapshot.path])
        try #require(snap.status == 0, "oac snapshot failed: \(snap.stderr)")
        let frozen = try Snapshot.decode(Data(contentsOf: snapshot))
        #expect(frozen.version == 3)
        // 9 oac firings (the pending samples and DiskFull are not read; P3's hole does not split it).
        #expect(frozen.onCall?.firings.count == 9)
        let p3 = try #require(frozen.onCall?.firings.first { $0.start == "2026-02-10T10:05:00Z" })
        #expect(p3.end == "2026-02-10T10:25:00Z")
        let offline = work.appendingPathComponent("offline")
        let render = try TestSupport.oac([
            "report", catalog.path, "--quarter", Self.quarter.description, "--snapshot", snapshot.path, "--out", offline.path
        ])
        try #require(render.status == 0, "oac report --snapshot failed: \(render.stderr)")
        Self.checkFigures(try #require(try ReportEndToEndTests.summary(offline)["onCall"] as? [String: Any]))
    }

    @Test("a week whose ALERTS request fails is a warning and named as unread; hostile labels and times do not crash")
    func failingWeeks() throws {
        let dir = try TestSupport.temporaryDirectory("oac-oncall-hostile")
        defer { try? FileManager.default.removeItem(at: dir) }
        let catalog = TestSupport.repoRoot.appendingPathComponent("catalog/example").path
        // The first ALERTS request is refused (400); the others answer a firing with a hostile team label and
        // sample times at 1e300 (no time of any quarter) and 2026-07-20 10:00 and 10:01 UTC.
        let hostile =
            #"[{"metric":{"alertname":"SLOBurnRate","severity":"page","team":"<b>\"x\"</b>","service":"api-gateway","slo":"availability"},"values":[[1784541600,"1e300"],[1784541600,"1784541600"],[1784541660,"1784541660"]]}]"#
        let server = try ScriptedServer { request in
            guard request.body.contains("ALERTS") else { return FakePrometheus.answer(request, matrix: "[]", vector: "[]") }
            if request.body.contains("start=1782864000&") { return ScriptedServer.Response(status: 400, body: Array(#"{"status":"error","error":"no"}"#.utf8)) }
            return FakePrometheus.answer(request, matrix: hostile, vector: "[]")
        }
        let path = dir.appendingPathComponent("s.json").path
        let run = try TestSupport.oac(["snapshot", catalog, "--quarter", "2026-Q3", "--prometheus", server.url, "--attempts", "1", "-o", path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("warning: the alert history from 2026-07-01T00:00:00Z to 2026-07-07T23:59:00Z could not be read"), "\(run.stderr)")
        // 14 weekly requests for the quarter's alert history.
        #expect(server.requests.filter { $0.body.contains("ALERTS") }.count == 14)
        let snapshot = try Snapshot.decode(Data(contentsOf: URL(fileURLWithPath: path)))
        let onCall = try #require(snapshot.onCall)
        #expect(onCall.unread.map(\.start) == ["2026-07-01T00:00:00Z"])
        // Every other week answers the same firing: one firing of 2026-07-20 10:00–10:01.
        #expect(onCall.firings.count == 1)
        #expect(onCall.firings.first?.team == #"<b>"x"</b>"#)
        #expect(onCall.firings.first?.end == "2026-07-20T10:01:00Z")
        let out = dir.appendingPathComponent("report")
        let report = try TestSupport.oac(["report", catalog, "--quarter", "2026-Q3", "--snapshot", path, "--out", out.path])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("could not be read"))
        #expect(html.contains("&lt;b&gt;"))
        #expect(!html.contains("<b>\""))
    }

    static func checkFigures(_ onCall: [String: Any]) {
        #expect(onCall["available"] as? Bool == true)
        // Pages: P1–P5 and the three cart pages; tickets: T1.
        #expect(onCall["pages"] as? Int == 8)
        #expect(onCall["tickets"] as? Int == 1)
        // Out of hours: P1 (08:30 CET), P5 (Saturday) and the three cart pages (after 17:00 UTC) = 5 of 8.
        #expect(onCall["outOfHoursPages"] as? Int == 5)
        #expect((onCall["outOfHoursShare"] as? NSNumber)?.doubleValue == 0.625)
        // Noise: every page but P3 (INC-1 names shop and overlaps it).
        #expect(onCall["noisePages"] as? Int == 7)
        let weeks = onCall["weeks"] as? [String] ?? []
        #expect(weeks.count == 14)
        #expect(weeks.first == "2026-01-01")
        #expect(weeks.last == "2026-03-30")
        let teams = onCall["teams"] as? [String: [String: Any]] ?? [:]
        let berlin = teams["berlin"] ?? [:]
        let ops = teams["ops"] ?? [:]
        func pagesPerWeek(_ team: [String: Any]) -> [Int] { (team["weeks"] as? [[String: Any]] ?? []).map { $0["pages"] as? Int ?? -1 } }
        func ticketsPerWeek(_ team: [String: Any]) -> [Int] { (team["weeks"] as? [[String: Any]] ?? []).map { $0["tickets"] as? Int ?? -1 } }
        //                       1J 5J 12J 19J 26J 2F 9F 16F 23F 2M 9M 16M 23M 30M
        #expect(pagesPerWeek(berlin) == [0, 0, 2, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1])
        #expect(ticketsPerWeek(berlin) == [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(pagesPerWeek(ops) == [0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0])
        // berlin: P1 and P5 of 5 (P4 is in hours only with summer time); ops: 3 of 3.
        #expect(berlin["outOfHoursPages"] as? Int == 2)
        #expect((berlin["outOfHoursShare"] as? NSNumber)?.doubleValue == 0.4)
        #expect(berlin["timeZone"] as? String == "Europe/Berlin")
        #expect(ops["outOfHoursPages"] as? Int == 3)
        #expect(ops["timeZone"] as? String == "UTC")
        // Noisiest: shop's page, 5 firings (P1–P5), 1 flap (P2, 30 minutes after P1), shortest 3 minutes (P5),
        // median 10 of 10, 10, 20, 3, 15; then cart's page, 3 firings, 2 flaps (10 and 15 minutes after the
        // previous end), shortest 1 minute (19:20 to 19:21), median 5 of 20, 5, 1; then shop's ticket.
        let noisiest = onCall["noisiest"] as? [[String: Any]] ?? []
        #expect(noisiest.count == 3)
        #expect(noisiest.first?["service"] as? String == "shop")
        #expect(noisiest.first?["severity"] as? String == "page")
        #expect(noisiest.first?["firings"] as? Int == 5)
        #expect(noisiest.first?["flaps"] as? Int == 1)
        #expect((noisiest.first?["shortestMinutes"] as? NSNumber)?.doubleValue == 3)
        #expect((noisiest.first?["medianMinutes"] as? NSNumber)?.doubleValue == 10)
        let cart = noisiest.count > 1 ? noisiest[1] : [:]
        #expect(cart["service"] as? String == "cart")
        #expect(cart["firings"] as? Int == 3)
        #expect(cart["flaps"] as? Int == 2)
        #expect((cart["shortestMinutes"] as? NSNumber)?.doubleValue == 1)
        #expect((cart["medianMinutes"] as? NSNumber)?.doubleValue == 5)
        // Runbooks: per service 2 page + 2 ticket burn-rate rules, SLONoData and ErrorBudgetFreeze (6), and the
        // 6 self-monitoring rules: 18; shop's 6 and the self-monitoring 6 link a runbook, cart's do not.
        let runbooks = onCall["runbooks"] as? [String: Any] ?? [:]
        #expect(runbooks["alertRules"] as? Int == 18)
        #expect(runbooks["withRunbook"] as? Int == 12)
        #expect(runbooks["servicesWithout"] as? [String] == ["cart"])
    }
}
