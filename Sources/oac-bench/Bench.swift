import Foundation
import OACSynthetic

/// `swift run -c release oac-bench [--sizes 100,1000,5000] [--repeat 3] [--out DIR]`: times the real `oac`
/// binary on synthetic catalogs (wall time, CPU time and peak memory of each run, from wait4's rusage) and
/// compares compile time with the time `promtool check rules` needs just to parse the rules oac wrote.
/// It then times `oac report --snapshot` on a synthetic catalog of `--report-slos` SLOs (1000 by default; 0
/// leaves it out) with a synthetic quarter of daily counts (`SyntheticSnapshot`).
/// `oac-bench --shared-counter 250,1000,10000`: compile of one service whose SLOs all read one counter.
/// `oac-bench --incidents 10000,100000 [--catalog catalog/example]`: `report --incidents` of a PagerDuty CSV
/// of N rows (`IncidentsCSVBench`).
/// `oac-bench --eval [--slos 200] [--eval-seconds 180] [--history-hours 26] [--steady-state]`: rule evaluation
/// cost in a real Prometheus, oac's rules against Sloth's shape for the same SLOs (`RuleEvalBench`).
@main
struct Bench {
    struct Measurement {
        var seconds: Double
        var peakMB: Double
        var status: Int32
        /// User plus system CPU time: on a shared machine wall time depends on the other jobs, this does not.
        var cpuSeconds: Double = 0
        /// User CPU time alone: system time on a loaded machine also counts page faults and scheduling.
        var userSeconds: Double = 0
    }

