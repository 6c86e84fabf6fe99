import Foundation
import OACModel

/// An incident as the report reads it: the catalog's `Incident` plus where it came from and whether its
/// start is known (a PagerDuty export knows when the incident was triggered, not when the problem began).
public struct ReportIncident: Sendable, Hashable {
    public enum Source: String, Sendable, Hashable { case catalog, pagerduty }

    public var incident: Incident
    public var source: Source
    /// False when `started` is only the detection time: such incidents have no MTTD.
    public var startKnown: Bool

    public init(_ incident: Incident, source: Source, startKnown: Bool) {
        self.incident = incident
        self.source = source
        self.startKnown = startKnown
    }

    /// Catalog incidents first; an export row with the id of a catalog incident adds nothing (the catalog
    /// is the curated record). Sorted by start, then id.
    public static func merge(catalog: [Incident], exported: [ReportIncident]) -> [ReportIncident] {
        var out = catalog.map { ReportIncident($0, source: .catalog, startKnown: true) }
        let ids = Set(catalog.map(\.id))
        out += exported.filter { !ids.contains($0.incident.id) }
        return out.sorted { ($0.incident.started, $0.incident.id) < ($1.incident.started, $1.incident.id) }
    }
}

/// Ids of the report's own diagnostics.
public enum ReportCheck {
    public static let incidentCSV = "incident-csv"
    public static let unknownService = "unknown-service"
    public static let snapshotMismatch = "snapshot-mismatch"
    /// A `--templates` tag names no value of the report data: it renders empty (a warning).
    public static let templateUnknownKey = "template-unknown-key"
}
