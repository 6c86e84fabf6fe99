import Foundation
import Testing

/// `oac snapshot` and `oac report` against a Prometheus that answers hostile data: no crash, no hang, no
/// unbounded memory, no credential sent or printed where it must not be. Every run is a child process with a
/// time and memory limit.
@Suite("Hostile Prometheus")
struct HostileServerTests {
    static let example = "catalog/example"
    /// 2026-07-02T00:00:00Z: the end of the quarter's first day.
    static let day1 = 1_782_950_400

    static func series(objectiveRatio: String = "0.999", time: String = "\(day1)", value: String = "1000") -> (String, String) {
        let labels = #"{"service":"api-gateway","slo":"availability"}"#
        return (#"[{"metric":\#(labels),"values":[[\#(time),"\#(value)"]]}]"#, objectiveRatio)
    }

    /// A server answering every range query with `matrix` (objectives: `objectiveMatrix`) and the instant
    /// query with `vector`.
    static func server(matrix: String, objectiveMatrix: String? = nil, vector: String = "[]") throws -> ScriptedServer {
        try ScriptedServer { request in
            let isObjective = request.body.contains("objective")
            return FakePrometheus.answer(request, matrix: isObjective ? (objectiveMatrix ?? series(value: "0.999").0) : matrix, vector: vector)
        }
    }

    static func snapshot(_ server: ScriptedServer, to path: String, extra: [String] = []) throws -> LimitedProcess.Run {
        try LimitedProcess.oac(
            [
                "snapshot", example, "--quarter", "2026-Q3", "--prometheus", server.url, "-o", path,
                "--attempts", "1"
            ] + extra, seconds: 120, memoryMiB: 4096)
    }

    @Test("a sample at time 1e300 (or -1e300, 9e18) is no day of the quarter: no crash")
    func hugeTime() throws {
        let dir = try TestSupport.temporaryDirectory("oac-hostile")
        for time in ["1e300", "-1e300", "9.3e18", "8e23"] {
            let s = try Self.server(matrix: Self.series(time: time).0)
            let run = try Self.snapshot(s, to: dir.appendingPathComponent("s.json").path)
            #expect(run.exited && !run.timedOut, "time \(time): \(run.stderr)")
            #expect(run.status == 0, "time \(time): \(run.stderr)")
        }
    }

    @Test("an active-series count of 9.3e18 or -5 is refused as out of range, not a crash")
    func activeSeries() throws {
        let dir = try TestSupport.temporaryDirectory("oac-hostile")
        for value in ["9.3e18", "-5", "1e300"] {
            let s = try Self.server(
                matrix: Self.series().0,
                vector: #"[{"metric":{"job":"api-gateway"},"value":[\#(Self.day1),"\#(value)"]}]"#)
            let run = try Self.snapshot(s, to: dir.appendingPathComponent("s.json").path)
            #expect(run.exited && run.status == 1, "series \(value): \(run.stderr)")
            #expect(run.stderr.contains("out of range"), "\(run.stderr)")
        }
        // The same counts in a snapshot file are refused by `report`.
        let snapshot = try String(
            contentsOfFile: TestSupport.repoRoot.appendingPathComponent("catalog/example/report/2026-Q3.snapshot.json").path, encoding: .utf8)
        for (bad, says) in [("\"series\": 6410.0", "activeSeries"), ("\"objective\": 99.95", "objective")] {
            for value in bad.contains("series") ? ["9300000000000000000", "-5"] : ["150", "0", "1.8e297"] {
                let replaced = snapshot.replacingOccurrences(of: bad, with: bad.split(separator: ":")[0] + ": " + value)
                #expect(replaced != snapshot, "the fixture holds \(bad)")
                let file = dir.appendingPathComponent("bad.json")
                try Data(replaced.utf8).write(to: file)
                let run = try LimitedProcess.oac([
                    "report", Self.example, "--quarter", "2026-Q3", "--snapshot", file.path,
                    "--out", dir.appendingPathComponent("r").path
                ])
                #expect(run.exited && run.status == 1, "\(bad) → \(value): \(run.stderr)")
                #expect(run.stderr.contains(says), "\(run.stderr)")
            }
        }
    }

    @Test("a recorded objective of 1.8e297 (or 150) fails the snapshot and leaves the previous file as it was")
    func hugeObjective() throws {
        let dir = try TestSupport.temporaryDirectory("oac-hostile")
        let path = dir.appendingPathComponent("s.json").path
        let good = try Self.server(matrix: Self.series().0, objectiveMatrix: Self.series(value: "0.999").0)
        #expect(try Self.snapshot(good, to: path).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for ratio in ["1.8e295", "1.5", "0", "-1"] {
            let s = try Self.server(matrix: Self.series().0, objectiveMatrix: Self.series(value: ratio).0)
            let run = try Self.snapshot(s, to: path)
            #expect(run.exited && run.status == 1, "ratio \(ratio): \(run.stderr)")
            #expect(run.stderr.contains("objective"), "\(run.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        }
    }

    @Test("--timeout inf, 1e18 or nan is a usage error, not a crash")
    func timeouts() throws {
        for t in ["inf", "1e18", "nan", "86401"] {
            let run = try LimitedProcess.oac([
                "snapshot", Self.example, "--quarter", "2026-Q3", "--prometheus", "http://127.0.0.1:9",
                "--timeout", t, "-o", "/nonexistent/x.json"
            ])
            #expect(run.exited && run.status == 2, "--timeout \(t): \(run.stderr)")
            #expect(run.stderr.contains("--timeout"), "\(run.stderr)")
        }
    }

    @Test("a timeout says so in words, not as a URL error code")
    func timeoutWords() throws {
        let slow = try ScriptedServer { _ in
            Thread.sleep(forTimeInterval: 4)
            return .json("{}")
        }
        let run = try LimitedProcess.oac([
            "snapshot", Self.example, "--quarter", "2026-Q3", "--prometheus", slow.url,
            "--timeout", "1", "--attempts", "1", "-o", "/nonexistent/x.json"
        ])
        #expect(run.exited && run.status == 1)
        #expect(run.stderr.contains("timed out"), "\(run.stderr)")
        #expect(!run.stderr.contains("NSURLErrorDomain"), "\(run.stderr)")
    }

    @Test("a redirect to another origin drops Authorization and X-Scope-OrgID")
    func crossOriginRedirect() throws {
        let other = try Self.server(matrix: Self.series().0)
        let first = try ScriptedServer { request in
            ScriptedServer.Response(status: 307, headers: ["Location": other.url + request.path])
        }
        let dir = try TestSupport.temporaryDirectory("oac-hostile")
        let run = try Self.snapshot(
            first, to: dir.appendingPathComponent("s.json").path,
            extra: ["--header", "Authorization: Bearer s3cret", "--header", "X-Scope-OrgID: tenant-1"])
        #expect(run.exited, "\(run.stderr)")
        #expect(!first.requests.isEmpty && first.requests.allSatisfy { $0.headers["authorization"] == "Bearer s3cret" })
        #expect(!other.requests.isEmpty, "the redirect was followed")
        for r in other.requests {
            #expect(r.headers["authorization"] == nil, "\(r.headers)")
            #expect(r.headers["x-scope-orgid"] == nil, "\(r.headers)")
        }
    }

    @Test("a password in --prometheus is sent as Basic auth and printed nowhere: snapshot source, errors, report footer")
    func passwordRedacted() throws {
        let s = try Self.server(matrix: Self.series().0)
        let dir = try TestSupport.temporaryDirectory("oac-hostile")
        let path = dir.appendingPathComponent("s.json").path
        let url = s.url.replacingOccurrences(of: "http://", with: "http://alice:hunter2@")
        let run = try LimitedProcess.oac(["snapshot", Self.example, "--quarter", "2026-Q3", "--prometheus", url, "-o", path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(s.requests.first?.headers["authorization"] == "Basic " + Data("alice:hunter2".utf8).base64EncodedString())
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("hunter2") && text.contains("127.0.0.1"))
        let report = try LimitedProcess.oac([
            "report", Self.example, "--quarter", "2026-Q3", "--prometheus", url,
            "--out", dir.appendingPathComponent("r").path
        ])
        #expect(report.status == 0, "\(report.stderr)")
        for (file, data) in TestSupport.tree(dir.appendingPathComponent("r")) {
            #expect(!String(decoding: data, as: UTF8.self).contains("hunter2"), "\(file)")
        }
        let unreachable = try LimitedProcess.oac([
            "snapshot", Self.example, "--quarter", "2026-Q3", "--attempts", "1",
            "--prometheus", "http://alice:hunter2@127.0.0.1:9", "-o", path
        ])
        #expect(unreachable.status == 1)
        #expect(!unreachable.stderr.contains("hunter2") && unreachable.stderr.contains("127.0.0.1:9"), "\(unreachable.stderr)")
    }

    @Test("an answer that inflates past the limit (a gzip bomb), or is declared larger, is refused while it arrives")
    func boundedAnswers() throws {
        // 300 MB of zeros, gzipped (~300 KB): inflates past the 256 MiB limit.
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "head -c 300000000 /dev/zero | gzip -1"]
        let pipe = Pipe()
        gzip.standardOutput = pipe
        try gzip.run()
        let bomb = [UInt8](pipe.fileHandleForReading.readDataToEndOfFile())
        gzip.waitUntilExit()
        let s = try ScriptedServer { _ in
            ScriptedServer.Response(headers: ["Content-Type": "application/json", "Content-Encoding": "gzip"], body: bomb)
        }
        let dir = try TestSupport.temporaryDirectory("oac-hostile")
        let run = try LimitedProcess.oac(
            [
                "snapshot", Self.example, "--quarter", "2026-Q3", "--prometheus", s.url,
                "--attempts", "1", "-o", dir.appendingPathComponent("s.json").path
            ],
            seconds: 120, memoryMiB: 3072)
        #expect(run.exited && !run.timedOut && run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("limit"), "\(run.stderr)")
    }
}
