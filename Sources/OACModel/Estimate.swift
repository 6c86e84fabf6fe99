import Foundation
import OACPromQL

/// Cardinality, storage and cost estimate of a platform: per metric, service, team, region (with its shard
/// count) and in total. Pure: the model in, figures out; every rounding is decimal and documented.
public struct CostEstimate: Sendable, Hashable {
    public var currency: String
    public var assumptions: Assumptions
    public var services: [ServiceEstimate]
    public var teams: [GroupEstimate]
    public var regions: [RegionEstimate]
    /// The place where SLOs are evaluated (global Prometheus, or the only one): SLO-level records and, with
    /// federation, the copies of the shards' SLI records.
    public var global: Figures
    public var total: Figures

    // MARK: - Figures

    /// The numbers reported for every row.
    public struct Figures: Sendable, Hashable {
        public var series: Int
        public var samplesPerSecond: ExactDecimal
        /// TSDB disk for the local retention of the place the series live in: samples/s × bytes/sample × retention.
        public var diskBytes: Int64
        public var headMemoryBytes: Int64
        public var logGBPerDay: ExactDecimal
        public var logGBStored: ExactDecimal
        public var monthlyCost: MonthlyCost

        public static let zero = Figures(
            series: 0, samplesPerSecond: 0, diskBytes: 0, headMemoryBytes: 0,
            logGBPerDay: 0, logGBStored: 0,
            monthlyCost: MonthlyCost(metrics: 0, logsIngested: 0, logsStored: 0, total: 0))

        public static func + (l: Figures, r: Figures) -> Figures {
            Figures(
                series: l.series + r.series,
                samplesPerSecond: ExactDecimal(l.samplesPerSecond.value + r.samplesPerSecond.value),
                diskBytes: l.diskBytes + r.diskBytes, headMemoryBytes: l.headMemoryBytes + r.headMemoryBytes,
                logGBPerDay: ExactDecimal(l.logGBPerDay.value + r.logGBPerDay.value),
                logGBStored: ExactDecimal(l.logGBStored.value + r.logGBStored.value),
                monthlyCost: l.monthlyCost + r.monthlyCost)
        }
    }

    /// Monthly cost in the platform's currency, each part rounded to cents; total = sum of the parts.
    public struct MonthlyCost: Sendable, Hashable {
        public var metrics: ExactDecimal
        public var logsIngested: ExactDecimal
        public var logsStored: ExactDecimal
        public var total: ExactDecimal

        public static func + (l: MonthlyCost, r: MonthlyCost) -> MonthlyCost {
            MonthlyCost(
                metrics: ExactDecimal(l.metrics.value + r.metrics.value),
                logsIngested: ExactDecimal(l.logsIngested.value + r.logsIngested.value),
                logsStored: ExactDecimal(l.logsStored.value + r.logsStored.value),
                total: ExactDecimal(l.total.value + r.total.value))
        }
    }

    /// The constants behind the figures, written into the output so a reader can redo the arithmetic.
    public struct Assumptions: Sendable, Hashable {
        public var scrapeIntervalSeconds: ExactDecimal
        public var bytesPerSample: ExactDecimal
        public var headBytesPerSeries: Int64
        public var seriesPerTargetAutomatic: Int
        public var daysPerMonth: Int
        public var seriesPerShard: Int
    }

    public struct MetricEstimate: Sendable, Hashable {
        public var name: String
        public var type: MetricType
        /// Product of the label value counts (1 without labels).
        public var labelCombinations: Int
        /// Series one instance exposes: combinations × (buckets + 1 + 2) for histograms, × (quantiles + 2) for summaries.
        public var seriesPerInstance: Int
    }