    static func main() throws {
        var sizes = [100, 1000, 5000]
        var repeats = 3
        var workDir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("oac-bench")
        var eval = false
        var slos = 200
        var evalSeconds = 180
        var historyHours = 26
        var steadyState = false
        var reportSLOs = 1000
        var sharedCounter: [Int] = []
        var incidents: [Int] = []
        var catalogPath = "catalog/example"
        var args = CommandLine.arguments.dropFirst().makeIterator()
        while let a = args.next() {
            switch a {
            // `--sizes none` (or an empty list) runs only the report benchmark.
            case "--sizes": sizes = (args.next() ?? "").split(separator: ",").compactMap { Int($0) }
            case "--repeat": repeats = Int(args.next() ?? "") ?? repeats
            case "--out": workDir = URL(fileURLWithPath: args.next() ?? workDir.path)
            case "--eval": eval = true
            case "--slos": slos = Int(args.next() ?? "") ?? slos
            case "--eval-seconds": evalSeconds = max(30, Int(args.next() ?? "") ?? evalSeconds)
            case "--history-hours": historyHours = max(1, Int(args.next() ?? "") ?? historyHours)
            case "--steady-state": steadyState = true
            case "--report-slos": reportSLOs = max(0, Int(args.next() ?? "") ?? reportSLOs)
            // `--shared-counter 250,1000` runs only the benchmark of many SLOs on one counter.
            case "--shared-counter": sharedCounter = (args.next() ?? "").split(separator: ",").compactMap { Int($0) }
            // `--incidents 10000,100000` runs only the benchmark of a PagerDuty CSV of that many rows.
            case "--incidents": incidents = (args.next() ?? "").split(separator: ",").compactMap { Int($0) }
            case "--catalog": catalogPath = args.next() ?? catalogPath
            default:
                print("usage: oac-bench [--sizes 100,1000,5000] [--repeat 3] [--report-slos 1000] [--out DIR]")
                print("       oac-bench --shared-counter 250,1000,10000 [--out DIR]")
                print("       oac-bench --incidents 10000,100000 [--catalog catalog/example] [--repeat 3] [--out DIR]")
                print("       oac-bench --eval [--slos 200] [--eval-seconds 180] [--history-hours 26] [--steady-state] [--out DIR]")
                return
            }
        }
        let oac = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("oac")
        guard FileManager.default.isExecutableFile(atPath: oac.path) else {
            print("build oac first: swift build -c release --product oac")
            return
        }
        if !sharedCounter.isEmpty {
            try sharedCounterBench(oac, sizes: sharedCounter, workDir: workDir)
            return
        }
        if !incidents.isEmpty {
            try incidentsBench(oac, sizes: incidents, catalog: catalogPath, repeats: repeats, workDir: workDir)
            return
        }
        let promtool = which("promtool")
        if eval {
            guard let promtool, let prometheus = which("prometheus") else {
                print("--eval needs promtool and prometheus on PATH")
                return
            }
            try RuleEvalBench(
                oac: oac, promtool: promtool, prometheus: prometheus, slos: slos, evalSeconds: evalSeconds,
                historyHours: historyHours, steadyState: steadyState,
                workDir: workDir.appendingPathComponent(steadyState ? "eval-steady" : "eval")
            ).run()
            return
        }
        print(
            "machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory >> 30) GiB; repeats: \(repeats) (best of)"
        )
        print("")
        let header = [
            "services", "SLOs", "files", "first compile s", "compile s", "compile CPU s", "compile MB", "s/100 svc", "check s", "lint s",
            "lint CPU s", "lint MB", "promtool parse s", "compile/promtool"
        ]
        var rows: [[String]] = []
        var phases = ""
        for n in sizes {
            let dir = workDir.appendingPathComponent("n\(n)")
            try? FileManager.default.removeItem(at: dir)
            let catalog = dir.appendingPathComponent("catalog")
            try SyntheticCatalog(services: n).write(to: catalog)
            let out = dir.appendingPathComponent("out")
            // The first run writes a new tree; later runs replace it (unchanged files are linked, not rewritten).
            let first = run(oac, ["compile", catalog.path, "--out", out.path])
            let compile = best(repeats) { run(oac, ["compile", catalog.path, "--out", out.path]) }
            let files = countFiles(out)
            let check = best(repeats) { run(oac, ["compile", catalog.path, "--out", out.path, "--check"]) }
            let lint = best(repeats) { run(oac, ["lint", catalog.path]) }
            var parse = "-"
            var ratio = "-"
            if let promtool {
                let rules = listFiles(out).filter { $0.hasSuffix(".rules.yml") }
                // In batches: tens of thousands of paths overflow the argument list.
                let p = best(repeats) {
                    stride(from: 0, to: rules.count, by: 1000).map { start in
                        run(promtool, ["check", "rules"] + rules[start..<min(start + 1000, rules.count)])
                    }.reduce(Measurement(seconds: 0, peakMB: 0, status: 0)) {
                        Measurement(
                            seconds: $0.seconds + $1.seconds, peakMB: max($0.peakMB, $1.peakMB),
                            status: max($0.status, $1.status), cpuSeconds: $0.cpuSeconds + $1.cpuSeconds)
                    }
                }
                parse = fmt(p.seconds)
                ratio = String(format: "%.2f", compile.seconds / p.seconds)
            }
            rows.append([
                "\(n)", "\(n * 3)", "\(files)", fmt(first.seconds), fmt(compile.seconds), fmt(compile.cpuSeconds), String(format: "%.0f", compile.peakMB),
                fmt(compile.seconds / Double(n) * 100), fmt(check.seconds), fmt(lint.seconds), fmt(lint.cpuSeconds),
                String(format: "%.0f", lint.peakMB), parse, ratio
            ])
            if n == sizes.max() {
                // Where the wall time of one more (replacing) compile goes, as `oac compile --timings` prints it.
                let log = dir.appendingPathComponent("timings.txt")
                _ = run(oac, ["compile", catalog.path, "--out", out.path, "--timings"], standardError: log.path)
                phases =
                    "phases of one more compile of \(n) services (`oac compile --timings`):\n"
                    + ((try? String(contentsOf: log, encoding: .utf8)) ?? "")
            }
            if compile.status != 0 || check.status != 0 { print("warning: n=\(n): compile exit \(compile.status), check exit \(check.status)") }
        }
        if !rows.isEmpty { print(table(header, rows)) }
        if !phases.isEmpty { print("\n" + phases, terminator: "") }
        if reportSLOs > 0 {
            if !rows.isEmpty { print("") }
            reportBench(oac, slos: reportSLOs, repeats: repeats, workDir: workDir)
        }
    }

