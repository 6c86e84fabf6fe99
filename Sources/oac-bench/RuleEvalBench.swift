import Foundation
import OACSynthetic

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

// Length: one file on purpose (~480 lines): one benchmark's whole run (backfill, two rule shapes, one server
// lifecycle, the figures it prints), kept together so a reader can check what is measured against how.

/// `oac-bench --eval`: what our rules cost a real Prometheus, next to rules in Sloth's shape for the same SLOs.
///
/// Synthetic raw series (request counters and latency histograms) are backfilled for `historyHours` with
/// `promtool tsdb create-blocks-from openmetrics`; one Prometheus on 127.0.0.1 (free port, temporary storage)
/// loads oac's rule files for the SLOs and, in the same run on the same data, Sloth-shaped rules for the same
/// SLOs (every window a raw `rate()` over the SLI selectors, as `sloth generate` writes them). After a bounded
/// time it reads `prometheus_rule_group_last_duration_seconds` and `prometheus_rule_group_interval_seconds`
/// per group, stops Prometheus and prints the cost per SLO of each shape.
///
/// In such a run every recorded series has only minutes of history, so windows over recorded series read
/// almost nothing on either side. `steadyState` also backfills the history of every recorded series a window
/// reads, with the values the rules compute from the synthetic traffic (it is constant): oac's 5-minute
/// records for 7 hours every 30 s and its 1-hour records for the SLO window every 2 minutes, Sloth's 5-minute
/// ratio for the SLO window every 30 s; and at least 3 days and 2 hours of raw series, Sloth's longest raw window.
/// Then each group reads what it reads on a Prometheus that has been running for a whole SLO window. Each rule
/// set runs in its own Prometheus on a copy of the same data (Sloth's saturates two cores, and in one process
/// its groups would slow oac's down), after one without rules; besides the groups' evaluation times the
/// benchmark reads the CPU time of the whole process, less the idle one's.
struct RuleEvalBench {
    var oac: URL
    var promtool: URL
    var prometheus: URL
    var slos = 200
    var evalSeconds = 180
    var historyHours = 26
    var steadyState = false
    var workDir: URL

    struct SLOSpec {
        var service: String
        var name: String
        var objective: Double
        var windowDays: Int
        /// Error and total queries with `[W]` where the window goes.
        var errorQuery: String
        var totalQuery: String
        var pages: [(short: String, long: String, factor: String)]
        var tickets: [(short: String, long: String, factor: String)]
        /// Bad and total events per second the synthetic traffic (`writeSeries`) gives this SLO.
        var badPerSecond: Double
        var totalPerSecond: Double
    }

