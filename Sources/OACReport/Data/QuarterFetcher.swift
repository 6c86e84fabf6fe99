import Foundation
import OACModel

/// Reads one quarter of SLO data from a Prometheus-compatible API into a `Snapshot`, whatever the number of
/// days in 4 + 2 × ⌈SLOs ÷ `RawSLIQueries.batchSize`⌉ requests: one `query_range` (step 1d) per recorded series
/// (total, bad, objective), one instant query for the active series per job, and, given the catalog, the
/// daily bad and total events computed from the raw series (`RawSLIQueries`, one request pair per batch of
/// SLOs). A day without a recorded total takes the raw counts (marked `raw`); a day with both is compared, and a
/// disagreement over `Snapshot.mismatchTolerance` is kept as a data-quality finding. Given the catalog, the
/// quarter's alert history follows for the alert names given (`OnCallFetcher`: one request per week).
public struct QuarterFetcher: Sendable {
    public var client: PrometheusClient

    public init(client: PrometheusClient) { self.client = client }

    /// One step of the fetch, for a progress bar.
    public struct Step: Sendable {
        public var index: Int
        public var count: Int
        public var name: String
    }

    /// The PromQL of each request, public so docs and tests show exactly what is asked.
    public enum Queries {
        static let byLabels = "\(Conventions.serviceLabel), \(Conventions.sloLabel)"

        /// Events in the day ending at the evaluation time: the day's mean 5-minute rate × 86400 s.
        public static func dailyEvents(_ series: String) -> String {
            "sum by (\(byLabels)) (avg_over_time(\(series)[1d])) * 86400"
        }

        /// The objective (ratio) in force at the end of each day.
        public static let dailyObjective =
            "max by (\(byLabels)) (last_over_time(\(Conventions.objectiveRatio)[1d]))"

        /// Samples each job's targets kept after relabelling (≈ active series), the day's peak.
        /// `count by (job) ({__name__!=""})` would touch every series in the head; this reads one series per target.
        public static let activeSeriesByJob =
            "sum by (\(Conventions.jobLabel)) (max_over_time(scrape_samples_post_metric_relabeling[1d]))"
    }

    /// The last complete day: the quarter's last day, or yesterday while the quarter is running.
    public static func through(_ quarter: Quarter, now: Date) -> Day? {
        let today = Day(containing: now)
        let last = min(quarter.lastDay, Day(index: today.index - 1))
        return last >= quarter.firstDay ? last : nil
    }

    /// `model`: the catalog, whose SLI definitions fill the days the recordings miss; nil reads recordings only.
    /// `alertNames`: oac's alert names (`AlertInventory.alertNames`), whose firings are read from `ALERTS`; empty
    /// reads no alert history. `warn`: a raw batch or alert-history week that fails (a query the server refuses or
    /// times out) is told here and left out; the recorded data still make the snapshot.
    public func fetch(
        _ quarter: Quarter, model: Model? = nil, alertNames: [String] = [], now: Date = Date(), progress: (Step) -> Void = { _ in },
        warn: (String) -> Void = { _ in }
    ) throws -> Snapshot {
        guard let through = Self.through(quarter, now: now) else {
            throw PrometheusClient.ClientError.badResponse(
                url: client.baseURL.absoluteString, status: 0,
                message: "\(quarter) has no complete day yet")
        }
        // Evaluated at the end of each day: the sample at T covers the day (T − 1d, T].
        let start = Day(index: quarter.firstDay.index + 1).start
        let end = through.end
        let raw = model.map(RawSLIQueries.batches)
        for id in raw?.skipped ?? [] { warn("SLO \(id): its SLI query does not parse, so its days are not computed from raw series") }
        let batches = raw?.batches ?? []
        var steps = ["total events", "bad events", "objectives", "active series per job"]
        for (i, _) in batches.enumerated() {
            steps += ["raw bad events (\(i + 1)/\(batches.count))", "raw total events (\(i + 1)/\(batches.count))"]
        }
        // The alert history: from the quarter's first minute to the end of its last complete day.
        if !alertNames.isEmpty { steps += Self.onCallSteps(start: quarter.start, end: end) }
        var at = 0
        func step() {
            progress(Step(index: at, count: steps.count, name: at < steps.count ? steps[at] : "done"))
            at += 1
        }
        step()
        let totals = try client.queryRange(Queries.dailyEvents(Conventions.sloTotalRate5m), start: start, end: end, step: 86_400)
        step()
        let bads = try client.queryRange(Queries.dailyEvents(Conventions.sloBadRate5m), start: start, end: end, step: 86_400)
        step()
        let objectives = try client.queryRange(Queries.dailyObjective, start: start, end: end, step: 86_400)
        step()
        let jobs = try client.query(Queries.activeSeriesByJob, at: end)
        var rawBads: [PrometheusClient.Series] = []
        var rawTotals: [PrometheusClient.Series] = []
        for batch in batches {
            step()
            do {
                let b = try client.queryRange(batch.bad, start: start, end: end, step: 86_400)
                step()
                let t = try client.queryRange(batch.total, start: start, end: end, step: 86_400)
                rawBads += b
                rawTotals += t
            } catch {
                warn("raw series of \(batch.slos.count) SLOs (\(batch.slos.first ?? "")…) could not be read: \(error)")
            }
        }
        let onCall = alertNames.isEmpty ? nil : fetchOnCall(alertNames: alertNames, start: quarter.start, end: end, step: step, warn: warn)
        step()

        var snapshot = Self.assemble(
            quarter: quarter, through: through, generatedAt: now, source: client.displayURL,
            totals: totals, bads: bads, objectives: objectives, jobs: jobs,
            raw: model == nil ? nil : (totals: rawTotals, bads: rawBads))
        snapshot.onCall = onCall
        return snapshot
    }

