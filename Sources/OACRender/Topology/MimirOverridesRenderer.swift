import Foundation
import OACModel

/// Mimir runtime overrides when `global.mode: mimir`: the platform's tenant gets limits from the estimate
/// with headroom, and block retention from the longest tier.
public enum MimirOverridesRenderer {
    /// Limits are the estimate × this, so expected growth does not hit them.
    public static let headroom = Decimal(string: "1.5")!
    /// Burst: this many seconds of the ingestion rate.
    public static let burstSeconds = 20

    /// Mimir's own defaults: oac never sets a limit below them.
    public static let defaultIngestionRate = Decimal(10_000)
    public static let defaultIngestionBurst = Decimal(200_000)
    public static let defaultMaxSeries = Decimal(150_000)

    /// Every shard writes as one tenant named after the platform.
    public static func tenant(_ model: Model) -> String { model.platform.name }

    public static func render(_ model: Model, estimate: CostEstimate) -> OutputFile {
        let series = max(defaultMaxSeries, ceil(Decimal(estimate.total.series + estimate.global.series) * headroom))
        let rate = max(defaultIngestionRate,
                       ceil((estimate.total.samplesPerSecond.value + estimate.global.samplesPerSecond.value) * headroom))
        let burst = max(defaultIngestionBurst, rate * Decimal(burstSeconds))
        let used = Set(model.services.map(\.tier))
        // Mimir does not downsample: raw blocks are kept as long as the longest any tier asks for.
        let retention = model.platform.retentionTiers.filter { used.contains($0.name) }.map(\.longestMetrics).max()
            ?? Topology.defaultRetention
        var y = YAMLBuilder()
        y.line(0, "overrides:")
        y.line(2, "\(YAMLText.string(tenant(model))):")
        y.raw(4, "compactor_blocks_retention_period", retention.description)
        y.raw(4, "ingestion_burst_size", burst.plain(maxFractionDigits: 0))
        y.raw(4, "ingestion_rate", rate.plain(maxFractionDigits: 0))
        y.raw(4, "max_global_series_per_user", series.plain(maxFractionDigits: 0))
        return OutputFile(path: Conventions.mimirOverridesFile, contents: y.text)
    }

    static func ceil(_ d: Decimal) -> Decimal {
        var v = d, out = Decimal()
        NSDecimalRound(&out, &v, 0, .up)
        return out
    }
}