    func run() throws {
        try? FileManager.default.removeItem(at: workDir)
        try FileManager.default.createDirectory(at: workDir, withIntermediateDirectories: true)
        // Two SLOs per service (availability and latency): Sloth expresses only ratio SLIs.
        let services = (slos + 1) / 2
        let catalog = workDir.appendingPathComponent("catalog")
        try SyntheticCatalog(services: services, thresholdSLOs: false).write(to: catalog)
        let out = workDir.appendingPathComponent("out")
        guard Bench.run(oac, ["compile", catalog.path, "--out", out.path]).status == 0 else {
            print("oac compile failed on the synthetic catalog")
            return
        }
        let specs = try Self.slos(fromModel: out.appendingPathComponent("model.json"))
        let ourRules = Bench.listFiles(out).filter { $0.hasSuffix(".rules.yml") && !$0.contains("oac-self-monitoring") }
        // Every shard holds the same SLI file: load one copy per service.
        var seen = Set<String>()
        let ruleFiles = ourRules.filter { seen.insert(URL(fileURLWithPath: $0).lastPathComponent).inserted }
        let slothFile = workDir.appendingPathComponent("sloth.rules.yml")
        try Data(Self.slothRules(specs).utf8).write(to: slothFile)

        var historyHours = historyHours
        var recordedDays = 0
        if steadyState {
            // Sloth's longest raw window must find its whole range; the recorded series cover the SLO window.
            let longest = specs.flatMap { ($0.pages + $0.tickets).flatMap { [$0.short, $0.long] } }.map(Self.seconds).max() ?? 0
            historyHours = max(historyHours, longest / 3600 + 2)
            recordedDays = specs.map(\.windowDays).max() ?? 30
        }
        print(
            "rule evaluation: \(specs.count) SLOs on \(services) services; \(historyHours)h of backfilled raw series; "
                + (steadyState ? "recorded series backfilled for \(recordedDays)d (steady state); " : "")
                + "\(evalSeconds)s of evaluation" + (steadyState ? " per Prometheus (no rules, oac's, Sloth's)" : ""))
        let data = workDir.appendingPathComponent("data")
        let series = workDir.appendingPathComponent("series.om")
        let start = Date()
        try Self.writeSeries(specs, hours: historyHours, recordedDays: recordedDays, to: series)
        // One block for the whole history: promtool reads the whole input once per block.
        let blocks = steadyState ? ["--max-block-duration=\(max(historyHours, recordedDays * 24) * 4)h"] : []
        let backfill = Bench.run(promtool, ["tsdb", "create-blocks-from", "openmetrics"] + blocks + [series.path, data.path])
        guard backfill.status == 0 else {
            print("promtool tsdb create-blocks-from openmetrics failed (exit \(backfill.status))")
            return
        }
        try? FileManager.default.removeItem(at: series)
        print(String(format: "backfill: %.1fs", Date().timeIntervalSince(start)))

        let n = Double(specs.count)
        guard steadyState else {
            // Both rule sets in one Prometheus on the same data; each group's own evaluation time.
            guard let s = try session(ruleFiles + [slothFile.path], data: data, name: "both") else { return }
            let ours = s.side("oac:")
            let sloth = s.side("sloth-")
            let header = ["rules", "groups", "SLOs", "eval ms per SLO per round", "CPU ms per SLO per hour"]
            print(
                Bench.table(
                    header,
                    [ours, sloth].enumerated().map { i, side in
                        [
                            i == 0 ? "oac" : "sloth shape", "\(side.groups)", "\(specs.count)",
                            String(format: "%.4f", side.perRound * 1000 / n), String(format: "%.1f", side.perHour * 1000 / n)
                        ]
                    }))
            print("CPU ms per SLO per hour by group kind: " + s.byKind(slos: n))
            if sloth.perHour > 0 {
                print(String(format: "oac / sloth evaluation cost per hour: %.2f (target: at most 0.50)", ours.perHour / sloth.perHour))
            }
            return
        }
        // Steady state: a Prometheus with each rule set alone on a copy of the same data (with 30 days of history
        // a Sloth-shaped rule set keeps both cores busy, and in one process its groups would slow oac's down),
        // and one without rules for what Prometheus spends anyway. Besides each group's evaluation time, the CPU
        // time of the whole process over the measured window.
        let pristine = workDir.appendingPathComponent("blocks")
        try FileManager.default.moveItem(at: data, to: pristine)
        var results: [(String, Session)] = []
        for (name, files) in [("none", [String]()), ("oac", ruleFiles), ("sloth", [slothFile.path])] {
            try? FileManager.default.removeItem(at: data)
            try FileManager.default.copyItem(at: pristine, to: data)
            guard let s = try session(files, data: data, name: name) else { return }
            results.append((name, s))
        }
        let idle = results[0].1.cpuSeconds / results[0].1.measuredSeconds
        let header = [
            "rules", "groups", "SLOs", "eval ms per SLO per round", "CPU ms per SLO per hour",
            "process CPU ms per SLO per hour", "missed rounds"
        ]
        var perHour: [String: (groups: Double, process: Double)] = [:]
        var rows: [[String]] = []
        for (name, s) in results.dropFirst() {
            let side = s.side(name == "oac" ? "oac:" : "sloth-")
            // Process CPU seconds per second of the window, less the idle Prometheus', scaled to an hour.
            let process = max(0, s.cpuSeconds / s.measuredSeconds - idle) * 3600 * 1000 / n
            perHour[name] = (side.perHour * 1000 / n, process)
            rows.append([
                name == "oac" ? "oac" : "sloth shape", "\(side.groups)", "\(specs.count)",
                String(format: "%.4f", side.perRound * 1000 / n), String(format: "%.1f", side.perHour * 1000 / n),
                String(format: "%.1f", process), String(format: "%.0f", s.missed)
            ])
        }
        print(Bench.table(header, rows))
        print(String(format: "Prometheus without rules: %.3f CPU s per s", idle))
        print("CPU ms per SLO per hour by group kind: " + results.dropFirst().map { $0.1.byKind(slos: n) }.joined(separator: ", "))
        if let o = perHour["oac"], let s = perHour["sloth"], s.groups > 0, s.process > 0 {
            print(
                String(
                    format: "oac / sloth evaluation cost per hour, steady state: %.2f by group evaluation time, "
                        + "%.2f by process CPU time (target: at most 0.50)", o.groups / s.groups, o.process / s.process))
        }
        try? FileManager.default.removeItem(at: data)
        try? FileManager.default.removeItem(at: pristine)
    }

