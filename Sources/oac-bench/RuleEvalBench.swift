import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OACSynthetic

/// `oac-bench --eval`: what our rules cost a real Prometheus, next to rules in Sloth's shape for the same SLOs.
///
/// Synthetic raw series (request counters and latency histograms) are backfilled for `historyHours` with
/// `promtool tsdb create-blocks-from openmetrics`; one Prometheus on 127.0.0.1 (free port, temporary storage)
/// loads oac's rule files for the SLOs and, in the same run on the same data, Sloth-shaped rules for the same
/// SLOs (every window a raw `rate()` over the SLI selectors, as `sloth generate` writes them). After a bounded
/// time it reads `prometheus_rule_group_last_duration_seconds` and `prometheus_rule_group_interval_seconds`
/// per group, stops Prometheus and prints the cost per SLO of each shape.
struct RuleEvalBench {
    var oac: URL
    var promtool: URL
    var prometheus: URL
    var slos = 200
    var evalSeconds = 180
    var historyHours = 26
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

        print("rule evaluation: \(specs.count) SLOs on \(services) services; \(historyHours)h of backfilled raw series; "
              + "\(evalSeconds)s of evaluation")
        let data = workDir.appendingPathComponent("data")
        let series = workDir.appendingPathComponent("series.om")
        let start = Date()
        try Self.writeSeries(specs, hours: historyHours, to: series)
        let backfill = Bench.run(promtool, ["tsdb", "create-blocks-from", "openmetrics", series.path, data.path])
        guard backfill.status == 0 else {
            print("promtool tsdb create-blocks-from openmetrics failed (exit \(backfill.status))")
            return
        }
        try? FileManager.default.removeItem(at: series)
        print(String(format: "backfill: %.1fs", Date().timeIntervalSince(start)))

        let port = Self.freePort()
        let config = workDir.appendingPathComponent("prometheus.yml")
        try Data(("global: {evaluation_interval: 30s, scrape_interval: 30s}\nrule_files:\n"
                  + (ruleFiles + [slothFile.path]).map { "  - \($0)\n" }.joined()).utf8).write(to: config)
        let process = Process()
        process.executableURL = prometheus
        process.arguments = ["--config.file=\(config.path)", "--storage.tsdb.path=\(data.path)",
                             "--storage.tsdb.retention.time=30d", "--web.listen-address=127.0.0.1:\(port)"]
        process.standardOutput = FileHandle.nullDevice
        let log = workDir.appendingPathComponent("prometheus.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        defer {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
        let base = "http://127.0.0.1:\(port)"
        var ready = false
        for _ in 0..<120 where !ready {
            Thread.sleep(forTimeInterval: 0.5)
            ready = Self.get("\(base)/-/ready") != nil
            if !process.isRunning { break }
        }
        guard ready else {
            print("prometheus did not become ready; see \(log.path)")
            return
        }
        // Skip the first rounds (cold caches, head loading), then average each group's last duration.
        let warmUp = min(60, evalSeconds / 3)
        Thread.sleep(forTimeInterval: Double(warmUp))
        var sums: [String: Double] = [:], counts: [String: Int] = [:], intervals: [String: Double] = [:]
        let deadline = Date().addingTimeInterval(Double(evalSeconds - warmUp))
        while Date() < deadline {
            for (group, value) in Self.vector(base, "prometheus_rule_group_last_duration_seconds") {
                sums[group, default: 0] += value
                counts[group, default: 0] += 1
            }
            Thread.sleep(forTimeInterval: 10)
        }
        for (group, value) in Self.vector(base, "prometheus_rule_group_interval_seconds") { intervals[group] = value }
        let failures = Self.vector(base, "prometheus_rule_evaluation_failures_total").values.reduce(0, +)
        process.terminate()
        process.waitUntilExit()

        struct Side { var groups = 0; var perRound = 0.0; var perHour = 0.0 }
        var ours = Side(), sloth = Side()
        var byKind: [String: Double] = [:]
        for (group, sum) in sums {
            let mean = sum / Double(counts[group] ?? 1)
            let perHour = mean * 3600 / (intervals[group] ?? 30)
            let name = group.split(separator: ";").last.map(String.init) ?? group
            // oac:<service>:sli|slo-fast|slo-slow, sloth-slo-<kind>-<id>: the cost of each kind of group.
            let oacKind: String = name.split(separator: ":").last.map(String.init) ?? ""
            let slothKind: String = name.split(separator: "-").dropFirst(2).first.map(String.init) ?? ""
            let kind: String = name.hasPrefix("oac:") ? "oac \(oacKind)" : "sloth \(slothKind)"
            byKind[kind, default: 0] += perHour
            if name.hasPrefix("oac:") {
                ours.groups += 1; ours.perRound += mean; ours.perHour += perHour
            } else if name.hasPrefix("sloth-") {
                sloth.groups += 1; sloth.perRound += mean; sloth.perHour += perHour
            }
        }
        let n = Double(specs.count)
        let header = ["rules", "groups", "SLOs", "eval ms per SLO per round", "CPU ms per SLO per hour"]
        let rows = [
            ["oac", "\(ours.groups)", "\(specs.count)", String(format: "%.4f", ours.perRound * 1000 / n),
             String(format: "%.1f", ours.perHour * 1000 / n)],
            ["sloth shape", "\(sloth.groups)", "\(specs.count)", String(format: "%.4f", sloth.perRound * 1000 / n),
             String(format: "%.1f", sloth.perHour * 1000 / n)],
        ]
        print(Bench.table(header, rows))
        let kinds: [String] = byKind.keys.sorted().map { k in "\(k) " + String(format: "%.1f", (byKind[k] ?? 0) * 1000 / n) }
        print("CPU ms per SLO per hour by group kind: " + kinds.joined(separator: ", "))
        if sloth.perHour > 0 {
            print(String(format: "oac / sloth evaluation cost per hour: %.2f (target: at most 0.50)", ours.perHour / sloth.perHour))
        }
        if failures > 0 { print("warning: \(Int(failures)) rule evaluation failures; see \(log.path)") }
    }

