import OACCatalog
import OACTestSupport

/// The catalog CalendarAndQueryTests and PrometheusRefusalTests write their cases into: CatalogBuilder's prelude
/// with one tier, `gold`, kept 93 days (a calendar quarter fits), and a Service `s` of team `t` on that tier.
/// The Service's `spec:` starts at line 15 of `c.yaml`, after `owner` and `tier` (the tests count lines from it).
enum GoldCatalog {
    /// `version`: the Platform's Prometheus version; `spec`: the rest of the Service's `spec:`, indented as under
    /// `spec:` (two spaces).
    static func files(version: String = "2.42", spec: String) -> [SourceFile] {
        CatalogBuilder()
            .prometheus(#"{version: "\#(version)", retention: 93d}"#)
            .retentionTiers("[{name: gold, metrics: {local: 93d}}]")
            .adding("apiVersion: oac/v1\nkind: Service\nmetadata: {name: s}\nspec:\n  owner: t\n  tier: gold\n" + spec)
            .files(path: "c.yaml")
    }
}
