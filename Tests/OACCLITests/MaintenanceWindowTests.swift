import Foundation
import OACModel
import OACReport
import OACTestSupport
import Testing
import Yams

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// Maintenance windows in the Alertmanager config: amtool accepts the `time_intervals`, routes the service's
/// alerts to a route whose leaves mute them, and a live Alertmanager on loopback does not deliver an alert inside a
/// window while it delivers the same alert of a service without one.
@Suite("Maintenance windows in Alertmanager", .serialized)
struct MaintenanceWindowTests {
    /// Team `t` pages and tickets to a webhook; `svc` has a one-off window around `now` (all SLOs) and a weekly
    /// one for `latency` only; `other` has none.
    static func catalog(hook: String, now: Date) -> String {
        let start = Timestamp.format(now.addingTimeInterval(-2 * 3600))
        let end = Timestamp.format(now.addingTimeInterval(2 * 3600))
        func service(_ name: String, windows: String) -> String {
            """
            ---
            apiVersion: oac/v1
            kind: Service
            metadata: {name: \(name)}
            spec:
              owner: t
              tier: std
              metrics: [{name: requests_total, type: counter, labels: {code: 5}}]
              slos:
                - name: avail
                  objective: 99
                  sli: {events: {bad: 'requests_total{job="\(name)",code=~"5.."}', total: 'requests_total{job="\(name)"}'}}
                - name: latency
                  objective: 99
                  sli: {events: {bad: 'requests_total{job="\(name)",code="504"}', total: 'requests_total{job="\(name)"}'}}
            \(windows)
            """
        }
        return """
            apiVersion: oac/v1
            kind: Platform
            metadata: {name: p}
            spec:
              prometheus: {version: "2.42", scrapeInterval: 30s, evaluationInterval: 30s, retention: 40d}
              retentionTiers: [{name: std, metrics: {local: 40d}}]
            ---
            apiVersion: oac/v1
            kind: Team
            metadata: {name: t}
            spec:
              page: {webhook: {url: "\(hook)/page"}}
              ticket: {webhook: {url: "\(hook)/ticket"}}
            \(service("svc", windows: """
              maintenanceWindows:
                - {name: now, reason: database upgrade, owner: t, added: 2026-12-01, start: "\(start)", end: "\(end)"}
                - name: patching
                  reason: node patching
                  owner: t
                  added: 2026-12-01
                  slos: [latency]
                  weekly: {days: [sunday], start: "03:00", end: "04:00"}
                  timeZone: Europe/Berlin
            """))
            \(service("other", windows: ""))
            """
    }

    static func compile(_ text: String, in work: URL) throws -> URL {
        let catalog = work.appendingPathComponent("catalog.yaml")
        try Data(text.utf8).write(to: catalog)
        let out = work.appendingPathComponent("out")
        let run = try TestSupport.oac(["compile", catalog.path, "--out", out.path])
        try #require(run.status == 0, "\(run.stderr)")
        return out.appendingPathComponent(Conventions.alertmanagerFile)
    }