    // MARK: - SLOs from the model oac wrote

    static func slos(fromModel url: URL) throws -> [SLOSpec] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        var out: [SLOSpec] = []
        for service in json["services"] as? [[String: Any]] ?? [] {
            let name = service["name"] as? String ?? ""
            for slo in service["slos"] as? [[String: Any]] ?? [] {
                let sli = slo["sli"] as? [String: Any] ?? [:]
                var error = "", total = ""
                if let e = (sli["events"] as? [String: Any])?["_0"] as? [String: Any] {
                    let selector = Self.selector(e["selector"]), all = Self.selector(e["total"])
                    total = "sum(rate(\(all)[W]))"
                    error = (e["counting"] as? String) == "good"
                        ? "(\(total) - sum(rate(\(selector)[W])))" : "sum(rate(\(selector)[W]))"
                } else if let l = (sli["latency"] as? [String: Any])?["_0"] as? [String: Any] {
                    let histogram = l["histogram"] as? [String: Any] ?? [:]
                    let metric = histogram["metric"] as? String ?? ""
                    let le = Self.number(l["threshold"])
                    total = "sum(rate(\(Self.selector(histogram, metric: metric + "_count"))[W]))"
                    error = "(\(total) - sum(rate(\(Self.selector(histogram, metric: metric + "_bucket", extra: "le=\"\(le)\""))[W])))"
                } else {
                    continue
                }
                var pages: [(String, String, String)] = [], tickets: [(String, String, String)] = []
                for row in slo["burnRates"] as? [[String: Any]] ?? [] {
                    let r = (row["short"] as? String ?? "", row["long"] as? String ?? "", Self.number(row["factor"]))
                    if (row["severity"] as? String) == "page" { pages.append(r) } else { tickets.append(r) }
                }
                let window = slo["window"] as? String ?? "30d"
                out.append(SLOSpec(service: name, name: slo["name"] as? String ?? "", objective: Double(Self.number(slo["objective"])) ?? 99,
                                   windowDays: Int(window.dropLast()) ?? 30, errorQuery: error, totalQuery: total,
                                   pages: pages, tickets: tickets))
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
                y += "    expr: (\(s.errorQuery.replacingOccurrences(of: "[W]", with: "[\(w)]"))) / (\(s.totalQuery.replacingOccurrences(of: "[W]", with: "[\(w)]")))\n"
                y += "    labels: {sloth_id: \"\(id)\", sloth_service: \"\(s.service)\", sloth_slo: \"\(s.name)\", sloth_window: \"\(w)\"}\n"
            }
            let period = "\(s.windowDays)d"
            y += "  - record: slo:sli_error:ratio_rate\(period)\n"
            y += "    expr: sum_over_time(slo:sli_error:ratio_rate5m{\(sel)}[\(period)]) / ignoring (sloth_window) count_over_time(slo:sli_error:ratio_rate5m{\(sel)}[\(period)])\n"
            y += "    labels: {sloth_id: \"\(id)\", sloth_service: \"\(s.service)\", sloth_slo: \"\(s.name)\", sloth_window: \"\(period)\"}\n"
            y += "- name: sloth-slo-meta-recordings-\(id)\n  rules:\n"
            let meta = "labels: {sloth_id: \"\(id)\", sloth_service: \"\(s.service)\", sloth_slo: \"\(s.name)\"}"
            y += "  - record: slo:objective:ratio\n    expr: vector(\(s.objective / 100))\n    \(meta)\n"
            y += "  - record: slo:error_budget:ratio\n    expr: vector(1-\(s.objective / 100))\n    \(meta)\n"
            y += "  - record: slo:time_period:days\n    expr: vector(\(s.windowDays))\n    \(meta)\n"
            y += "  - record: slo:current_burn_rate:ratio\n    expr: slo:sli_error:ratio_rate5m{\(sel)} / on(sloth_id, sloth_slo, sloth_service) group_left slo:error_budget:ratio{\(sel)}\n    \(meta)\n"
            y += "  - record: slo:period_burn_rate:ratio\n    expr: slo:sli_error:ratio_rate\(period){\(sel)} / on(sloth_id, sloth_slo, sloth_service) group_left slo:error_budget:ratio{\(sel)}\n    \(meta)\n"
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
        var total = 0, n = 0
        for c in d {
            if let digit = c.wholeNumberValue { n = n * 10 + digit } else { total += n * (units[c] ?? 0); n = 0 }
        }
        return total
    }

    // MARK: - Synthetic raw series

    /// Request counters (2xx and 5xx) and a latency histogram per service, one sample a minute, in OpenMetrics
    /// text, series after series (what `promtool tsdb create-blocks-from openmetrics` reads).
    static func writeSeries(_ specs: [SLOSpec], hours: Int, to url: URL) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let now = Int(Date().timeIntervalSince1970) / 60 * 60 - 60
        let first = now - hours * 3600
        let services = Array(Set(specs.map(\.service))).sorted()
        let buckets = ["0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"]
        let share = [0.5, 0.8, 0.95, 0.985, 0.995, 0.999, 1.0]
        func series(_ name: String, _ labels: String, perMinute: Double) throws {
            var text = ""
            var value = 0.0
            for t in stride(from: first, through: now, by: 60) {
                text += "\(name){\(labels)} \(Int(value)) \(t)\n"
                value += perMinute
            }
            try handle.write(contentsOf: Data(text.utf8))
        }
        for s in services { try series("http_requests_total", "job=\"\(s)\",code=\"200\"", perMinute: 600) }
        for s in services { try series("http_requests_total", "job=\"\(s)\",code=\"500\"", perMinute: 1) }
        for s in services {
            for (le, f) in zip(buckets, share) {
                try series("http_request_duration_seconds_bucket", "job=\"\(s)\",le=\"\(le)\"", perMinute: 600 * f)
            }
        }
        for s in services { try series("http_request_duration_seconds_count", "job=\"\(s)\"", perMinute: 600) }
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
                  let value = Double(rest[rest.index(after: space)...]) else { continue }
            var group = "\(out.count)"
            if let r = rest.range(of: "rule_group=\""), let end = rest[r.upperBound...].firstIndex(of: "\"") {
                group = String(rest[r.upperBound..<end])
            }
            out[group, default: 0] += value
        }
        return out
    }
}
