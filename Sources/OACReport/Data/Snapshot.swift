import Foundation
import OACSupport

/// A quarter's SLO data frozen into a versioned JSON file: daily good/total event counts per SLO, the
/// objective recorded each day, and the measured active series per job. `oac report --snapshot` renders
/// from it offline, and `--previous` reads last quarter's for the trend. Written by `JSONWritable` (the one
/// declaration of its JSON form, below); read back through `Decodable`, checked by `validate`.
public struct Snapshot: Sendable, Decodable, Hashable {
    /// The format version this code writes. Version 2 added `days[].raw` and `slos[].mismatches` (history from
    /// raw series); version 3 added `onCall` (the alert history, `OnCallHistory`). Older files, which lack
    /// them, still read.
    public static let currentVersion = 3
    /// Every version `decode` reads.
    public static let readableVersions = 1...currentVersion

    public var version: Int
    public var quarter: Quarter
    /// When the data was read (RFC 3339, UTC). The report shows it as "data as of".
    public var generatedAt: String
    /// Where the data came from: a Prometheus URL, or how a synthetic file was made.
    public var source: String?
    /// The last day with complete data (a quarter still running ends before its last day).
    public var through: Day
    public var slos: [SLOSeries]
    /// Active series per scrape job, measured at the end of the data; empty when not measured.
    public var activeSeries: [JobSeries]
    /// The quarter's firings of oac's alerts (version 3); nil when not read (an older snapshot).
    public var onCall: OnCallHistory?
    /// Optional (added after version 2, no version change): the lint rules' findings per team, by rule id, when
    /// the snapshot was taken (`oac lint` on the catalog); next quarter's report compares its own with these.
    public var lintFindings: [String: [String: Int]]?

    public init(
        version: Int = Snapshot.currentVersion, quarter: Quarter, generatedAt: String, source: String?,
        through: Day, slos: [SLOSeries], activeSeries: [JobSeries], lintFindings: [String: [String: Int]]? = nil,
        onCall: OnCallHistory? = nil
    ) {
        self.onCall = onCall
        self.version = version
        self.quarter = quarter
        self.generatedAt = generatedAt
        self.source = source
        self.through = through
        self.slos = slos
        self.activeSeries = activeSeries
        self.lintFindings = lintFindings
    }

    /// One SLO: identity, objective and one entry per day that has data (days without data are absent).
    public struct SLOSeries: Sendable, Decodable, Hashable {
        public var service: String
        public var slo: String
        /// Percent; the objective recorded on the last day with one (nil when never recorded).
        public var objective: Double?
        /// True when the recorded `oac_slo:objective:ratio` took more than one value during the quarter.
        public var objectiveChanged: Bool
        public var days: [DayCount]
        /// Days where the recorded counts and the counts computed from the raw series differ by more than
        /// `Snapshot.mismatchTolerance` (nil or empty: none, or not compared).
        public var mismatches: [Mismatch]?

        public init(
            service: String, slo: String, objective: Double?, objectiveChanged: Bool, days: [DayCount],
            mismatches: [Mismatch]? = nil
        ) {
            self.service = service
            self.slo = slo
            self.objective = objective
            self.objectiveChanged = objectiveChanged
            self.days = days
            self.mismatches = mismatches
        }
    }

    /// Relative difference between recorded and raw counts above which a day is a data-quality finding (0.1%).
    public static let mismatchTolerance = 0.001

    /// One day counted both ways, disagreeing.
    public struct Mismatch: Sendable, Decodable, Hashable {
        public var date: Day
        public var recordedGood: Double, recordedTotal: Double
        public var rawGood: Double, rawTotal: Double

        public init(date: Day, recordedGood: Double, recordedTotal: Double, rawGood: Double, rawTotal: Double) {
            self.date = date
            self.recordedGood = recordedGood
            self.recordedTotal = recordedTotal
            self.rawGood = rawGood
            self.rawTotal = rawTotal
        }