    public struct ServiceEstimate: Sendable, Hashable {
        public var name: String
        public var team: String
        public var tier: String
        public var regions: [String]
        public var instancesPerRegion: Int
        public var metrics: [MetricEstimate]
        /// Declared metrics plus the automatic per-target series, per instance.
        public var seriesPerInstance: Int
        /// seriesPerInstance × instances × regions.
        public var scrapedSeries: Int
        /// `oac_sli:*` records: 2 per SLO on every shard of every region of the service.
        public var sliRecordSeries: Int
        /// Copies of the SLI records on the global Prometheus (federation only).
        public var federatedSeries: Int
        /// `oac_slo:*` records where the SLO is evaluated.
        public var sloRecordSeries: Int
        public var figures: Figures
    }

    public struct GroupEstimate: Sendable, Hashable {
        public var name: String
        public var services: [String]
        public var figures: Figures
    }

    public struct RegionEstimate: Sendable, Hashable {
        public var name: String
        public var services: [String]
        /// Shards the region runs: its fixed count, or for `auto` ceil(scraped series / seriesPerShard), at least 1.
        public var shards: Int
        public var shardsAuto: Bool
        /// Series the region's shards hold (scraped and SLI records).
        public var series: Int
        /// Expected series per shard when hashmod spreads targets evenly: ceil(series / shards).
        public var seriesPerShard: Int
        public var samplesPerSecond: ExactDecimal
        public var headMemoryBytesPerShard: Int64
        /// The `--storage.tsdb.retention.time` of its shards: the longest local retention of the tiers served.
        public var localRetention: PromDuration
    }

    // MARK: - Constants

    /// Compressed TSDB size of one sample (Prometheus docs, "Operational aspects": 1–2 bytes; 1.3 typical).
    public static let bytesPerSample = ExactDecimal(Decimal(string: "1.3")!)
    /// Head memory per active series: Robust Perception ("How much RAM does Prometheus 2.x need for cardinality
    /// and ingestion?", 2019) measures ~2 KiB per series for the index and labels including Go's GC headroom,
    /// plus up to 3 hours of chunks being ingested; 4 KiB is the planning figure used here.
    public static let headBytesPerSeries: Int64 = 4096
    /// Series Prometheus adds for every target it scrapes: up, scrape_duration_seconds, scrape_samples_scraped,
    /// scrape_samples_post_metric_relabeling, scrape_series_added.
    public static let automaticSeriesPerTarget = 5
    public static let daysPerMonth = 30
    static let gigabyte = Decimal(1_000_000_000)

    // MARK: - Per metric

    /// Series one instance exposes for a declared metric.
    public static func seriesPerInstance(_ m: MetricSpec) -> Int {
        seriesPerInstance(
            labelProduct: labelCombinations(m), type: m.type, buckets: m.buckets.count,
            quantiles: m.quantiles.count)
    }

    /// The per-type formula, for callers that have label counts but no model yet (the linter).
    public static func seriesPerInstance(labelProduct combinations: Int, type: MetricType, buckets: Int, quantiles: Int) -> Int {
        switch type {
        case .counter, .gauge: return combinations
        // One series per bucket, +Inf included, plus _sum and _count.
        case .histogram: return combinations.multipliedReportingOverflow(by: buckets + 1 + 2).overflow ? Int.max : combinations * (buckets + 3)
        // One series per quantile plus _sum and _count.
        case .summary: return combinations.multipliedReportingOverflow(by: quantiles + 2).overflow ? Int.max : combinations * (quantiles + 2)
        }
    }

    public func service(named name: String) -> ServiceEstimate? { services.first { $0.name == name } }
    public func team(named name: String) -> GroupEstimate? { teams.first { $0.name == name } }

    public static func labelCombinations(_ m: MetricSpec) -> Int {
        m.labels.reduce(1) { $0 * max(1, $1.values) }
    }

