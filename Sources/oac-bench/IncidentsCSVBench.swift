import Foundation

/// `oac-bench --incidents 10000,100000 [--catalog catalog/example] [--repeat 3] [--out DIR]`: `oac report
/// --incidents` of a PagerDuty Analytics CSV export of N rows over the example catalog's services and its Q3
/// snapshot (issue 21: a large export cost ~0.09 ms of CPU a row, most of it in the CSV reader and in listing
/// every incident on the page). Prints wall and CPU time (user + system), user CPU alone, peak memory and the
/// size of `index.html`.
extension Bench {
    /// The example catalog's services (and one PagerDuty service the catalog does not know: a warning per row).
    static let incidentServices = ["api-gateway", "llm-gateway", "bert-model-serving", "feature-pipeline", "nightly-training", "Legacy Billing"]

    /// `rows` incidents spread over 2026-Q3 (92 days), deterministic: created every ~79 s from 1 July, with quoted
    /// titles holding a comma and a doubled quote, an offset timestamp every 7th row, priorities P1–P5 and blank
    /// priorities, and times to acknowledge and resolve from 1 minute to ~4 hours.
    static func incidentsCSV(rows: Int) -> String {
        var text = "id,incident_number,description,service_name,urgency,priority_name,created_at,seconds_to_first_ack,seconds_to_resolve\r\n"
        text.reserveCapacity(rows * 140)
        let quarter = 92 * 86_400
        let step = max(1, quarter / max(1, rows))
        let start = 1_782_864_000  // 2026-07-01T00:00:00Z
        for n in 0..<rows {
            let t = start + (n * step) % quarter
            let service = incidentServices[n % incidentServices.count]
            let priority = n % 6 == 5 ? "" : "P\(n % 5 + 1)"
            let urgency = n % 3 == 0 ? "high" : "low"
            let ack = 60 + (n * 37) % 1_800
            let resolve = ack + (n * 101) % 14_400
            let created = n % 7 == 3 ? iso(t + 7_200, offset: "+02:00") : iso(t, offset: "Z")
            text += "Q\(n),\(100_000 + n),\"Error rate high on \(service), \"\"checkout\"\" path #\(n)\",\(service),\(urgency),\(priority),"
            text += "\(created),\(ack),\(resolve)\r\n"
        }
        return text
    }

    /// `2026-07-01T00:00:00Z` from seconds since 1970 (UTC fields, then the offset text as given).
    static func iso(_ seconds: Int, offset: String) -> String {
        let days = seconds / 86_400
        let rest = seconds % 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = z / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, rest / 3600, rest / 60 % 60, rest % 60) + offset
    }

    static func incidentsBench(_ oac: URL, sizes: [Int], catalog: String, repeats: Int, workDir: URL) throws {
        let snapshot = URL(fileURLWithPath: catalog).appendingPathComponent("report/2026-Q3.snapshot.json").path
        guard FileManager.default.fileExists(atPath: snapshot) else {
            print("--incidents needs the example catalog (run from the repository, or pass --catalog): no \(snapshot)")
            return
        }
        let header = ["CSV rows", "CSV MB", "wall s", "CPU s", "user CPU s", "user µs/row", "peak MB", "index.html KB", "exit"]
        var rows: [[String]] = []
        for n in sizes {
            let dir = workDir.appendingPathComponent("incidents-\(n)")
            try? FileManager.default.removeItem(at: dir)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let csv = dir.appendingPathComponent("pagerduty.csv")
            let text = incidentsCSV(rows: n)
            try Data(text.utf8).write(to: csv)
            let out = dir.appendingPathComponent("out")
            let args = ["report", catalog, "--quarter", "2026-Q3", "--snapshot", snapshot, "--incidents", csv.path, "--out", out.path]
            // Least user CPU of the repeats (not least wall time: on a loaded machine that is the least waiting).
            let runs = (0..<max(1, repeats)).map { _ in run(oac, args) }
            var m = runs.min { $0.userSeconds < $1.userSeconds }!
            m.peakMB = runs.map(\.peakMB).max() ?? m.peakMB
            let html = (try? FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("index.html").path)[.size] as? Int) ?? 0
            rows.append([
                "\(n)", String(format: "%.1f", Double(text.utf8.count) / 1_048_576), fmt(m.seconds), fmt(m.cpuSeconds), fmt(m.userSeconds),
                String(format: "%.1f", m.userSeconds / Double(max(1, n)) * 1e6), String(format: "%.0f", m.peakMB), "\(html / 1024)", "\(m.status)"
            ])
            try? FileManager.default.removeItem(at: dir)
        }
        print(table(header, rows))
    }
}