        /// Whether two counts of one day disagree: total or bad events differ by more than the tolerance of
        /// the day's total.
        public static func disagree(recordedGood: Double, recordedTotal: Double, rawGood: Double, rawTotal: Double) -> Bool {
            let scale = max(recordedTotal, rawTotal)
            guard scale > 0 else { return false }
            let bad = abs((recordedTotal - recordedGood) - (rawTotal - rawGood))
            return abs(recordedTotal - rawTotal) / scale > mismatchTolerance || bad / scale > mismatchTolerance
        }
    }

    public struct DayCount: Sendable, Decodable, Hashable {
        public var date: Day
        public var good: Double
        public var total: Double
        /// Percent in force that day, when recorded.
        public var objective: Double?
        /// True when the day's counts were computed from the raw series (no recording that day); nil or false:
        /// from the `oac_slo:*` recordings.
        public var raw: Bool?

        public init(date: Day, good: Double, total: Double, objective: Double?, raw: Bool? = nil) {
            self.date = date
            self.good = good
            self.total = total
            self.objective = objective
            self.raw = raw
        }

        public var isRaw: Bool { raw == true }
    }

    public struct JobSeries: Sendable, Decodable, Hashable {
        public var job: String
        public var series: Double

        public init(job: String, series: Double) {
            self.job = job
            self.series = series
        }
    }

    public func series(service: String, slo: String) -> SLOSeries? {
        slos.first { $0.service == service && $0.slo == slo }
    }

    // MARK: - Reading and writing

    public struct FormatError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Sorted-key JSON, byte-stable for the same data.
    public func encoded() -> String { StableJSON.text(self) }

