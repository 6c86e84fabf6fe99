import Foundation
import OACModel
import OACSupport

/// The quarter's alert history in a snapshot (key `onCall`, snapshot version 3): every firing of oac's alerts
/// read from `ALERTS`, so the offline report computes the on-call figures with the catalog's time zones,
/// working hours and incident log of the day it renders.
public struct OnCallHistory: Sendable, Decodable, Hashable {
    /// The `query_range` step the history was read at (seconds).
    public var stepSeconds: Double
    /// Two samples of one alert belong to one firing when they are at most this far apart (step + lookback).
    public var maxGapSeconds: Double
    public var firings: [Firing]
    /// Stretches of the quarter whose history could not be read (the request failed); empty when complete.
    public var unread: [Stretch]

    public init(stepSeconds: Double, maxGapSeconds: Double, firings: [Firing], unread: [Stretch] = []) {
        self.stepSeconds = stepSeconds
        self.maxGapSeconds = maxGapSeconds
        self.firings = firings
        self.unread = unread
    }

    /// One firing: the alert's labels that route it (`alertname`, `severity`, `team`, and `service`/`slo` for
    /// SLO alerts) and the first and last evaluation that saw it firing (RFC 3339, UTC).
    public struct Firing: Sendable, Decodable, Hashable {
        public var alert: String
        public var severity: String
        public var team: String?
        public var service: String?
        public var slo: String?
        public var start: String
        public var end: String

        public init(alert: String, severity: String, team: String?, service: String?, slo: String?, start: Date, end: Date) {
            self.alert = alert
            self.severity = severity
            self.team = team
            self.service = service
            self.slo = slo
            self.start = Timestamp.format(start)
            self.end = Timestamp.format(end)
        }

        public var startDate: Date { Timestamp.parse(start) ?? .distantPast }
        public var endDate: Date { Timestamp.parse(end) ?? .distantPast }
        public var seconds: Double { endDate.timeIntervalSince(startDate) }
    }

    public struct Stretch: Sendable, Decodable, Hashable {
        public var start: String
        public var end: String

        public init(start: Date, end: Date) {
            self.start = Timestamp.format(start)
            self.end = Timestamp.format(end)
        }
    }

    /// The most firings a snapshot may hold (a million: years of a very noisy platform).
    public static let maxFirings = 1_000_000

    /// Checks what `Snapshot.decode` checks: times that parse, inside 1970…9999, start ≤ end, sane settings.
    public func validate() throws {
        func fail(_ s: String) -> Snapshot.FormatError { Snapshot.FormatError(description: "onCall.\(s)") }
        guard stepSeconds.isFinite, stepSeconds > 0, stepSeconds <= 86_400 else { throw fail("stepSeconds: \(stepSeconds) is outside (0, 86400]") }
        guard maxGapSeconds.isFinite, maxGapSeconds >= stepSeconds, maxGapSeconds <= 86_400 * 7 else {
            throw fail("maxGapSeconds: \(maxGapSeconds) is outside [stepSeconds, 604800]")
        }
        guard firings.count <= Self.maxFirings else { throw fail("firings: more than \(Self.maxFirings)") }
        func time(_ s: String, _ at: String) throws -> Date {
            guard let d = Timestamp.parse(s), d.timeIntervalSince1970 >= 0, d.timeIntervalSince1970 <= Day.maxUnixTime else {
                throw fail("\(at): `\(s)` is not an RFC 3339 time in 1970…9999")
            }
            return d
        }
        for (i, f) in firings.enumerated() {
            guard try time(f.start, "firings[\(i)].start") <= time(f.end, "firings[\(i)].end") else {
                throw fail("firings[\(i)]: end is before start")
            }
        }
        for (i, s) in unread.enumerated() {
            guard try time(s.start, "unread[\(i)].start") <= time(s.end, "unread[\(i)].end") else {
                throw fail("unread[\(i)]: end is before start")
            }
        }
    }

    // MARK: - Firings from samples

    /// The firings in one alert's sample times: consecutive samples at most `maxGap` apart form one firing,
    /// from its first sample to its last; a longer gap starts a new one. Times need not be sorted or distinct.
    public static func firings(sampleTimes: [Double], maxGap: Double) -> [(start: Double, end: Double)] {
        let times = Array(Set(sampleTimes.filter(\.isFinite))).sorted()
        guard var start = times.first else { return [] }
        var out: [(start: Double, end: Double)] = []
        var last = start
        for t in times.dropFirst() {
            if t - last > maxGap {
                out.append((start, last))
                start = t
            }
            last = t
        }
        out.append((start, last))
        return out
    }
}

// MARK: - JSON form

extension OnCallHistory: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("firings", firings)
            $0.field("maxGapSeconds", maxGapSeconds)
            $0.field("stepSeconds", stepSeconds)
            $0.field("unread", unread)
        }
    }
}

extension OnCallHistory.Firing: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("alert", alert)
            $0.field("end", end)
            $0.field("service", service)
            $0.field("severity", severity)
            $0.field("slo", slo)
            $0.field("start", start)
            $0.field("team", team)
        }
    }
}

extension OnCallHistory.Stretch: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object {
            $0.field("end", end)
            $0.field("start", start)
        }
    }
}
