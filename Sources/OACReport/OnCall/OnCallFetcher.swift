import Foundation
import OACModel
import OACPromQL

/// Reads the quarter's firings of oac's alerts from `ALERTS` in one `query_range` per week (step 1m: 10,080
/// points a series, under Prometheus's limit of 11,000), 14 requests for a quarter, through the same client
/// (and its size, time and decompression limits) as the SLO data.
///
/// Each request asks, per routed alert (`alertname`, `severity`, `team`, `service`, `slo`: the labels
/// Alertmanager groups and routes on), for the time of the latest firing sample at each step:
/// `max by (…) (timestamp(ALERTS{alertstate="firing", alertname=~"…"}))`. Those sample times, not the steps,
/// make the firings (`OnCallHistory.firings(sampleTimes:maxGap:)`), so a firing ends at the last evaluation
/// that saw it firing whether or not Prometheus wrote a stale marker after it.
public enum OnCallFetcher {
    /// The step of each request: one minute.
    public static let step: TimeInterval = 60
    /// Prometheus's default lookback delta (`--query.lookback-delta`): a sample answers queries this long.
    public static let lookback: TimeInterval = 300
    /// Samples further apart than a step plus the lookback belong to two firings (6 minutes).
    public static let maxGap: TimeInterval = step + lookback
    /// One request's span: a week.
    public static let chunk: TimeInterval = 7 * 86_400

    /// The labels a firing keeps.
    static let labels = ["alertname", Conventions.severityLabel, Conventions.teamLabel, Conventions.serviceLabel, Conventions.sloLabel]

    /// The PromQL of each request.
    public static func query(alertNames: [String]) -> String {
        let names = alertNames.map(PromQL.quoteMeta).joined(separator: "|")
        return "max by (\(labels.joined(separator: ", "))) (timestamp(ALERTS{alertstate=\"firing\", alertname=~\(PromQL.quote(names))}))"
    }

    /// The request windows covering `[start, end]`: `[start + k·week, start + (k+1)·week − step]`.
    public static func windows(start: Date, end: Date) -> [(start: Date, end: Date)] {
        var out: [(start: Date, end: Date)] = []
        var s = start
        while s <= end {
            let e = min(s.addingTimeInterval(chunk - step), end)
            out.append((s, e))
            s = s.addingTimeInterval(chunk)
        }
        return out
    }

    /// The firings from the answers of every window, joined per alert across windows.
    public static func history(_ answers: [[PrometheusClient.Series]], unread: [OnCallHistory.Stretch] = []) -> OnCallHistory {
        struct Key: Hashable, Comparable {
            var alert: String, severity: String, team: String?, service: String?, slo: String?
            static func < (l: Key, r: Key) -> Bool {
                (l.alert, l.severity, l.team ?? "", l.service ?? "", l.slo ?? "") < (r.alert, r.severity, r.team ?? "", r.service ?? "", r.slo ?? "")
            }
        }
        var times: [Key: [Double]] = [:]
        for series in answers.joined() {
            guard let alert = series.labels["alertname"] else { continue }
            let key = Key(
                alert: alert, severity: series.labels[Conventions.severityLabel] ?? "", team: series.labels[Conventions.teamLabel],
                service: series.labels[Conventions.serviceLabel], slo: series.labels[Conventions.sloLabel])
            // The value is a sample's time; one outside 1970…9999 is no time of any quarter.
            times[key, default: []] += series.points.map(\.value).filter { $0.isFinite && $0 >= 0 && $0 <= Day.maxUnixTime }
        }
        var firings: [OnCallHistory.Firing] = []
        for key in times.keys.sorted() {
            for f in OnCallHistory.firings(sampleTimes: times[key]!, maxGap: maxGap) {
                firings.append(
                    .init(
                        alert: key.alert, severity: key.severity, team: key.team, service: key.service, slo: key.slo,
                        start: Date(timeIntervalSince1970: f.start), end: Date(timeIntervalSince1970: f.end)))
            }
        }
        firings.sort { ($0.start, $0.alert, $0.service ?? "", $0.slo ?? "") < ($1.start, $1.alert, $1.service ?? "", $1.slo ?? "") }
        return OnCallHistory(stepSeconds: step, maxGapSeconds: maxGap, firings: firings, unread: unread)
    }
}

extension QuarterFetcher {
    /// The on-call requests' progress names, one per window.
    static func onCallSteps(start: Date, end: Date) -> [String] {
        let w = OnCallFetcher.windows(start: start, end: end)
        return w.indices.map { "alert history (\($0 + 1)/\(w.count))" }
    }

    /// Reads the alert history of `[start, end]`; a window whose request fails is told to `warn` and kept as
    /// unread (the page says so), the others still count.
    func fetchOnCall(alertNames: [String], start: Date, end: Date, step: () -> Void, warn: (String) -> Void) -> OnCallHistory {
        var answers: [[PrometheusClient.Series]] = []
        var unread: [OnCallHistory.Stretch] = []
        let query = OnCallFetcher.query(alertNames: alertNames)
        for w in OnCallFetcher.windows(start: start, end: end) {
            step()
            do {
                answers.append(try client.queryRange(query, start: w.start, end: w.end, step: OnCallFetcher.step))
            } catch {
                warn("the alert history from \(Timestamp.format(w.start)) to \(Timestamp.format(w.end)) could not be read: \(error)")
                unread.append(.init(start: w.start, end: w.end))
            }
        }
        return OnCallFetcher.history(answers, unread: unread)
    }
}
