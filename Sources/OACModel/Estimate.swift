import Foundation

/// Series, log volume and monthly cost of a model, per metric, service, team and in total (see docs/cost.md).
/// A pure function of the model: `oac lint --base` diffs two of them; `cost/estimate.json` writes one.
public struct CostEstimate: Sendable, Codable, Hashable {
    public var currency: String
    /// Sorted by name.
    public var services: [ServiceEstimate]
    /// Sorted by name; every team that owns a service.
    public var teams: [TeamEstimate]
    public var total: Totals

    public init(currency: String, services: [ServiceEstimate], teams: [TeamEstimate], total: Totals) {
        self.currency = currency
        self.services = services
        self.teams = teams
        self.total = total
    }

    public func service(named name: String) -> ServiceEstimate? { services.first { $0.name == name } }
    public func team(named name: String) -> TeamEstimate? { teams.first { $0.name == name } }

    // MARK: - Figures

    /// The sums every level shares.
    public struct Totals: Sendable, Codable, Hashable {
        /// Raw series scraped from the service plus series oac's recording rules add.
        public var series: Int
        public var rawSeries: Int
        public var recordedSeries: Int
        /// series ÷ scrape interval.
        public var samplesPerSecond: ExactDecimal
        /// Log volume ingested per day, all regions, in GB (10^9 bytes).
        public var logsGBPerDay: ExactDecimal
        /// Log volume kept at any time: daily volume × retention days.
        public var logsStoredGB: ExactDecimal
        public var metricsCostPerMonth: ExactDecimal
        public var logsCostPerMonth: ExactDecimal
        public var costPerMonth: ExactDecimal

        public init(series: Int = 0, rawSeries: Int = 0, recordedSeries: Int = 0, samplesPerSecond: ExactDecimal = 0,
                    logsGBPerDay: ExactDecimal = 0, logsStoredGB: ExactDecimal = 0, metricsCostPerMonth: ExactDecimal = 0,
                    logsCostPerMonth: ExactDecimal = 0, costPerMonth: ExactDecimal = 0) {
            self.series = series
            self.rawSeries = rawSeries
            self.recordedSeries = recordedSeries
            self.samplesPerSecond = samplesPerSecond
            self.logsGBPerDay = logsGBPerDay
            self.logsStoredGB = logsStoredGB
            self.metricsCostPerMonth = metricsCostPerMonth
            self.logsCostPerMonth = logsCostPerMonth
            self.costPerMonth = costPerMonth
        }

        static func + (a: Totals, b: Totals) -> Totals {
            Totals(series: a.series + b.series, rawSeries: a.rawSeries + b.rawSeries,
                   recordedSeries: a.recordedSeries + b.recordedSeries,
                   samplesPerSecond: ExactDecimal(a.samplesPerSecond.value + b.samplesPerSecond.value),
                   logsGBPerDay: ExactDecimal(a.logsGBPerDay.value + b.logsGBPerDay.value),
                   logsStoredGB: ExactDecimal(a.logsStoredGB.value + b.logsStoredGB.value),
                   metricsCostPerMonth: ExactDecimal(a.metricsCostPerMonth.value + b.metricsCostPerMonth.value),
                   logsCostPerMonth: ExactDecimal(a.logsCostPerMonth.value + b.logsCostPerMonth.value),
                   costPerMonth: ExactDecimal(a.costPerMonth.value + b.costPerMonth.value))
        }
    }

    public struct MetricEstimate: Sendable, Codable, Hashable {
        public var name: String
        public var type: MetricType
        /// Series one instance exposes.
        public var seriesPerInstance: Int
        /// × instances × regions.
        public var series: Int
    }

    public struct ServiceEstimate: Sendable, Codable, Hashable {
        public var name: String
        public var team: String
        public var tier: String
        /// Regions the service runs in (at least one place, even on a platform without regions).
        public var regions: Int
        public var instances: Int
        /// Sorted by name.
        public var metrics: [MetricEstimate]
        public var totals: Totals

        public func metric(named name: String) -> MetricEstimate? { metrics.first { $0.name == name } }
    }

    public struct TeamEstimate: Sendable, Codable, Hashable {
        public var name: String
        public var services: [String]
        public var totals: Totals
    }

    // MARK: - The formula

    /// Series one instance exposes for a metric: the product of its label value counts (1 without labels),
    /// × (buckets + 1 for `+Inf`) + `_sum` + `_count` for a histogram, × quantiles + `_sum` + `_count` for a summary.
    public static func seriesPerInstance(labelProduct: Int, type: MetricType, buckets: Int, quantiles: Int) -> Int {
        switch type {
        case .counter, .gauge: labelProduct
        case .histogram: labelProduct.saturatingMultiply(buckets + 1).saturatingAdd(labelProduct.saturatingMultiply(2))
        case .summary: labelProduct.saturatingMultiply(quantiles).saturatingAdd(labelProduct.saturatingMultiply(2))
        }
    }

    public static func seriesPerInstance(of metric: MetricSpec) -> Int {
        let product = metric.labels.reduce(1) { $0.saturatingMultiply($1.values) }
        return seriesPerInstance(labelProduct: product, type: metric.type, buckets: metric.buckets.count,
                                 quantiles: metric.quantiles.count)
    }