    /// What one Prometheus run measured: each group's mean evaluation time and interval, the process' CPU time
    /// over the measured window, missed rounds and failures.
    struct Session {
        var means: [String: Double] = [:]
        var intervals: [String: Double] = [:]
        var cpuSeconds = 0.0
        var measuredSeconds = 1.0
        var missed = 0.0

        struct Side {
            var groups = 0
            var perRound = 0.0
            var perHour = 0.0
        }

        /// The groups whose name starts with `prefix`: seconds per round and per hour, summed.
        func side(_ prefix: String) -> Side {
            var s = Side()
            for (group, mean) in means where Self.name(group).hasPrefix(prefix) {
                s.groups += 1
                s.perRound += mean
                s.perHour += mean * 3600 / (intervals[group] ?? 30)
            }
            return s
        }

        static func name(_ group: String) -> String { group.split(separator: ";").last.map(String.init) ?? group }

        /// oac:<service>:sli|slo-fast|slo-slow, sloth-slo-<kind>-<id>: the cost of each kind of group.
        func byKind(slos n: Double) -> String {
            var byKind: [String: Double] = [:]
            for (group, mean) in means {
                let name = Self.name(group)
                let oacKind: String = name.split(separator: ":").last.map(String.init) ?? ""
                let slothKind: String = name.split(separator: "-").dropFirst(2).first.map(String.init) ?? ""
                let kind: String = name.hasPrefix("oac:") ? "oac \(oacKind)" : "sloth \(slothKind)"
                byKind[kind, default: 0] += mean * 3600 / (intervals[group] ?? 30)
            }
            return byKind.keys.sorted().map { k in "\(k) " + String(format: "%.1f", (byKind[k] ?? 0) * 1000 / n) }
                .joined(separator: ", ")
        }
    }