    /// Records the SLO groups write for one SLO: 5m and 1h bad/total, one error ratio per window (alert windows
    /// and the rolling SLO window), one burn rate per alert window, and seven metadata records; a calendar SLO
    /// has no rolling-window ratio but two records of its own (period index, error ratio of the period so far).
    /// Mirrors `SLORules`.
    /// `sharded`: the SLI groups run on shards; a threshold SLI then adds the two SLI-level records the global
    /// server computes from the merged parts (`SLORules.globalSLIRecords`).
    public static func sloRecordCount(_ slo: SLO, sharded: Bool = false) -> Int {
        let alertWindows = Set(slo.burnRates.flatMap { [$0.short, $0.long] })
        let ratioWindows = alertWindows.union(slo.calendar == nil ? [slo.window] : [])
        let merged = sharded && thresholdShardPlan(slo) != nil ? 2 : 0
        // 4 rates, the windows' ratios and burn rates, 7 metadata records, 2 of the error-budget policy.
        return 4 + ratioWindows.count + alertWindows.count + 7 + 2 + (slo.calendar == nil ? 0 : 2) + merged
    }

    /// Records a service writes beside its SLOs' (the service's policy state), when it has SLOs.
    public static func serviceRecordCount(_ s: Service) -> Int { s.slos.isEmpty ? 0 : 1 }

    /// Records the SLI group writes for one SLO on one server: bad and total 5m rates.
    public static let sliRecordsPerSLO = 2

    /// Records the SLI group writes for one SLO on each shard: bad and total 5m rates, or on shards a threshold
    /// SLI's mergeable parts, one record per part (docs/slo-rules.md, "Threshold SLIs on shards").
    public static func sliRecordCount(_ slo: SLO, sharded: Bool) -> Int {
        guard sharded, let plan = thresholdShardPlan(slo) else { return sliRecordsPerSLO }
        return plan.parts.count
    }

    /// The split of a threshold SLI's query into parts, as the SLO rules make it (nil for other SLIs).
    static func thresholdShardPlan(_ slo: SLO) -> ThresholdShardPlan? {
        guard case .threshold(let t) = slo.sli, let query = try? PromQL.parse(t.query) else { return nil }
        return try? t.shardPlan(query, service: "", slo: "")
    }

    // MARK: - Estimate

    /// Shards per region: the fixed count, or for `auto` ceil(scraped series / seriesPerShard), at least 1.
    /// `auto` depends on the scraped series of the region only (SLI records are a few per SLO and would make
    /// the count circular).
    public static func shardCounts(_ model: Model) -> [String: Int] {
        let platform = model.platform
        var shards: [String: Int] = [:]
        for region in platform.regions {
            switch region.shards {
            case .fixed(let n): shards[region.name] = max(1, n)
            case .auto:
                let scraped = model.services.filter { $0.regions.contains(region.name) }
                    .reduce(0) { $0 + scrapedSeriesPerRegion($1) }
                let perShard = max(1, platform.prometheus.seriesPerShard)
                shards[region.name] = max(1, (scraped + perShard - 1) / perShard)
            }
        }
        return shards
    }

