import Foundation
import OACModel
import OACPromQL
import OACReport
import Testing

/// On-call health without a server: firings from hand-made sample lists, working hours across a DST change,
/// incident matching, the noisiest-alert order, the snapshot's `onCall` across versions, and hostile label values
/// in every output.
@Suite("On-call health")
struct OnCallTests {
    /// Unix seconds of `2026-03-30T07:30:00Z` style text.
    static func t(_ s: String) -> Double { Timestamp.parse(s)!.timeIntervalSince1970 }

    // MARK: - Firings from samples

    @Test("samples a minute apart are one firing, from the first sample to the last")
    func oneFiring() {
        let f = OnCallHistory.firings(sampleTimes: stride(from: 600.0, through: 1200, by: 60).map { $0 }, maxGap: 360)
        #expect(f.count == 1)
        #expect(f.first?.start == 600)
        #expect(f.first?.end == 1200)
    }

    @Test("a gap of exactly step + lookback keeps one firing; one second more starts a new one")
    func gapRule() {
        // 0, 60, 120, then 480: 360 s after 120.
        #expect(OnCallHistory.firings(sampleTimes: [0, 60, 120, 480], maxGap: 360).map(\.start) == [0])
        // 0, 60, 120, then 481: 361 s after 120.
        let split = OnCallHistory.firings(sampleTimes: [0, 60, 120, 481], maxGap: 360)
        #expect(split.map(\.start) == [0, 481])
        #expect(split.map(\.end) == [120, 481])
    }

    @Test("unsorted and repeated sample times (one per step of a query) give the same firings; no samples, none")
    func unsorted() {
        let f = OnCallHistory.firings(sampleTimes: [3000, 60, 0, 60, 60, 3060, 120, 3000, .nan], maxGap: 360)
        #expect(f.map(\.start) == [0, 3000])
        #expect(f.map(\.end) == [120, 3060])
        #expect(OnCallHistory.firings(sampleTimes: [], maxGap: 360).isEmpty)
        // A single sample is a firing of no length.
        #expect(OnCallHistory.firings(sampleTimes: [42], maxGap: 360).map(\.end) == [42])
    }

    @Test("the query's answers, one per week, join per routed alert; alerts without a name are ignored")
    func historyFromAnswers() {
        let labels = ["alertname": "SLOBurnRate", "severity": "page", "team": "a", "service": "s", "slo": "o"]
        // Week 1 ends at 1000, week 2 starts at 1060: the firing runs on.
        let week1 = PrometheusClient.Series(labels: labels, points: [(940, 900), (1000, 960)])
        let week2 = PrometheusClient.Series(labels: labels, points: [(1060, 1020), (1120, 1080), (5000, 4980)])
        let stray = PrometheusClient.Series(labels: ["severity": "page"], points: [(60, 60)])
        let h = OnCallFetcher.history([[week1, stray], [week2]])
        #expect(h.firings.map(\.start) == [Timestamp.format(Date(timeIntervalSince1970: 900)), Timestamp.format(Date(timeIntervalSince1970: 4980))])
        #expect(h.firings.first?.end == Timestamp.format(Date(timeIntervalSince1970: 1080)))
        #expect(h.firings.allSatisfy { $0.service == "s" && $0.team == "a" })
    }

