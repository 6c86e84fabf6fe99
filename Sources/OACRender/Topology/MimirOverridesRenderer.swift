import Foundation
import OACModel
import OACOutput
import OACSupport

/// Mimir runtime overrides when `global.mode: mimir`: one tenant per tier in use (`MimirTenancy`), each with
/// its tier's block retention and limits from its services' estimate with headroom, and the platform's own
/// tenant (the shards' self-metrics). With HA pairs every tenant accepts HA samples, deduplicated on
/// `cluster`/`__replica__`.
public enum MimirOverridesRenderer {
    /// Limits are the estimate × this, so expected growth does not hit them.
    public static let headroom = Decimal(string: "1.5")!
    /// Burst: this many seconds of the ingestion rate.
    public static let burstSeconds = 20

    /// Mimir's own defaults: oac never sets a limit below them.
    public static let defaultIngestionRate = Decimal(10_000)
    public static let defaultIngestionBurst = Decimal(200_000)
    public static let defaultMaxSeries = Decimal(150_000)

    public static func render(_ model: Model, estimate: CostEstimate) -> OutputFile {
        let tenancy = MimirTenancy(model)
        let paired = model.platform.regions.contains { $0.replicas > 1 }
        var y = YAMLBuilder()
        y.line(0, "overrides:")
        for tenant in tenancy.tenants {
            let members = estimate.services.filter { tenant.services.contains($0.name) }
            // The platform's tenant holds the shards' own metrics and what the ruler records globally.
            let seriesCount = tenant.tier == nil ? estimate.global.series : members.reduce(0) { $0 + $1.figures.series }
            let samples =
                tenant.tier == nil
                ? estimate.global.samplesPerSecond.value
                : members.reduce(Decimal(0)) { $0 + $1.figures.samplesPerSecond.value }
            let series = max(defaultMaxSeries, ceil(Decimal(seriesCount) * headroom))
            let rate = max(defaultIngestionRate, ceil(samples * headroom))
            let burst = max(defaultIngestionBurst, rate * Decimal(burstSeconds))
            y.line(2, "# \(tenant.tier.map { "tier \($0)" } ?? "the platform's own series (no service)")")
            y.line(2, "\(YAMLText.string(tenant.name)):")
            if paired { y.raw(4, "accept_ha_samples", "true") }
            y.raw(4, "compactor_blocks_retention_period", tenant.retention.description)
            if paired {
                y.field(4, "ha_cluster_label", Conventions.mimirClusterLabel)
                y.field(4, "ha_replica_label", Conventions.mimirReplicaLabel)
            }
            y.raw(4, "ingestion_burst_size", burst.plain(maxFractionDigits: 0))
            y.raw(4, "ingestion_rate", rate.plain(maxFractionDigits: 0))
            y.raw(4, "max_global_series_per_user", series.plain(maxFractionDigits: 0))
        }
        return OutputFile(path: Conventions.mimirOverridesFile, contents: y.text)
    }

    static func ceil(_ d: Decimal) -> Decimal {
        var v = d
        var out = Decimal()
        NSDecimalRound(&out, &v, 0, .up)
        return out
    }
}