    public static func estimate(_ model: Model) -> CostEstimate {
        let platform = model.platform
        let scrape = Decimal(platform.prometheus.scrapeInterval.milliseconds) / 1000
        let pricing = platform.pricing
        let federated = Topology.isFederated(platform)
        let sharded = !Topology.isSingle(platform)
        let shards = shardCounts(model)
        let tiers = Dictionary(platform.retentionTiers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

        // Services are independent: estimated on every core, in model order.
        let modelServices = model.services
        var estimates = [ServiceEstimate?](repeating: nil, count: modelServices.count)
        @Sendable func estimateService(_ s: Service) -> ServiceEstimate {
            let metrics = s.metrics.map {
                MetricEstimate(
                    name: $0.name, type: $0.type, labelCombinations: labelCombinations($0),
                    seriesPerInstance: seriesPerInstance($0))
            }
            let perRegion = scrapedSeriesPerRegion(s)
            let regionCount = max(1, s.regions.count)
            let scraped = perRegion * regionCount
            let shardsOfService = s.regions.isEmpty ? 1 : s.regions.reduce(0) { $0 + (shards[$1] ?? 1) }
            let sli = s.slos.reduce(0) { $0 + sliRecordCount($1, sharded: sharded) } * shardsOfService
            let copies = federated ? sli : 0
            let slo = s.slos.reduce(0) { $0 + sloRecordCount($1, sharded: sharded) } + serviceRecordCount(s)
            let series = scraped + sli + copies + slo
            let tier = tiers[s.tier]
            let samplesPerSecond = Decimal(series).over(scrape)  // memoised: Decimal division is slow
            let samples = ExactDecimal(rounded(samplesPerSecond, 3))
            let retention = platform.prometheus.retention ?? tier?.local ?? Topology.defaultRetention
            let disk = diskBytes(samplesPerSecond: samplesPerSecond, retention: retention)
            let (perDay, stored) = logVolume(s, tier: tier)
            let cost = monthlyCost(series: series, logGBPerDay: perDay, logGBStored: stored, pricing: pricing)
            let figures = Figures(
                series: series, samplesPerSecond: samples, diskBytes: disk,
                headMemoryBytes: Int64(series) * headBytesPerSeries,
                logGBPerDay: ExactDecimal(perDay), logGBStored: ExactDecimal(stored), monthlyCost: cost)
            return ServiceEstimate(
                name: s.name, team: s.owner, tier: s.tier, regions: s.regions,
                instancesPerRegion: s.instances, metrics: metrics,
                seriesPerInstance: perRegion / max(1, s.instances),
                scrapedSeries: scraped, sliRecordSeries: sli, federatedSeries: copies,
                sloRecordSeries: slo, figures: figures)
        }
        if modelServices.count > 64 {
            estimates.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let out = buffer.baseAddress!
                DispatchQueue.concurrentPerform(iterations: modelServices.count) { i in
                    out[i] = estimateService(modelServices[i])
                }
            }
        } else {
            for (i, s) in modelServices.enumerated() { estimates[i] = estimateService(s) }
        }
        let services = estimates.map { $0! }

        var servicesOfTeam: [String: [ServiceEstimate]] = [:]
        for s in services { servicesOfTeam[s.team, default: []].append(s) }
        let teams = model.teams.map { team in
            let own = servicesOfTeam[team.name] ?? []
            return GroupEstimate(
                name: team.name, services: own.map(\.name),
                figures: own.reduce(Figures.zero) { $0 + $1.figures })
        }

        var regions: [RegionEstimate] = []
        for region in platform.regions {
            let members = model.services.filter { $0.regions.contains(region.name) }
            let n = shards[region.name] ?? 1
            let series = members.reduce(0) {
                $0 + scrapedSeriesPerRegion($1) + $1.slos.reduce(0) { $0 + sliRecordCount($1, sharded: sharded) } * n
            }
            let perShard = (series + n - 1) / n
            let local =
                platform.prometheus.retention ?? members.compactMap { model.tier(named: $0.tier)?.local }.max()
                ?? Topology.defaultRetention
            var auto = false
            if case .auto = region.shards { auto = true }
            regions.append(
                RegionEstimate(
                    name: region.name, services: members.map(\.name), shards: n, shardsAuto: auto,
                    series: series, seriesPerShard: perShard,
                    samplesPerSecond: ExactDecimal(rounded(Decimal(series) / scrape, 3)),
                    headMemoryBytesPerShard: Int64(perShard) * headBytesPerSeries,
                    localRetention: local))
        }

        let globalSeries = services.reduce(0) { $0 + $1.sloRecordSeries + $1.federatedSeries }
        let globalRetention = Topology.globalRetention(platform, tiers: model.services.compactMap { model.tier(named: $0.tier) })
        let global = Figures(
            series: globalSeries,
            samplesPerSecond: ExactDecimal(rounded(Decimal(globalSeries) / scrape, 3)),
            diskBytes: diskBytes(samplesPerSecond: Decimal(globalSeries) / scrape, retention: globalRetention),
            headMemoryBytes: Int64(globalSeries) * headBytesPerSeries, logGBPerDay: 0, logGBStored: 0,
            monthlyCost: MonthlyCost(metrics: 0, logsIngested: 0, logsStored: 0, total: 0))

        let assumptions = Assumptions(
            scrapeIntervalSeconds: ExactDecimal(scrape), bytesPerSample: bytesPerSample,
            headBytesPerSeries: headBytesPerSeries,
            seriesPerTargetAutomatic: automaticSeriesPerTarget, daysPerMonth: daysPerMonth,
            seriesPerShard: platform.prometheus.seriesPerShard)
        return CostEstimate(
            currency: pricing.currency, assumptions: assumptions, services: services, teams: teams,
            regions: regions, global: global,
            total: services.reduce(Figures.zero) { $0 + $1.figures })
    }