    /// Starts Prometheus on 127.0.0.1 (free port) with `ruleFiles` over `data`, skips the first rounds, averages
    /// each group's last evaluation time for the rest of `evalSeconds`, reads the process' CPU time around that
    /// window, and stops it. Nil (with the reason printed) when Prometheus did not come up.
    func session(_ ruleFiles: [String], data: URL, name: String) throws -> Session? {
        let port = Self.freePort()
        let config = workDir.appendingPathComponent("prometheus-\(name).yml")
        try Data(
            ("global: {evaluation_interval: 30s, scrape_interval: 30s}\nrule_files:"
                + (ruleFiles.isEmpty ? " []\n" : "\n" + ruleFiles.map { "  - \($0)\n" }.joined())).utf8
        ).write(to: config)
        let process = Process()
        process.executableURL = prometheus
        process.arguments = [
            "--config.file=\(config.path)", "--storage.tsdb.path=\(data.path)",
            "--storage.tsdb.retention.time=\(steadyState ? 90 : 30)d",
            "--web.listen-address=127.0.0.1:\(port)"
        ]
        process.standardOutput = FileHandle.nullDevice
        let log = workDir.appendingPathComponent("prometheus-\(name).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        func stop() {
            guard process.isRunning else { return }
            process.terminate()
            // A group in the middle of a long evaluation delays shutdown; do not wait for it forever.
            for _ in 0..<100 where process.isRunning { Thread.sleep(forTimeInterval: 0.2) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        defer { stop() }
        let base = "http://127.0.0.1:\(port)"
        var ready = false
        for _ in 0..<240 where !ready {
            Thread.sleep(forTimeInterval: 0.5)
            ready = Self.get("\(base)/-/ready") != nil
            if !process.isRunning { break }
        }
        guard ready else {
            print("prometheus did not become ready; see \(log.path)")
            return nil
        }
        // Skip the first rounds (cold caches, head loading), then average each group's last duration.
        let warmUp = min(60, evalSeconds / 3)
        Thread.sleep(forTimeInterval: Double(warmUp))
        var s = Session()
        var sums: [String: Double] = [:]
        var counts: [String: Int] = [:]
        let cpuStart = Self.cpuSeconds(process.processIdentifier)
        let measureStart = Date()
        let missedStart = Self.vector(base, "prometheus_rule_group_iterations_missed_total").values.reduce(0, +)
        let deadline = Date().addingTimeInterval(Double(evalSeconds - warmUp))
        while Date() < deadline {
            // A group that has not run yet reads 0 (a 2-minute group may first run up to 2 minutes after the start).
            for (group, value) in Self.vector(base, "prometheus_rule_group_last_duration_seconds") where value > 0 {
                sums[group, default: 0] += value
                counts[group, default: 0] += 1
            }
            Thread.sleep(forTimeInterval: 10)
        }
        s.cpuSeconds = Self.cpuSeconds(process.processIdentifier) - cpuStart
        s.measuredSeconds = Date().timeIntervalSince(measureStart)
        s.missed = Self.vector(base, "prometheus_rule_group_iterations_missed_total").values.reduce(0, +) - missedStart
        for (group, value) in Self.vector(base, "prometheus_rule_group_interval_seconds") { s.intervals[group] = value }
        for (group, sum) in sums { s.means[group] = sum / Double(counts[group] ?? 1) }
        let failures = Self.vector(base, "prometheus_rule_evaluation_failures_total").values.reduce(0, +)
        if failures > 0 { print("warning: \(Int(failures)) rule evaluation failures; see \(log.path)") }
        return s
    }

    /// User plus system CPU time of a process so far, from /proc/<pid>/stat (0 where there is no /proc).
    static func cpuSeconds(_ pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        // Fields after the command name start with the state (field 3); utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    // MARK: - SLOs from the model oac wrote

    static func slos(fromModel url: URL) throws -> [SLOSpec] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        var out: [SLOSpec] = []
        for service in json["services"] as? [[String: Any]] ?? [] {
            let name = service["name"] as? String ?? ""
            for slo in service["slos"] as? [[String: Any]] ?? [] {
                let sli = slo["sli"] as? [String: Any] ?? [:]
                var error = ""
                var total = ""
                // The synthetic SLIs: errors are the 5xx requests, slow requests those above a bucket bound.
                var badRate = Self.errorsPerMinute / 60
                var totalRate = (Self.okPerMinute + Self.errorsPerMinute) / 60
                if let e = (sli["events"] as? [String: Any])?["_0"] as? [String: Any] {
                    let selector = Self.selector(e["selector"])
                    let all = Self.selector(e["total"])
                    total = "sum(rate(\(all)[W]))"
                    error =
                        (e["counting"] as? String) == "good"
                        ? "(\(total) - sum(rate(\(selector)[W])))" : "sum(rate(\(selector)[W]))"
                } else if let l = (sli["latency"] as? [String: Any])?["_0"] as? [String: Any] {
                    let histogram = l["histogram"] as? [String: Any] ?? [:]
                    let metric = histogram["metric"] as? String ?? ""
                    let le = Self.number(l["threshold"])
                    total = "sum(rate(\(Self.selector(histogram, metric: metric + "_count"))[W]))"
                    error = "(\(total) - sum(rate(\(Self.selector(histogram, metric: metric + "_bucket", extra: "le=\"\(le)\""))[W])))"
                    let share = zip(Self.buckets, Self.bucketShare).first { Double($0.0) == Double(le) }?.1 ?? 1
                    totalRate = Self.okPerMinute / 60
                    badRate = totalRate * (1 - share)
                } else {
                    continue
                }
                var pages: [(String, String, String)] = []
                var tickets: [(String, String, String)] = []
                for row in slo["burnRates"] as? [[String: Any]] ?? [] {
                    let r = (row["short"] as? String ?? "", row["long"] as? String ?? "", Self.number(row["factor"]))
                    if (row["severity"] as? String) == "page" { pages.append(r) } else { tickets.append(r) }
                }
                let window = slo["window"] as? String ?? "30d"
                out.append(
                    SLOSpec(
                        service: name, name: slo["name"] as? String ?? "", objective: Double(Self.number(slo["objective"])) ?? 99,
                        windowDays: Int(window.dropLast()) ?? 30, errorQuery: error, totalQuery: total,
                        pages: pages, tickets: tickets, badPerSecond: badRate, totalPerSecond: totalRate))
            }
        }
        return out
    }

    static func number(_ v: Any?) -> String {
        if let n = v as? NSNumber { return n.stringValue }
        return "\(v ?? "")"
    }

    static func selector(_ v: Any?, metric: String? = nil, extra: String? = nil) -> String {
        let s = v as? [String: Any] ?? [:]
        var matchers = (s["matchers"] as? [[String: Any]] ?? []).map {
            "\($0["name"] as? String ?? "")\($0["op"] as? String ?? "=")\"\($0["value"] as? String ?? "")\""
        }
        if let extra { matchers.append(extra) }
        return "\(metric ?? s["metric"] as? String ?? ""){\(matchers.joined(separator: ","))}"
    }

    // MARK: - Sloth's shape

    /// Per SLO, as `sloth generate` writes it: SLI recordings for every window (raw rate over the window;
    /// the SLO window averaged from the 5m recording), metadata recordings, one page and one ticket alert.
    static func slothRules(_ specs: [SLOSpec]) -> String {
        var y = "groups:\n"
        for s in specs {
            let id = "\(s.service)-\(s.name)"
            let sel = "sloth_id=\"\(id)\", sloth_service=\"\(s.service)\", sloth_slo=\"\(s.name)\""
            let windows = Array(Set((s.pages + s.tickets).flatMap { [$0.short, $0.long] } + ["5m"]))
                .sorted { seconds($0) < seconds($1) }
            let budget = String(1 - s.objective / 100)
            y += "- name: sloth-slo-sli-recordings-\(id)\n  rules:\n"
            for w in windows {
                y += "  - record: slo:sli_error:ratio_rate\(w)\n"
                y +=
                    "    expr: (\(s.errorQuery.replacingOccurrences(of: "[W]", with: "[\(w)]"))) / (\(s.totalQuery.replacingOccurrences(of: "[W]", with: "[\(w)]")))\n"
                y += "    labels: {sloth_id: \"\(id)\", sloth_service: \"\(s.service)\", sloth_slo: \"\(s.name)\", sloth_window: \"\(w)\"}\n"
            }
            let period = "\(s.windowDays)d"
            y += "  - record: slo:sli_error:ratio_rate\(period)\n"
            y +=
                "    expr: sum_over_time(slo:sli_error:ratio_rate5m{\(sel)}[\(period)]) / ignoring (sloth_window) count_over_time(slo:sli_error:ratio_rate5m{\(sel)}[\(period)])\n"
            y += "    labels: {sloth_id: \"\(id)\", sloth_service: \"\(s.service)\", sloth_slo: \"\(s.name)\", sloth_window: \"\(period)\"}\n"
            y += "- name: sloth-slo-meta-recordings-\(id)\n  rules:\n"
            let meta = "labels: {sloth_id: \"\(id)\", sloth_service: \"\(s.service)\", sloth_slo: \"\(s.name)\"}"
            y += "  - record: slo:objective:ratio\n    expr: vector(\(s.objective / 100))\n    \(meta)\n"
            y += "  - record: slo:error_budget:ratio\n    expr: vector(1-\(s.objective / 100))\n    \(meta)\n"
            y += "  - record: slo:time_period:days\n    expr: vector(\(s.windowDays))\n    \(meta)\n"
            y +=
                "  - record: slo:current_burn_rate:ratio\n    expr: slo:sli_error:ratio_rate5m{\(sel)} / on(sloth_id, sloth_slo, sloth_service) group_left slo:error_budget:ratio{\(sel)}\n    \(meta)\n"
            y +=
                "  - record: slo:period_burn_rate:ratio\n    expr: slo:sli_error:ratio_rate\(period){\(sel)} / on(sloth_id, sloth_slo, sloth_service) group_left slo:error_budget:ratio{\(sel)}\n    \(meta)\n"
            y += "  - record: slo:period_error_budget_remaining:ratio\n    expr: 1 - slo:period_burn_rate:ratio{\(sel)}\n    \(meta)\n"
            y += "  - record: sloth_slo_info\n    expr: vector(1)\n    \(meta)\n"
            y += "- name: sloth-slo-alerts-\(id)\n  rules:\n"
            for (severity, rows) in [("page", s.pages), ("ticket", s.tickets)] where !rows.isEmpty {
                let terms = rows.map { r in
                    "(max(slo:sli_error:ratio_rate\(r.short){\(sel)} > (\(r.factor) * \(budget))) without (sloth_window) and "
                        + "max(slo:sli_error:ratio_rate\(r.long){\(sel)} > (\(r.factor) * \(budget))) without (sloth_window))"
                }
                y += "  - alert: SlothBurnRate\n    expr: \(terms.joined(separator: " or "))\n"
                y += "    labels: {severity: \(severity), sloth_id: \"\(id)\"}\n"
            }
        }
        return y
    }

    static func seconds(_ d: String) -> Int {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800, "y": 31_536_000]
        var total = 0
        var n = 0
        for c in d {
            if let digit = c.wholeNumberValue {
                n = n * 10 + digit
            } else {
                total += n * (units[c] ?? 0)
                n = 0
            }
        }
        return total
    }

    // MARK: - Synthetic raw series

    /// Requests per minute of every synthetic service: successes, errors, and the share of successes at or
    /// below each latency bucket bound.
    static let okPerMinute = 600.0, errorsPerMinute = 1.0
    static let buckets = ["0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"]
    static let bucketShare = [0.5, 0.8, 0.95, 0.985, 0.995, 0.999, 1.0]

    /// Request counters (2xx and 5xx) and a latency histogram per service, one sample a minute, in OpenMetrics
    /// text, series after series (what `promtool tsdb create-blocks-from openmetrics` reads). With
    /// `recordedDays`, also the history of the recorded series windows read (see the type's comment).
    static func writeSeries(_ specs: [SLOSpec], hours: Int, recordedDays: Int = 0, to url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let now = Int(Date().timeIntervalSince1970) / 60 * 60 - 60
        let first = now - hours * 3600
        let services = Array(Set(specs.map(\.service))).sorted()
        let buckets = Self.buckets
        let share = Self.bucketShare
        func gauge(_ name: String, _ labels: String, _ value: Double, from: Int, step: Int) throws {
            let prefix = "\(name){\(labels)} \(value) "
            var text = ""
            text.reserveCapacity((prefix.utf8.count + 12) * ((now - from) / step + 1))
            for t in stride(from: from, through: now, by: step) {
                text += prefix
                text += String(t)
                text += "\n"
            }
            try handle.write(contentsOf: Data(text.utf8))
        }
        if recordedDays > 0 {
            let window = now - recordedDays * 86400 - 3600
            let labels = specs.map { "service=\"\($0.service)\",slo=\"\($0.name)\"" }
            // What oac's windows read: 5-minute records (windows up to 6h) every 30 s, 1-hour records every 2 m.
            for (s, l) in zip(specs, labels) { try gauge("oac_slo:bad_events:rate5m", l, s.badPerSecond, from: now - 7 * 3600, step: 30) }
            for (s, l) in zip(specs, labels) { try gauge("oac_slo:total_events:rate5m", l, s.totalPerSecond, from: now - 7 * 3600, step: 30) }
            for (s, l) in zip(specs, labels) { try gauge("oac_slo:bad_events:rate1h", l, s.badPerSecond, from: window, step: 120) }
            for (s, l) in zip(specs, labels) { try gauge("oac_slo:total_events:rate1h", l, s.totalPerSecond, from: window, step: 120) }
            // What Sloth's SLO window reads: its 5-minute ratio every 30 s.
            for s in specs {
                let id = "\(s.service)-\(s.name)"
                try gauge(
                    "slo:sli_error:ratio_rate5m",
                    "sloth_id=\"\(id)\",sloth_service=\"\(s.service)\",sloth_slo=\"\(s.name)\",sloth_window=\"5m\"",
                    s.badPerSecond / s.totalPerSecond, from: window, step: 30)
            }
        }
        func series(_ name: String, _ labels: String, perMinute: Double) throws {
            var text = ""
            var value = 0.0
            for t in stride(from: first, through: now, by: 60) {
                text += "\(name){\(labels)} \(Int(value)) \(t)\n"
                value += perMinute
            }
            try handle.write(contentsOf: Data(text.utf8))
        }
        for s in services { try series("http_requests_total", "job=\"\(s)\",code=\"200\"", perMinute: okPerMinute) }
        for s in services { try series("http_requests_total", "job=\"\(s)\",code=\"500\"", perMinute: errorsPerMinute) }
        for s in services {
            for (le, f) in zip(buckets, share) {
                try series("http_request_duration_seconds_bucket", "job=\"\(s)\",le=\"\(le)\"", perMinute: okPerMinute * f)
            }
        }
        for s in services { try series("http_request_duration_seconds_count", "job=\"\(s)\"", perMinute: okPerMinute) }
        try handle.write(contentsOf: Data("# EOF\n".utf8))
    }

    // MARK: - Prometheus API

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func get(_ url: String) -> Data? {
        guard let u = URL(string: url) else { return nil }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Data?
        let task = URLSession.shared.dataTask(with: u) { data, response, _ in
            if (response as? HTTPURLResponse)?.statusCode == 200 { result = data }
            done.signal()
        }
        task.resume()
        _ = done.wait(timeout: .now() + 10)
        return result
    }

    /// Samples of one metric from Prometheus' own /metrics (it does not scrape itself here), by `rule_group`.
    static func vector(_ base: String, _ metric: String) -> [String: Double] {
        guard let data = get("\(base)/metrics") else { return [:] }
        var out: [String: Double] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix(metric) {
            let rest = line.dropFirst(metric.count)
            guard rest.first == "{" || rest.first == " ", let space = rest.lastIndex(of: " "),
                let value = Double(rest[rest.index(after: space)...])
            else { continue }
            var group = "\(out.count)"
            if let r = rest.range(of: "rule_group=\""), let end = rest[r.upperBound...].firstIndex(of: "\"") {
                group = String(rest[r.upperBound..<end])
            }
            out[group, default: 0] += value
        }
        return out
    }
}
