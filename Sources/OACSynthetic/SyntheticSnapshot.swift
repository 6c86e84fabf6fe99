import Foundation

/// A deterministic, seeded quarter of daily good/total event counts for every SLO of a `SyntheticCatalog`, in
/// the format `oac snapshot` writes (version 1, sorted keys, two-space indentation, `"key" : value`): the input of the
/// `oac report --snapshot` benchmark.
///
/// Each SLO gets a daily volume (requests for event SLIs, weekends lighter; for threshold SLIs the seconds
/// of evaluation of its regions, 86400 per region and day), a baseline error ratio between a fifth and
/// 1.3 times its budget, day-to-day noise and rare incident days; a few SLOs miss days (gaps) or changed their
/// objective during the quarter, so the report's data-quality section has something to show. Counts are
/// whole numbers; the same catalog, quarter and seed give the same bytes.
public struct SyntheticSnapshot {
    public var catalog: SyntheticCatalog
    public var year: Int
    /// 1 to 4.
    public var quarter: Int
    public var seed: UInt64

    public init(catalog: SyntheticCatalog, year: Int = 2026, quarter: Int = 3, seed: UInt64 = 2026) {
        self.catalog = catalog
        self.year = year
        self.quarter = quarter
        self.seed = seed
    }

    /// `2026-Q3`.
    public var quarterName: String { "\(year)-Q\(quarter)" }

    /// The days of the quarter as `yyyy-mm-dd`, with their weekday (0 = Monday).
    func days() -> [(date: String, weekday: Int)] {
        func daysIn(_ month: Int) -> Int {
            switch month {
            case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
            case 4, 6, 9, 11: 30
            default: 31
            }
        }
        // Days since 1970-01-01 (a Thursday) of the quarter's first day.
        var daysSinceEpoch = 0
        for y in 1970..<year { daysSinceEpoch += (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 366 : 365 }
        for m in 1..<(3 * (quarter - 1) + 1) { daysSinceEpoch += daysIn(m) }
        var out: [(String, Int)] = []
        for month in (3 * (quarter - 1) + 1)...(3 * quarter) {
            for day in 1...daysIn(month) {
                out.append((String(format: "%04d-%02d-%02d", year, month, day), (daysSinceEpoch + 3) % 7))
                daysSinceEpoch += 1
            }
        }
        return out
    }

    /// The snapshot as JSON text.
    public func json() -> String {
        var rnd = SyntheticCatalog.Random(state: seed ^ UInt64(year * 10 + quarter))
        let days = days()
        var slos: [(key: String, text: String)] = []
        for slo in catalog.slos() {
            let objective = Double(slo.objective) ?? 99
            let budget = 1 - objective / 100
            let volume = slo.threshold ? 86400.0 * Double(slo.regions) : Double(rnd.int(20_000...80_000_000))
            let baseline = budget * rnd.double(0.2..<1.3)
            // One SLO in 40 misses a few days; one in 60 ran at a lower objective for the first month.
            let gapStart = rnd.int(0...39) == 0 ? rnd.int(0...(days.count - 4)) : nil
            let gapLength = rnd.int(1...3)
            let earlierObjective: Double? = rnd.int(0...59) == 0 ? objective - 0.5 : nil
            var entries: [String] = []
            entries.reserveCapacity(days.count)
            for (index, day) in days.enumerated() {
                let noise = rnd.double(0.92..<1.08)
                var ratio = baseline * rnd.double(0.6..<1.4)
                // About two incident days per SLO and year.
                if rnd.int(0...179) == 0 { ratio += budget * rnd.double(5..<60) }
                if let start = gapStart, index >= start, index < start + gapLength { continue }
                let weekend = day.weekday >= 5 && !slo.threshold ? 0.7 : 1
                let total = slo.threshold ? volume : (volume * weekend * noise).rounded()
                let bad = (total * min(ratio, 1)).rounded()
                let dayObjective = earlierObjective.map { index < 31 ? $0 : objective } ?? objective
                entries.append(
                    """
                            {
                              "date" : "\(day.date)",
                              "good" : \(Self.number(total - bad)),
                              "objective" : \(Self.number(dayObjective)),
                              "total" : \(Self.number(total))
                            }
                    """)
            }
            let text = """
                    {
                      "days" : [
                \(entries.joined(separator: ",\n"))
                      ],
                      "objective" : \(Self.number(objective)),
                      "objectiveChanged" : \(earlierObjective != nil),
                      "service" : "\(slo.service)",
                      "slo" : "\(slo.name)"
                    }
                """
            slos.append(("\(slo.service)/\(slo.name)", text))
        }
        slos.sort { $0.key < $1.key }
        var jobs: [(String, Int)] = (0..<catalog.services).map { (SyntheticCatalog.serviceName($0), rnd.int(200...40_000)) }
        jobs.append(("prometheus", 3120))
        jobs.sort { $0.0 < $1.0 }
        let active = jobs.map { job, series in
            """
                {
                  "job" : "\(job)",
                  "series" : \(Self.number(Double(series)))
                }
            """
        }
        return """
            {
              "activeSeries" : [
            \(active.joined(separator: ",\n"))
              ],
              "generatedAt" : "\(year + (quarter == 4 ? 1 : 0))-\(String(format: "%02d", quarter == 4 ? 1 : 3 * quarter + 1))-01T06:00:00Z",
              "quarter" : "\(quarterName)",
              "slos" : [
            \(slos.map(\.text).joined(separator: ",\n"))
              ],
              "source" : "synthetic: OACSynthetic.SyntheticSnapshot, seed \(seed)",
              "through" : "\(days[days.count - 1].date)",
              "version" : 1
            }

            """
    }

    /// Writes the snapshot to a file.
    public func write(to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(json().utf8).write(to: url)
    }

    /// A count or percent as `oac snapshot` writes a `Double`: whole numbers without a fraction.
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return "\(Int64(v))" }
        return "\(v)"
    }
}