    /// Series oac's own rules record for one SLO, counted from the rule groups `SLORules` writes:
    /// 2 SLI-level records (bad, total) on every Prometheus that holds the raw series, and at the SLO level
    /// 2 five-minute rates + 2 one-hour rates + one error ratio per distinct window (alert windows and the
    /// SLO window) + one burn rate per distinct alert window + 7 budget and metadata records.
    public static func recordedSeries(for slo: SLO, rawPlaces: Int) -> Int {
        let alertWindows = Set(slo.burnRates.flatMap { [$0.short, $0.long] })
        let ratioWindows = alertWindows.union([slo.window])
        return 2 * max(1, rawPlaces) + 4 + ratioWindows.count + alertWindows.count + 7
    }

    /// The estimate of a model.
    public static func estimate(_ model: Model) -> CostEstimate {
        let pricing = model.platform.pricing
        let scrapeSeconds = Decimal(max(1, model.platform.prometheus.scrapeInterval.milliseconds)) / 1000
        // Raw series per region first: `shards: auto` needs them to count the Prometheus servers of a region.
        var regionSeries: [String: Int] = [:]
        for s in model.services {
            let perInstance = s.metrics.reduce(0) { $0.saturatingAdd(seriesPerInstance(of: $1)) }
            for r in s.regions { regionSeries[r, default: 0] = regionSeries[r, default: 0].saturatingAdd(perInstance.saturatingMultiply(s.instances)) }
        }
        func shards(_ region: String) -> Int {
            guard let r = model.platform.regions.first(where: { $0.name == region }) else { return 1 }
            switch r.shards {
            case .fixed(let n): return max(1, n)
            case .auto:
                let series = regionSeries[region, default: 0], cap = max(1, model.platform.prometheus.seriesPerShard)
                return max(1, (series + cap - 1) / cap)
            }
        }
        var services: [ServiceEstimate] = []
        for s in model.services.sorted(by: { $0.name < $1.name }) {
            let places = max(1, s.regions.count)
            let multiplier = s.instances.saturatingMultiply(places)
            let metrics = s.metrics.sorted { $0.name < $1.name }.map { m -> MetricEstimate in
                let per = seriesPerInstance(of: m)
                return MetricEstimate(name: m.name, type: m.type, seriesPerInstance: per, series: per.saturatingMultiply(multiplier))
            }
            let raw = metrics.reduce(0) { $0.saturatingAdd($1.series) }
            let rawPlaces = s.regions.isEmpty ? 1 : s.regions.reduce(0) { $0 + shards($1) }
            let recorded = s.slos.reduce(0) { $0 + recordedSeries(for: $1, rawPlaces: rawPlaces) }
            let series = raw.saturatingAdd(recorded)
            let tierLogs = model.tier(named: s.tier)?.logs
            var gbPerDay = Decimal(0), storedGB = Decimal(0)
            for l in s.logs {
                let gb = Decimal(l.volumePerDay.bytes) / 1_000_000_000 * Decimal(places)
                let days = Decimal((l.retention ?? tierLogs)?.milliseconds ?? 0) / 86_400_000
                gbPerDay += gb
                storedGB += gb * days
            }
            let metricsCost = Decimal(series) / 1000 * pricing.perThousandSeriesMonth.value
            let logsCost = gbPerDay * 30 * pricing.perGBLogsIngested.value + storedGB * pricing.perGBLogsStoredMonth.value
            let totals = Totals(series: series, rawSeries: raw, recordedSeries: recorded,
                                samplesPerSecond: ExactDecimal(rounded(Decimal(series) / scrapeSeconds, 3)),
                                logsGBPerDay: ExactDecimal(rounded(gbPerDay, 3)), logsStoredGB: ExactDecimal(rounded(storedGB, 3)),
                                metricsCostPerMonth: ExactDecimal(rounded(metricsCost, 2)),
                                logsCostPerMonth: ExactDecimal(rounded(logsCost, 2)),
                                costPerMonth: ExactDecimal(rounded(metricsCost, 2) + rounded(logsCost, 2)))
            services.append(ServiceEstimate(name: s.name, team: s.owner, tier: s.tier, regions: places,
                                            instances: s.instances, metrics: metrics, totals: totals))
        }
        let teams = Dictionary(grouping: services, by: \.team).map { name, list in
            TeamEstimate(name: name, services: list.map(\.name).sorted(), totals: list.map(\.totals).reduce(Totals(), +))
        }.sorted { $0.name < $1.name }
        return CostEstimate(currency: pricing.currency, services: services, teams: teams,
                            total: services.map(\.totals).reduce(Totals(), +))
    }

    /// Money is shown in cents and volumes in thousandths; rounding each service keeps the sums consistent.
    static func rounded(_ value: Decimal, _ scale: Int) -> Decimal {
        var input = value, result = Decimal()
        NSDecimalRound(&result, &input, scale, .plain)
        return result
    }
}

extension Int {
    /// Cardinality products of hostile catalogs overflow; an estimate saturates instead of crashing.
    func saturatingMultiply(_ other: Int) -> Int {
        let (r, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? Int.max : r
    }

    func saturatingAdd(_ other: Int) -> Int {
        let (r, overflow) = addingReportingOverflow(other)
        return overflow ? Int.max : r
    }
}