    /// `oac report CATALOG --quarter 2026-Q3 --snapshot FILE --out DIR` on a synthetic catalog of at least `slos`
    /// SLOs (three per service) and a synthetic quarter of daily counts for every SLO; then the same with last
    /// quarter's snapshot as `--previous` (the trend doubles the SLO work).
    static func reportBench(_ oac: URL, slos: Int, repeats: Int, workDir: URL) {
        let dir = workDir.appendingPathComponent("report-\(slos)")
        try? FileManager.default.removeItem(at: dir)
        let catalog = SyntheticCatalog(services: (slos + 2) / 3)
        let catalogDir = dir.appendingPathComponent("catalog")
        let q3 = dir.appendingPathComponent("2026-Q3.snapshot.json")
        let q2 = dir.appendingPathComponent("2026-Q2.snapshot.json")
        do {
            try catalog.write(to: catalogDir)
            try SyntheticSnapshot(catalog: catalog, quarter: 3).write(to: q3)
            try SyntheticSnapshot(catalog: catalog, quarter: 2).write(to: q2)
        } catch {
            print("report benchmark: cannot write its inputs: \(error)")
            return
        }
        let sloCount = catalog.slos().count
        let snapshotMB = Double((try? FileManager.default.attributesOfItem(atPath: q3.path)[.size] as? Int) ?? 0) / 1_048_576
        let out = dir.appendingPathComponent("out")
        let base = ["report", catalogDir.path, "--quarter", "2026-Q3", "--snapshot", q3.path, "--out", out.path]
        let header = ["report", "services", "SLOs", "snapshot MB", "wall s", "CPU s", "peak MB"]
        var rows: [[String]] = []
        for (name, args) in [("--snapshot", base), ("--snapshot --previous", base + ["--previous", q2.path])] {
            let m = best(repeats) { run(oac, args) }
            if m.status != 0 { print("warning: oac report \(name) exited \(m.status)") }
            rows.append([
                name, "\(catalog.services)", "\(sloCount)", String(format: "%.1f", snapshotMB), fmt(m.seconds),
                fmt(m.cpuSeconds), String(format: "%.0f", m.peakMB)
            ])
        }
        print(table(header, rows))
    }

    static func fmt(_ s: Double) -> String { String(format: "%.3f", s) }

    static func best(_ n: Int, _ body: () -> Measurement) -> Measurement {
        var results = (0..<max(1, n)).map { _ in body() }
        results.sort { $0.seconds < $1.seconds }
        var m = results[0]
        m.peakMB = results.map(\.peakMB).max() ?? m.peakMB
        return m
    }

    /// Runs a program to completion; wall time from a monotonic clock, peak RSS from wait4.
    static func run(_ program: URL, _ arguments: [String], standardError: String = "/dev/null") -> Measurement {
        var pid: pid_t = 0
        let argv = ([program.path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, standardError, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, program.path, &actions, nil, argv, environ) == 0 else {
            return Measurement(seconds: 0, peakMB: 0, status: -1)
        }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        return Measurement(
            seconds: seconds, peakMB: Double(usage.ru_maxrss) / 1024, status: (status >> 8) & 0xff, cpuSeconds: cpu, userSeconds: user)
    }

    static func which(_ name: String) -> URL? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let url = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    static func listFiles(_ root: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var out: [String] = []
        while let rel = walker.nextObject() as? String { out.append(root.appendingPathComponent(rel).path) }
        return out.sorted()
    }

    static func countFiles(_ root: URL) -> Int {
        listFiles(root).filter { p in
            var d: ObjCBool = false
            return FileManager.default.fileExists(atPath: p, isDirectory: &d) && !d.boolValue
        }.count
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let widths = header.indices.map { i in ([header[i]] + rows.map { $0[i] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
        }
        return ([line(header), "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"] + rows.map(line))
            .joined(separator: "\n")
    }
}
