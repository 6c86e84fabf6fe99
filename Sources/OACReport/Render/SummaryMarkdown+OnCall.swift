import Foundation
import OACModel

/// The on-call line of `summary.md`.
extension SummaryMarkdown {
    /// `- **On-call:** 23 pages (9 out of hours, 39%; 4 with no incident), 41 tickets; noisiest: …; runbooks: …`,
    /// or only the runbooks when the data holds no alert history.
    static func onCall(_ o: OnCallHealth?) -> String {
        guard let o else { return "" }
        let r = o.runbooks
        let runbooks = "\(r.withRunbook) of \(r.rules) alert rules carry a runbook"
        guard o.available else { return "- **On-call:** no alert history in the data; \(runbooks)\n" }
        var line = "- **On-call:** \(o.pages) \(o.pages == 1 ? "page" : "pages")"
        if o.pages > 0 {
            line +=
                " (\(o.outOfHoursPages) out of hours, \(Format.share(o.outOfHoursShare ?? 0)); \(o.noisePages.count) with no incident"
                + (o.drillPages > 0 ? ", \(o.drillPages) during chaos drills)" : ")")
        }
        line += ", \(o.tickets) \(o.tickets == 1 ? "ticket" : "tickets")"
        if let top = o.noisiest.first {
            line +=
                "; noisiest: \(md(top.name)) (\(top.severity), \(top.firings) \(top.firings == 1 ? "firing" : "firings"), \(top.flaps) \(top.flaps == 1 ? "flap" : "flaps"))"
        }
        return line + "; \(runbooks)\n"
    }
}