    @Test("amtool accepts the time intervals and routes the service's alerts through routes that mute them", .requires(.amtool))
    func amtool() throws {
        let amtool = try ExternalTool.amtool.require()
        let work = try TestSupport.temporaryDirectory("oac-maintenance-amtool")
        defer { try? FileManager.default.removeItem(at: work) }
        let config = try Self.compile(Self.catalog(hook: "http://127.0.0.1:9", now: Date()), in: work)
        let check = try TestSupport.run(amtool, ["check-config", config.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        for (labels, receiver) in [
            (["service=svc", "slo=avail", "severity=page"], "t-page"),
            (["service=svc", "slo=latency", "severity=ticket"], "t-ticket"),
            (["service=other", "slo=avail", "severity=page"], "t-page")
        ] {
            let route = try TestSupport.run(amtool, ["config", "routes", "test", "--config.file=\(config.path)", "team=t"] + labels)
            #expect(route.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == receiver, "\(labels): \(route.stdout)\(route.stderr)")
        }
        // The routes amtool chose, read back: svc's leaves name the windows, other's name none.
        let yaml = try #require(try Yams.load(yaml: String(contentsOf: config, encoding: .utf8)) as? [String: Any])
        let intervals = try #require(yaml["time_intervals"] as? [[String: Any]])
        #expect(intervals.compactMap { $0["name"] as? String } == ["svc-now", "svc-patching"])
        let weekly = try #require((intervals[1]["time_intervals"] as? [[String: Any]])?.first)
        #expect(weekly["location"] as? String == "Europe/Berlin")
        #expect(weekly["weekdays"] as? [String] == ["sunday"])
        let team = try #require(((yaml["route"] as? [String: Any])?["routes"] as? [[String: Any]])?.first)
        let routes = try #require(team["routes"] as? [[String: Any]])
        func muted(_ route: [String: Any]) -> [[String]] {
            (route["routes"] as? [[String: Any]] ?? []).map { $0["mute_time_intervals"] as? [String] ?? [] }
        }
        // SLO avail: the one-off window only; latency: both.
        let avail = try #require(routes.first { ($0["matchers"] as? [String])?.contains(#"slo=~"avail""#) == true })
        #expect(muted(avail) == [["svc-now"], ["svc-now"]])
        let latency = try #require(routes.first { ($0["matchers"] as? [String])?.contains(#"slo=~"latency""#) == true })
        #expect(muted(latency) == [["svc-now", "svc-patching"], ["svc-now", "svc-patching"]])
        #expect(!routes.contains { ($0["matchers"] as? [String])?.contains(#"service="other""#) == true })
    }

    static var alertmanager: URL? {
        ["/usr/bin/prometheus-alertmanager", "/usr/bin/alertmanager", "/usr/local/bin/alertmanager"]
            .map(URL.init(fileURLWithPath:)).first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    @Test(
        "a live Alertmanager delivers the alert outside a window and not the one inside it",
        .enabled(if: MaintenanceWindowTests.alertmanager != nil, "needs prometheus-alertmanager"), .timeLimit(.minutes(3)))
    func live() throws {
        let binary = try #require(Self.alertmanager)
        let work = try TestSupport.temporaryDirectory("oac-maintenance-live")
        defer { try? FileManager.default.removeItem(at: work) }
        let hook = try ScriptedServer { _ in .json("{}") }
        defer { hook.stop() }
        let config = try Self.compile(Self.catalog(hook: hook.url, now: Date()), in: work)
        let port = try MetricsServer.freePort(on: ["127.0.0.1"])
        let log = work.appendingPathComponent("alertmanager.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = [
            "--config.file=\(config.path)", "--storage.path=\(work.appendingPathComponent("am").path)",
            "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=", "--log.level=warn"
        ]
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let base = "http://127.0.0.1:\(port)"
        let deadline = Date().addingTimeInterval(60)
        var ready = false
        while Date() < deadline, process.isRunning {
            if let r = ExternalTools.get(URL(string: "\(base)/-/ready")!, timeout: 1), r.status == 200 {
                ready = true
                break
            }
            usleep(200_000)
        }
        try #require(ready, "Alertmanager did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        let body = """
            [{"labels": {"alertname": "SLOBurnRate", "team": "t", "severity": "page", "service": "svc", "slo": "avail"}},
             {"labels": {"alertname": "SLOBurnRate", "team": "t", "severity": "page", "service": "other", "slo": "avail"}}]
            """
        var request = URLRequest(url: URL(string: "\(base)/api/v2/alerts")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        let posted = Self.send(request)
        try #require(posted == 200, "POST /api/v2/alerts answered \(posted)")

        // The page route waits 10s before its first notification: poll for `other`'s, then give `svc`'s the
        // same time again before judging it absent.
        func delivered(_ service: String) -> Bool {
            hook.requests.contains { $0.path == "/page" && $0.body.contains(#""service":"\#(service)""#) }
        }
        let until = Date().addingTimeInterval(90)
        while Date() < until, !delivered("other") { usleep(250_000) }
        #expect(delivered("other"), "the alert outside a window was not delivered")
        let grace = Date().addingTimeInterval(15)
        while Date() < grace { usleep(250_000) }
        #expect(!delivered("svc"), "the alert inside the maintenance window was delivered")
    }

    static func send(_ request: URLRequest) -> Int {
        final class Box: @unchecked Sendable { var status = 0 }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { _, response, _ in
            box.status = (response as? HTTPURLResponse)?.statusCode ?? 0
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 10)
        return box.status
    }
}