    /// Decodes and checks a snapshot: version, quarter, day order and ranges, non-negative counts, good ≤ total.
    public static func decode(_ data: Data) throws -> Snapshot {
        struct Header: Decodable { var version: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw FormatError(description: "not a JSON object")
        }
        guard let version = header.version else { throw FormatError(description: "missing \"version\"") }
        guard readableVersions.contains(version) else {
            throw FormatError(
                description:
                    "snapshot version \(version) is not supported (this oac reads versions \(readableVersions.lowerBound)–\(readableVersions.upperBound))")
        }
        let snapshot: Snapshot
        do {
            snapshot = try JSONDecoder().decode(Snapshot.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw FormatError(description: "\(path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw FormatError(description: "\(path(context.codingPath + [key])): missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw FormatError(description: "\(path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw FormatError(description: "\(path(context.codingPath)): missing value")
        }
        try snapshot.validate()
        return snapshot
    }

    /// The largest count of findings one rule may have for one team.
    public static let maxLintFindings = 1_000_000

    /// The largest active-series count a snapshot may hold (10¹⁵: far above any Prometheus, far below where a
    /// count stops being exact or formatting it overflows).
    public static let maxActiveSeries = 1e15
    /// The largest daily event count (10¹⁸ events a day is 10¹³ a second; sums of 92 days stay exact enough).
    public static let maxDailyEvents = 1e18

    /// Whether `percent` is an objective an SLO can have: strictly between 0 and 100, like the catalog's.
    public static func isObjective(_ percent: Double) -> Bool { percent > 0 && percent < 100 }

    /// Checks what `decode` checks, for a snapshot built from live answers before it is written or used.
    public func validate() throws {
        guard through >= quarter.firstDay, through <= quarter.lastDay else {
            throw FormatError(description: "through: \(through) is outside \(quarter)")
        }
        var seen = Set<String>()
        for (i, s) in slos.enumerated() {
            guard seen.insert("\(s.service)/\(s.slo)").inserted else {
                throw FormatError(description: "slos[\(i)]: \(s.service)/\(s.slo) appears twice")
            }
            if let o = s.objective, !Self.isObjective(o) {
                throw FormatError(description: "slos[\(i)].objective: \(o) is outside (0, 100)")
            }
            var last: Day?
            for (j, d) in s.days.enumerated() {
                let at = "slos[\(i)].days[\(j)]"
                guard d.date >= quarter.firstDay, d.date <= quarter.lastDay else {
                    throw FormatError(description: "\(at): \(d.date) is outside \(quarter)")
                }
                if let last, d.date <= last { throw FormatError(description: "\(at): days must be in order, once each") }
                last = d.date
                guard d.total.isFinite, d.good.isFinite, d.total >= 0, d.good >= 0 else {
                    throw FormatError(description: "\(at): counts must be finite and not negative")
                }
                guard d.total <= Self.maxDailyEvents else {
                    throw FormatError(description: "\(at): total \(d.total) is over the limit of \(Self.maxDailyEvents) events a day")
                }
                if let o = d.objective, !Self.isObjective(o) {
                    throw FormatError(description: "\(at).objective: \(o) is outside (0, 100)")
                }
                // Counts come from averaged rates: allow float noise, not real excess.
                guard d.good <= d.total * (1 + 1e-9) + 1e-9 else {
                    throw FormatError(description: "\(at): good (\(d.good)) exceeds total (\(d.total))")
                }
            }
        }
        try validateMismatches()
        try validateActiveSeries()
        try onCall?.validate()
        for (team, rules) in lintFindings ?? [:] {
            for (rule, count) in rules where count < 0 || count > Self.maxLintFindings {
                throw FormatError(description: "lintFindings.\(team).\(rule): \(count) is not a count of findings (0…\(Self.maxLintFindings))")
            }
        }
    }

    func validateMismatches() throws {
        for (i, s) in slos.enumerated() {
            for (j, m) in (s.mismatches ?? []).enumerated() {
                let at = "slos[\(i)].mismatches[\(j)]"
                guard m.date >= quarter.firstDay, m.date <= quarter.lastDay else {
                    throw FormatError(description: "\(at): \(m.date) is outside \(quarter)")
                }
                for v in [m.recordedGood, m.recordedTotal, m.rawGood, m.rawTotal] where !(v.isFinite && v >= 0 && v <= Self.maxDailyEvents) {
                    throw FormatError(description: "\(at): counts must be finite, not negative and at most \(Self.maxDailyEvents)")
                }
            }
        }
    }

    func validateActiveSeries() throws {
        for (i, j) in activeSeries.enumerated() where !(j.series.isFinite && j.series >= 0 && j.series <= Self.maxActiveSeries) {
            throw FormatError(description: "activeSeries[\(i)].series: \(j.series) is outside 0…\(Self.maxActiveSeries)")
        }
    }

    static func path(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
    }
}

// MARK: - JSON form

extension Snapshot: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("activeSeries", activeSeries)
            $0.field("generatedAt", generatedAt)
            $0.field("lintFindings", lintFindings)
            $0.field("onCall", onCall)
            $0.field("quarter", quarter)
            $0.field("slos", slos)
            $0.field("source", source)
            $0.field("through", through)
            $0.field("version", version)
        }
    }
}

extension Snapshot.SLOSeries: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("days", days)
            $0.field("mismatches", mismatches)
            $0.field("objective", objective)
            $0.field("objectiveChanged", objectiveChanged)
            $0.field("service", service)
            $0.field("slo", slo)
        }
    }
}

extension Snapshot.DayCount: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("date", date)
            $0.field("good", good)
            $0.field("objective", objective)
            $0.field("raw", raw)
            $0.field("total", total)
        }
    }
}

extension Snapshot.Mismatch: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("date", date)
            $0.field("rawGood", rawGood)
            $0.field("rawTotal", rawTotal)
            $0.field("recordedGood", recordedGood)
            $0.field("recordedTotal", recordedTotal)
        }
    }
}

extension Snapshot.JobSeries: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("job", job)
            $0.field("series", series)
        }
    }
}