    /// Joins the per-series answers into per-SLO days. A day needs a total to count; a missing bad series
    /// that day means no bad events.
    static func assemble(
        quarter: Quarter, through: Day, generatedAt: Date, source: String,
        totals: [PrometheusClient.Series], bads: [PrometheusClient.Series],
        objectives: [PrometheusClient.Series],
        jobs: [(labels: [String: String], value: Double)],
        raw: (totals: [PrometheusClient.Series], bads: [PrometheusClient.Series])? = nil
    ) -> Snapshot {
        struct Key: Hashable, Comparable {
            var service: String, slo: String
            static func < (l: Key, r: Key) -> Bool { (l.service, l.slo) < (r.service, r.slo) }
        }
        func key(_ s: PrometheusClient.Series) -> Key? {
            guard let service = s.labels[Conventions.serviceLabel], let slo = s.labels[Conventions.sloLabel] else { return nil }
            return Key(service: service, slo: slo)
        }
        func byDay(_ series: [PrometheusClient.Series]) -> [Key: [Day: Double]] {
            var out: [Key: [Day: Double]] = [:]
            for s in series {
                guard let k = key(s) else { continue }
                // A time outside 1970…9999 is no day of any quarter (and would overflow the day index).
                for p in s.points where p.value.isFinite && p.time >= 0 && p.time <= Day.maxUnixTime {
                    // The point at the end of day d (midnight) belongs to d.
                    let day = Day(index: Int((p.time / 86_400).rounded()) - 1)
                    guard day >= quarter.firstDay, day <= through else { continue }
                    out[k, default: [:]][day] = p.value
                }
            }
            return out
        }
        let total = byDay(totals)
        let bad = byDay(bads)
        let objective = byDay(objectives)
        let rawTotal = byDay(raw?.totals ?? [])
        let rawBad = byDay(raw?.bads ?? [])
        let keys = Set(total.keys).union(objective.keys).union(rawTotal.keys).sorted()
        func counts(_ t: Double, _ b: Double?) -> (good: Double, total: Double) {
            let tot = max(0, t)
            let badCount = min(tot, max(0, b ?? 0))
            return (tot - badCount, tot)
        }
        let slos = keys.map { k -> Snapshot.SLOSeries in
            let t = total[k] ?? [:]
            let b = bad[k] ?? [:]
            let o = objective[k] ?? [:]
            let rt = rawTotal[k] ?? [:]
            let rb = rawBad[k] ?? [:]
            var mismatches: [Snapshot.Mismatch] = []
            let days = Set(t.keys).union(rt.keys).sorted().map { day -> Snapshot.DayCount in
                guard let recordedTotal = t[day] else {
                    let c = counts(rt[day]!, rb[day])
                    return Snapshot.DayCount(date: day, good: c.good, total: c.total, objective: o[day].map(percent), raw: true)
                }
                let c = counts(recordedTotal, b[day])
                if let rawTotal = rt[day] {
                    let r = counts(rawTotal, rb[day])
                    if Snapshot.Mismatch.disagree(recordedGood: c.good, recordedTotal: c.total, rawGood: r.good, rawTotal: r.total) {
                        mismatches.append(.init(date: day, recordedGood: c.good, recordedTotal: c.total, rawGood: r.good, rawTotal: r.total))
                    }
                }
                return Snapshot.DayCount(date: day, good: c.good, total: c.total, objective: o[day].map(percent))
            }
            let recorded = o.keys.sorted().map { percent(o[$0]!) }
            return Snapshot.SLOSeries(
                service: k.service, slo: k.slo, objective: recorded.last,
                objectiveChanged: Set(recorded).count > 1, days: days,
                mismatches: mismatches.isEmpty ? nil : mismatches)
        }
        let active = jobs.compactMap { j -> Snapshot.JobSeries? in
            guard let job = j.labels[Conventions.jobLabel], j.value.isFinite else { return nil }
            return Snapshot.JobSeries(job: job, series: j.value.rounded())
        }.sorted { $0.job < $1.job }
        return Snapshot(
            quarter: quarter, generatedAt: Timestamp.format(generatedAt), source: source, through: through,
            slos: slos, activeSeries: active)
    }

    /// Ratio → percent without float noise (0.999 → 99.9, not 99.90000000000001).
    static func percent(_ ratio: Double) -> Double {
        (ratio * 100 * 1e9).rounded() / 1e9
    }
}

extension QuarterFetcher {
    /// `assemble` for tests, with a fixed clock and no active series.
    public static func assembleForTesting(
        quarter: Quarter, totals: [PrometheusClient.Series], bads: [PrometheusClient.Series],
        objectives: [PrometheusClient.Series],
        raw: (totals: [PrometheusClient.Series], bads: [PrometheusClient.Series])? = nil
    ) -> Snapshot {
        assemble(
            quarter: quarter, through: quarter.lastDay, generatedAt: quarter.end, source: "test", totals: totals,
            bads: bads, objectives: objectives, jobs: [], raw: raw)
    }
}
