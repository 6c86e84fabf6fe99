import Foundation
import OACModel

/// The incidents the page lists by name: all of them up to `listedIncidents`, else the `listedIncidents` worst.
/// A PagerDuty export can hold hundreds of thousands of incidents; a page listing every one is unreadable and
/// cost a third of a large report's time. `summary.json` keeps every incident, and every count, statistic
/// and the budget each burned still counts all of them.
extension IncidentSummary {
    /// How many incidents `index.html` lists in its table and marks on the charts.
    public static let listedIncidents = 50

    /// At most `limit` incidents, in the order of `incidents` (by start): when there are more, the worst by
    /// `isWorse` (the most severe; within a severity the open ones, then the longest to resolve).
    public func listed(limit: Int = IncidentSummary.listedIncidents) -> [ReportIncident] {
        guard incidents.count > limit else { return incidents }
        return listedPositions(limit: limit).map { incidents[$0] }
    }

    /// The positions in `incidents` of the ones `listed` returns, ascending.
    public func listedPositions(limit: Int = IncidentSummary.listedIncidents) -> [Int] {
        guard incidents.count > limit else { return Array(incidents.indices) }
        return Worst.select(incidents.indices, limit: limit) { Self.isWorse(incidents[$0], than: incidents[$1]) }.sorted()
    }

    /// How many incidents the page does not list.
    public func unlisted(limit: Int = IncidentSummary.listedIncidents) -> Int { max(0, incidents.count - limit) }

    /// The order of gravity an executive reads first: the more severe; at one severity, one still open, then the
    /// longer from start to resolution (customers were hurt longer); then the earlier start and the smaller id,
    /// so the choice does not depend on the input's order.
    static func isWorse(_ a: ReportIncident, than b: ReportIncident) -> Bool {
        let x = a.incident
        let y = b.incident
        if x.severity != y.severity { return x.severity < y.severity }
        switch (x.resolved, y.resolved) {
        case (nil, .some): return true
        case (.some, nil): return false
        case (let r?, let s?):
            let dx = r.timeIntervalSince(x.started)
            let dy = s.timeIntervalSince(y.started)
            if dx != dy { return dx > dy }
        case (nil, nil): break
        }
        if x.started != y.started { return x.started < y.started }
        return x.id < y.id
    }
}

/// The `limit` worst of a sequence, worst first, without sorting it: one comparison for most elements (against
/// the least bad kept), a binary search and an insertion for the others. Equal elements keep their order.
enum Worst {
    static func select<S: Sequence>(_ items: S, limit: Int, by isWorse: (S.Element, S.Element) -> Bool) -> [S.Element] {
        guard limit > 0 else { return [] }
        var kept: [S.Element] = []
        kept.reserveCapacity(limit + 1)
        for item in items {
            if kept.count == limit, !isWorse(item, kept[limit - 1]) { continue }
            var lo = 0
            var hi = kept.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if isWorse(item, kept[mid]) { hi = mid } else { lo = mid + 1 }
            }
            kept.insert(item, at: lo)
            if kept.count > limit { kept.removeLast() }
        }
        return kept
    }
}