    /// Series one region scrapes from a service: (declared metrics + automatic series) × instances.
    public static func scrapedSeriesPerRegion(_ s: Service) -> Int {
        let perInstance = s.metrics.reduce(0) { $0 + seriesPerInstance($1) } + automaticSeriesPerTarget
        return perInstance * s.instances
    }

    static func diskBytes(samplesPerSecond: Decimal, retention: PromDuration) -> Int64 {
        let seconds = Decimal(retention.milliseconds / 1000)
        let bytes = rounded(samplesPerSecond * bytesPerSample.value * seconds, 0)
        return NSDecimalNumber(decimal: bytes).int64Value
    }

    /// Log GB per day (declared volume per region × regions, 1 GB = 10⁹ bytes) and GB stored at steady state
    /// (each stream's daily volume × its retention in days: the stream's own, else the tier's, else none).
    static func logVolume(_ s: Service, tier: RetentionTier?) -> (perDay: Decimal, stored: Decimal) {
        var perDay = Decimal(0)
        var stored = Decimal(0)
        for log in s.logs {
            let gb = Decimal(log.volumePerDay.bytes).times(Decimal(max(1, s.regions.count))).over(gigabyte)
            perDay += gb
            let retention = log.retention ?? tier?.logs ?? PromDuration(milliseconds: 0)
            stored += gb.times(Decimal(retention.milliseconds)).over(Decimal(86_400_000))
        }
        return (rounded(perDay, 3), rounded(stored, 3))
    }

    static func monthlyCost(series: Int, logGBPerDay: Decimal, logGBStored: Decimal, pricing: Pricing) -> MonthlyCost {
        let metrics = rounded(Decimal(series).over(1000).times(pricing.perThousandSeriesMonth.value), 2)
        let ingested = rounded(logGBPerDay * Decimal(daysPerMonth) * pricing.perGBLogsIngested.value, 2)
        let stored = rounded(logGBStored * pricing.perGBLogsStoredMonth.value, 2)
        return MonthlyCost(
            metrics: ExactDecimal(metrics), logsIngested: ExactDecimal(ingested),
            logsStored: ExactDecimal(stored), total: ExactDecimal(metrics + ingested + stored))
    }

    /// Half-up decimal rounding to `scale` fractional digits.
    public static func rounded(_ value: Decimal, _ scale: Int) -> Decimal {
        var v = value
        var out = Decimal()
        NSDecimalRound(&out, &v, scale, .plain)
        return out
    }
}

extension CostEstimate.ServiceEstimate {
    public func metric(named name: String) -> CostEstimate.MetricEstimate? { metrics.first { $0.name == name } }

    /// All series of one declared metric: per instance × instances × regions.
    public func series(of metric: CostEstimate.MetricEstimate) -> Int {
        metric.seriesPerInstance * instancesPerRegion * max(1, regions.count)
    }
}
