import Foundation
import OACModel

/// The history computed from raw series, on the scorecard: which days of each SLO came from the raw series, and
/// the days where the recordings and the raw series disagree (a data-quality finding).
extension ScorecardBuilder {
    /// Each SLO's `rawDays`: its days (inside the data) that the snapshot marks as computed from raw series.
    static func markRawDays(_ slos: [SLOResult], data: Snapshot) -> [SLOResult] {
        var raw: [String: [Day]] = [:]
        for s in data.slos {
            let days = s.days.filter(\.isRaw).map(\.date).filter { $0 <= data.through }
            if !days.isEmpty, raw["\(s.service)/\(s.slo)"] == nil { raw["\(s.service)/\(s.slo)"] = days }
        }
        guard !raw.isEmpty else { return slos }
        return slos.map { s in
            var s = s
            s.rawDays = raw[s.id] ?? []
            return s
        }
    }

    static func rawDayGaps(_ slos: [SLOResult]) -> [DataQuality.Gap] {
        slos.filter { !$0.rawDays.isEmpty }.map { .init(slo: $0.id, days: $0.rawDays) }
    }

    /// The catalog's SLOs with days whose recorded and raw counts disagree, by id.
    static func mismatches(_ data: Snapshot, known: Set<String>) -> [(slo: String, days: [Snapshot.Mismatch])] {
        data.slos.compactMap { s -> (String, [Snapshot.Mismatch])? in
            let id = "\(s.service)/\(s.slo)"
            guard known.contains(id), let m = s.mismatches, !m.isEmpty else { return nil }
            return (id, m)
        }.sorted { $0.0 < $1.0 }
    }
}