    @Test("a quarter is read in 14 weekly requests of at most 10,081 one-minute points (the limit is 11,000)")
    func windows() {
        let q = Quarter(year: 2026, number: 3)
        let w = OnCallFetcher.windows(start: q.start, end: q.lastDay.end)
        #expect(w.count == 14)  // 92 days = 13 weeks and 1 day
        for x in w { #expect(x.end.timeIntervalSince(x.start) / 60 + 1 <= 10_081) }
        #expect(w.first?.start == q.start)
        #expect(w.last?.end == q.lastDay.end)
        #expect(
            OnCallFetcher.query(alertNames: ["A", "B.c"])
                == #"max by (alertname, severity, team, service, slo) (timestamp(ALERTS{alertstate="firing", alertname=~"A|B\\.c"}))"#)
    }

    // MARK: - Working hours

    @Test("working hours follow the team's clock across the spring DST change (Europe/Berlin, 29 March 2026)")
    func dst() {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let hours = WorkingHours.standard  // monday–friday 09:00–17:00
        // Friday 27 March 07:30 UTC = 08:30 CET (UTC+1): before 09:00.
        #expect(!OnCallHealth.inWorkingHours(Date(timeIntervalSince1970: Self.t("2026-03-27T07:30:00Z")), hours: hours, zone: berlin))
        // Monday 30 March 07:30 UTC = 09:30 CEST (UTC+2): working.
        #expect(OnCallHealth.inWorkingHours(Date(timeIntervalSince1970: Self.t("2026-03-30T07:30:00Z")), hours: hours, zone: berlin))
        // Monday 30 March 15:00 UTC = 17:00 CEST: the end is not inside.
        #expect(!OnCallHealth.inWorkingHours(Date(timeIntervalSince1970: Self.t("2026-03-30T15:00:00Z")), hours: hours, zone: berlin))
        // Saturday 28 March 10:00 UTC: not a working day.
        #expect(!OnCallHealth.inWorkingHours(Date(timeIntervalSince1970: Self.t("2026-03-28T10:00:00Z")), hours: hours, zone: berlin))
        // Monday 2 March 23:30 UTC is Tuesday 3 March 08:30 in Asia/Tokyo (UTC+9): before 09:00 there.
        let tokyo = TimeZone(identifier: "Asia/Tokyo")!
        #expect(!OnCallHealth.inWorkingHours(Date(timeIntervalSince1970: Self.t("2026-03-02T23:30:00Z")), hours: hours, zone: tokyo))
        #expect(OnCallHealth.inWorkingHours(Date(timeIntervalSince1970: Self.t("2026-03-03T00:30:00Z")), hours: hours, zone: tokyo))
    }

    @Test("working hours read as words: monday–friday 09:00–17:00, a list when the days are not a run")
    func hoursDescription() {
        #expect(WorkingHours.standard.description == "monday–friday 09:00–17:00")
        #expect(WorkingHours(days: [.monday, .wednesday], start: 480, end: 1440).description == "monday, wednesday 08:00–24:00")
    }

    // MARK: - Incidents and noise

    static func firing(_ start: String, _ end: String, service: String? = "shop", team: String? = "a", severity: String = "page", alert: String = "SLOBurnRate")
        -> OnCallHistory.Firing
    {
        OnCallHistory.Firing(
            alert: alert, severity: severity, team: team, service: service, slo: service == nil ? nil : "availability",
            start: Timestamp.parse(start)!, end: Timestamp.parse(end)!)
    }

    static let incident = ReportIncident(
        Incident(
            id: "INC-1", title: "t", services: ["shop"], severity: .sev2, started: Timestamp.parse("2026-02-10T10:00:00Z")!,
            detected: nil, acknowledged: nil, mitigated: nil, resolved: Timestamp.parse("2026-02-10T11:00:00Z")!,
            postmortem: .init(status: .none, url: nil), actionItems: [], summary: nil),
        source: .catalog, startKnown: true)

    @Test("a page is explained by an incident of its service that it overlaps, within 30 minutes either side")
    func explained() {
        let i = [Self.incident]
        #expect(OnCallHealth.explained(Self.firing("2026-02-10T10:05:00Z", "2026-02-10T10:25:00Z"), by: i))
        // Ends 30 minutes before the start: still this incident's; 31 minutes: not.
        #expect(OnCallHealth.explained(Self.firing("2026-02-10T09:00:00Z", "2026-02-10T09:30:00Z"), by: i))
        #expect(!OnCallHealth.explained(Self.firing("2026-02-10T09:00:00Z", "2026-02-10T09:29:00Z"), by: i))
        // Starts 30 minutes after the resolution: explained; 31: not.
        #expect(OnCallHealth.explained(Self.firing("2026-02-10T11:30:00Z", "2026-02-10T11:40:00Z"), by: i))
        #expect(!OnCallHealth.explained(Self.firing("2026-02-10T11:31:00Z", "2026-02-10T11:40:00Z"), by: i))
        // Another service's page at the same time is noise; a page without a service (self-monitoring) is not.
        #expect(!OnCallHealth.explained(Self.firing("2026-02-10T10:05:00Z", "2026-02-10T10:25:00Z", service: "cart"), by: i))
        #expect(OnCallHealth.explained(Self.firing("2026-02-10T10:05:00Z", "2026-02-10T10:25:00Z", service: nil), by: i))
    }

    @Test("the noisiest alert has the most firings; a tie goes to more flaps, then the shorter firing")
    func noisiest() throws {
        let model = try ReportFixtures.model()
        let history = OnCallHistory(
            stepSeconds: 60, maxGapSeconds: 360,
            firings: [
                // x: 2 firings, 0 flaps (a day apart).
                Self.firing("2026-07-01T10:00:00Z", "2026-07-01T10:10:00Z", alert: "X"),
                Self.firing("2026-07-02T10:00:00Z", "2026-07-02T10:10:00Z", alert: "X"),
                // y: 2 firings, 1 flap (the second 20 minutes after the first ended).
                Self.firing("2026-07-01T10:00:00Z", "2026-07-01T10:30:00Z", alert: "Y"),
                Self.firing("2026-07-01T10:50:00Z", "2026-07-01T11:00:00Z", alert: "Y"),
                // z: 3 firings a week apart.
                Self.firing("2026-07-01T10:00:00Z", "2026-07-01T10:10:00Z", alert: "Z"),
                Self.firing("2026-07-08T10:00:00Z", "2026-07-08T10:10:00Z", alert: "Z"),
                Self.firing("2026-07-15T10:00:00Z", "2026-07-15T10:10:00Z", alert: "Z")
            ])
        let o = OnCallHealth.build(
            history: history, model: model, quarter: ReportFixtures.quarter, through: ReportFixtures.quarter.lastDay, incidents: [],
            inventory: AlertInventory(rules: []))
        #expect(o.noisiest.map(\.alert) == ["Z", "Y", "X"])
        #expect(o.noisiest.map(\.flaps) == [0, 1, 0])
        #expect(o.noisiest[1].shortestSeconds == 600)
        #expect(o.pages == 7)
        // "a" is not a team of the catalog: listed after the catalog's, marked.
        #expect(o.teams.map(\.team) == ["shop", "a"])
        #expect(o.teams.last?.inCatalog == false)
    }

    @Test(
        "a page on a drill's service inside its window (± 30 minutes) is a drill page, not noise; a planned drill, another service or no service leaves it noise"
    )
    func drillPages() throws {
        var model = try ReportFixtures.model()
        func drill(_ name: String, date: String, start: String? = nil, duration: String? = nil, services: [String], outcome: DrillOutcome) -> Drill {
            Drill(
                name: name, title: name, date: date, start: start.flatMap(Timestamp.parse), duration: duration.flatMap(PromDuration.init(parsing:)),
                services: services, slos: [], hypothesis: "h", fault: "f", outcome: outcome)
        }
        model.drills = [
            // 14:00–15:00 on shop: with the tolerance, pages overlapping 13:30–15:30 are the drill's.
            drill("latency", date: "2026-07-10", start: "2026-07-10T14:00:00Z", duration: "1h", services: ["shop"], outcome: .held),
            // Not run yet: explains nothing, though it covers cart at the same time.
            drill("planned", date: "2026-07-10", start: "2026-07-10T14:00:00Z", duration: "1h", services: ["cart"], outcome: .planned),
            // No start: the whole UTC day, 2026-07-20T00:00 to 07-21T00:00, so pages up to 00:30 the next day.
            drill("zone", date: "2026-07-20", services: ["shop"], outcome: .aborted)
        ]
        let history = OnCallHistory(
            stepSeconds: 60, maxGapSeconds: 360,
            firings: [
                Self.firing("2026-07-10T14:10:00Z", "2026-07-10T14:20:00Z"),  // A: inside: drill
                Self.firing("2026-07-10T15:30:00Z", "2026-07-10T15:40:00Z"),  // B: 30 min after the end: drill
                Self.firing("2026-07-10T15:31:00Z", "2026-07-10T15:40:00Z"),  // C: 31 min after: noise
                Self.firing("2026-07-10T14:10:00Z", "2026-07-10T14:20:00Z", service: "cart"),  // D: planned drill only: noise
                Self.firing("2026-07-10T14:10:00Z", "2026-07-10T14:20:00Z", service: nil),  // E: no service: noise
                Self.firing("2026-07-10T14:10:00Z", "2026-07-10T14:20:00Z", severity: "ticket"),  // a ticket: neither
                Self.firing("2026-07-20T23:00:00Z", "2026-07-20T23:10:00Z"),  // F: inside the day: drill
                Self.firing("2026-07-21T00:31:00Z", "2026-07-21T00:40:00Z")  // G: 31 min after the day: noise
            ])
        let o = OnCallHealth.build(
            history: history, model: model, quarter: ReportFixtures.quarter, through: ReportFixtures.quarter.lastDay, incidents: [],
            inventory: AlertInventory(rules: []))
        // Pages A–G: 7; the drill's A, B, F: 3; noise C, D, E, G: 4.
        #expect(o.pages == 7)
        #expect(o.tickets == 1)
        #expect(o.drillPages == 3)
        #expect(o.noisePages.map(\.start).sorted() == ["2026-07-10T14:10:00Z", "2026-07-10T14:10:00Z", "2026-07-10T15:31:00Z", "2026-07-21T00:31:00Z"])
        #expect(o.teams.first { $0.team == "a" }?.drillPages == 3)
        // 4 of 7 pages are noise.
        #expect(o.noiseShare == 4.0 / 7.0)

        var s = ReportFixtures.snapshot([:])
        s.onCall = history
        let card = ScorecardBuilder(model: model).build(data: s, previous: nil, incidents: [])
        #expect(card.onCall?.drillPages == 3)
        let files = try ReportRenderer(templates: .defaults, oacVersion: "test").render(card)
        let json = try #require(files.first { $0.path == "summary.json" }?.contents)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let onCall = try #require(object["onCall"] as? [String: Any])
        #expect(onCall["drillPages"] as? Int == 3)
        #expect(onCall["noisePages"] as? Int == 4)
        #expect(try #require(files.first { $0.path == "summary.md" }?.contents).contains("4 with no incident, 3 during chaos drills)"))
        #expect(try #require(files.first { $0.path == "index.html" }?.contents).contains("3 more fired during chaos drills and are not counted"))
    }

    // MARK: - Snapshots and hostile text

    @Test("the snapshot keeps the alert history (version 3) and reads back equal; versions 1 and 2 have none")
    func snapshotRoundTrip() throws {
        var s = ReportFixtures.snapshot([:])
        s.onCall = OnCallHistory(
            stepSeconds: 60, maxGapSeconds: 360, firings: [Self.firing("2026-07-01T10:00:00Z", "2026-07-01T10:10:00Z", service: nil)],
            unread: [.init(start: Timestamp.parse("2026-07-08T00:00:00Z")!, end: Timestamp.parse("2026-07-14T23:59:00Z")!)])
        let back = try Snapshot.decode(Data(s.encoded().utf8))
        #expect(back == s)
        #expect(back.version == 3)
        for version in [1, 2] {
            let old = #"{"version":\#(version),"quarter":"2026-Q3","generatedAt":"x","through":"2026-09-30","activeSeries":[],"slos":[]}"#
            #expect(try Snapshot.decode(Data(old.utf8)).onCall == nil)
        }
        // A firing that ends before it starts is refused with its place.
        var bad = s
        bad.onCall?.firings[0].end = "2026-07-01T09:00:00Z"
        #expect(throws: Snapshot.FormatError.self) { try Snapshot.decode(Data(bad.encoded().utf8)) }
    }

    @Test("hostile team names and alert labels are escaped in HTML and Markdown and stay exact in summary.json")
    func hostile() throws {
        let model = try ReportFixtures.model()
        let team = #"<img src=x onerror=alert(1)>"&*_"#
        let alert = #"A|B`[x](http://e)</td>"#
        var s = ReportFixtures.snapshot([:])
        s.onCall = OnCallHistory(
            stepSeconds: 60, maxGapSeconds: 360,
            firings: [
                OnCallHistory.Firing(
                    alert: alert, severity: "page", team: team, service: "<svc>", slo: nil, start: Timestamp.parse("2026-07-01T10:00:00Z")!,
                    end: Timestamp.parse("2026-07-01T10:10:00Z")!)
            ])
        let card = ScorecardBuilder(model: model).build(data: s, previous: nil, incidents: [])
        let files = try ReportRenderer(templates: .defaults, oacVersion: "test").render(card)
        let html = try #require(files.first { $0.path == "index.html" }?.contents)
        #expect(!html.contains("<img"))
        #expect(!html.contains("<svc>"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        let md = try #require(files.first { $0.path == "summary.md" }?.contents)
        #expect(md.contains(#"A\|B\`\[x\](http://e)\</td\>"#), "\(md)")
        let json = try #require(files.first { $0.path == "summary.json" }?.contents)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let onCall = try #require(object["onCall"] as? [String: Any])
        #expect((onCall["teams"] as? [String: Any])?[team] != nil)
        #expect((onCall["noisiest"] as? [[String: Any]])?.first?["alert"] as? String == alert)
    }
}
