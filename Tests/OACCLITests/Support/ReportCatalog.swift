import OACTestSupport

/// The catalog prelude of the report tests that read a backfilled Prometheus (ReportEndToEndTests,
/// ReportOnCallTests, ReportRawHistoryTests): CatalogBuilder's, with rules evaluated every 30s and a tier `gold`
/// that keeps raw series 90 days (a whole quarter) and downsampled ones up to two years.
enum ReportCatalog {
    static let gold = "{name: gold, metrics: {local: 35d, raw: 90d, downsampled5m: 1y, downsampled1h: 2y}, logs: 30d}"

    /// Platform `name` with the tier `gold` and then `tiers` (flow maps).
    static func prelude(_ name: String, tiers: [String] = []) -> CatalogBuilder {
        var builder = CatalogBuilder()
        builder.platformName = name
        return builder.prometheus(#"{version: "2.42", scrapeInterval: 30s, evaluationInterval: 30s}"#)
            .retentionTiers("[" + ([gold] + tiers).joined(separator: ", ") + "]")
    }

    /// A team paged through PagerDuty (its routing key in a file named after it), with the `spec:` lines `more`
    /// (unindented) before `page:`.
    static func team(_ name: String, _ more: String? = nil) -> (name: String, spec: String?) {
        (name, (more.map { $0 + "\n" } ?? "") + "page: {pagerduty: {routingKeyFile: /etc/alertmanager/secrets/\(name)}}")
    }
}
