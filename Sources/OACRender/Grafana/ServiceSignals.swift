import Foundation
import OACModel

/// Recognises what a service's declared metrics measure, from their names and types, so that type-specific
/// panels are drawn only for metrics the catalog declares. The heuristics (documented in docs/dashboards.md)
/// match whole `_`-separated words of the metric name; the first declared metric that fits wins.
struct MetricRoles {
    let metrics: [MetricSpec]
    /// The words of each metric's name, split once (every role below looks at every metric). A name has a
    /// handful of words: a linear search beats hashing them into a Set.
    private let nameWords: [[String]]

    init(_ service: Service) {
        metrics = service.metrics
        nameWords = metrics.map { Self.words($0.name) }
    }

    // MARK: - Model serving

    /// A latency histogram in seconds: one naming prediction or inference first, else request latency.
    var predictionLatency: MetricSpec? {
        first(.histogram, all: ["seconds"], anyOf: ["prediction", "predict", "inference"])
            ?? first(.histogram, all: ["seconds"], anyOf: ["duration", "latency"], none: ["first", "stage"])
    }

    var batchSize: MetricSpec? {
        first([.histogram, .summary, .gauge], all: ["batch", "size"])
    }

    var predictions: MetricSpec? { first(.counter, anyOf: ["predictions", "prediction", "inferences"]) }

    // MARK: - GPU (any service type)

    var gpuUtilization: MetricSpec? { first(.gauge, all: ["gpu"], anyOf: ["utilization", "utilisation", "util"]) }
    var gpuMemoryUsed: MetricSpec? { first(.gauge, all: ["gpu", "memory"], anyOf: ["used", "usage"]) }
    var gpuMemoryTotal: MetricSpec? { first(.gauge, all: ["gpu", "memory"], anyOf: ["total", "capacity"]) }

    // MARK: - LLM serving

    var timeToFirstToken: MetricSpec? {
        first(.histogram, all: ["time", "first", "token"]) ?? first(.histogram, anyOf: ["ttft"])
    }

    var inputTokens: MetricSpec? { first(.counter, anyOf: ["token", "tokens"], and: ["input", "prompt"]) }
    var outputTokens: MetricSpec? {
        first(.counter, anyOf: ["token", "tokens"], and: ["output", "completion", "generated"])
    }

    var costPer1kTokens: MetricSpec? {
        first(.gauge, all: ["cost"], anyOf: ["token", "tokens"], and: ["1k", "thousand", "1000"])
    }

    // MARK: - Pipelines

    /// A Unix timestamp gauge of the last good run: its age is the data's freshness.
    var lastSuccess: MetricSpec? {
        first(.gauge, all: ["timestamp", "seconds"], anyOf: ["success", "successful", "completion", "updated", "run"])
    }

    var rowsExpected: MetricSpec? { first(.counter, anyOf: ["rows", "records"], and: ["expected", "announced"]) }
    var rowsWritten: MetricSpec? {
        first(.counter, anyOf: ["rows", "records"], and: ["written", "loaded", "published", "processed"])
    }

    /// A counter of quality checks with a label saying how each ended.
    var qualityChecks: MetricSpec? {
        metrics.first { m in
            m.type == .counter && Self.sharesWord(Self.words(m.name), ["validated", "validation", "quality", "checks"])
                && outcomeLabel(m) != nil
        }
    }

    /// The label of a counter that says how an event ended (`result`, `status`, `outcome`).
    func outcomeLabel(_ m: MetricSpec) -> String? {
        ["result", "status", "outcome"].first { l in m.labels.contains { $0.name == l } }
    }

    // MARK: - Matching

    static func words(_ name: String) -> [String] {
        // Metric names are ASCII: split their bytes (the same words as splitting characters, much faster).
        guard name.utf8.allSatisfy({ $0 < 0x80 }) else { return name.split(separator: "_").map(String.init) }
        return name.utf8.split(separator: UInt8(ascii: "_")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether any of `candidates` is one of `words`.
    static func sharesWord(_ words: [String], _ candidates: [String]) -> Bool {
        candidates.contains { words.contains($0) }
    }

    private func first(
        _ type: MetricType, all: [String] = [], anyOf: [String] = [], and more: [String] = [],
        none: [String] = []
    ) -> MetricSpec? {
        first([type], all: all, anyOf: anyOf, and: more, none: none)
    }

    private func first(
        _ types: [MetricType], all: [String] = [], anyOf: [String] = [], and more: [String] = [],
        none: [String] = []
    ) -> MetricSpec? {
        zip(metrics, nameWords).first { m, w in
            types.contains(m.type) && all.allSatisfy(w.contains)
                && (anyOf.isEmpty || Self.sharesWord(w, anyOf)) && (more.isEmpty || Self.sharesWord(w, more))
                && !Self.sharesWord(w, none)
        }?.0
    }
}

/// The panels for what a service of a given type is about, beyond its SLOs.
struct ServiceSignals {
    let service: Service
    let roles: MetricRoles
    /// Extra matchers every raw selector gets (the region filter), already PromQL.
    let extraMatchers: [String]

    init(service: Service, extraMatchers: [String]) {
        self.service = service
        self.roles = MetricRoles(service)
        self.extraMatchers = extraMatchers
    }

    /// Sections of (title, panels), in display order; sections without a recognised metric are left out.
    func sections() -> [(String, [GrafanaPanel])] {
        var out: [(String, [GrafanaPanel])] = []
        switch service.type {
        case .modelServing: out.append(("Model serving", modelServing()))
        case .llmServing: out.append(("LLM serving", llmServing()))
        case .pipeline: out.append(("Pipeline", pipeline()))
        case .api, .batch: break
        }
        out.append(("GPU", gpu()))
        return out.filter { !$0.1.isEmpty }
    }

    /// The service's own series: `metric{job="…",region=~"$region"}`.
    func raw(_ metric: String) -> String {
        DashboardPromQL.selector(metric, [.init(Conventions.jobLabel, .equal, service.job)], extra: extraMatchers)
    }

    func percentiles(_ title: String, _ m: MetricSpec, unit: String, description: String) -> GrafanaPanel {
        let bucket = raw(m.name + "_bucket")
        return Panels.timeseries(title, description, unit: unit, DashboardPromQL.percentiles(bucketSelector: bucket))
    }

    /// Unit from the metric's name suffix (Prometheus naming conventions).
    static func unit(of m: MetricSpec) -> String {
        if m.name.hasSuffix("_ratio") { return "percentunit" }
        if m.name.hasSuffix("_percent") { return "percent" }
        if m.name.hasSuffix("_bytes") { return "bytes" }
        if m.name.hasSuffix("_seconds") { return "s" }
        for (suffix, unit) in [("_usd", "currencyUSD"), ("_eur", "currencyEUR"), ("_gbp", "currencyGBP")]
        where m.name.hasSuffix(suffix) {
            return unit
        }
        return "short"
    }

    // MARK: - Sections

    func modelServing() -> [GrafanaPanel] {
        var panels: [GrafanaPanel] = []
        if let m = roles.predictionLatency {
            panels.append(
                percentiles(
                    "Prediction latency", m, unit: "s",
                    description: "Percentiles of \(m.name) over all routes and models."))
        }
        if let m = roles.batchSize {
            let queries: [Panels.Query]
            switch m.type {
            case .histogram, .summary:
                queries =
                    [Panels.Query("\(DashboardPromQL.rate(raw(m.name + "_sum"))) / \(DashboardPromQL.rate(raw(m.name + "_count")))", "mean")]
                    + (m.type == .histogram
                        ? [Panels.Query(DashboardPromQL.quantile("0.99", bucketSelector: raw(m.name + "_bucket")), "p99")] : [])
            default:
                queries = [Panels.Query("avg(\(raw(m.name)))", "mean"), Panels.Query("max(\(raw(m.name)))", "max")]
            }
            panels.append(Panels.timeseries("Batch size", "Requests per batch, from \(m.name).", unit: "short", queries))
        }
        if let m = roles.predictions {
            panels.append(
                Panels.timeseries(
                    "Predictions per second", "Rate of \(m.name).", unit: "ops",
                    [Panels.Query(DashboardPromQL.rate(raw(m.name)), "predictions/s")]))
        }
        return panels
    }

    func llmServing() -> [GrafanaPanel] {
        var panels: [GrafanaPanel] = []
        if let m = roles.timeToFirstToken {
            panels.append(
                percentiles(
                    "Time to first token", m, unit: "s",
                    description: "Percentiles of \(m.name): how long a user waits for the stream to start."))
        }
        var tokens: [Panels.Query] = []
        if let m = roles.inputTokens { tokens.append(Panels.Query(DashboardPromQL.rate(raw(m.name)), "input tokens/s")) }
        if let m = roles.outputTokens { tokens.append(Panels.Query(DashboardPromQL.rate(raw(m.name)), "output tokens/s")) }
        if !tokens.isEmpty {
            panels.append(
                Panels.timeseries(
                    "Tokens per second", "Prompt (input) and generated (output) tokens.",
                    unit: "short", tokens, axisLabel: "tokens/s"))
        }
        if let m = roles.costPer1kTokens {
            let by = m.labels.map(\.name)
            let expr = by.isEmpty ? "max(\(raw(m.name)))" : "max by (\(by.joined(separator: ", "))) (\(raw(m.name)))"
            let legend = by.isEmpty ? "cost per 1k tokens" : by.map { "{{\($0)}}" }.joined(separator: " ")
            panels.append(
                Panels.timeseries(
                    "Cost per 1k tokens", "\(m.name), as the service reports it.",
                    unit: Self.unit(of: m), [Panels.Query(expr, legend)]))
        }
        return panels
    }

    func pipeline() -> [GrafanaPanel] {
        var panels: [GrafanaPanel] = []
        if let m = roles.lastSuccess {
            panels.append(
                Panels.timeseries(
                    "Freshness", "Age of the last successful run (time() - \(m.name)).",
                    unit: "s", [Panels.Query("time() - max(\(raw(m.name)))", "age")]))
        }
        if let expected = roles.rowsExpected, let written = roles.rowsWritten {
            panels.append(
                Panels.timeseries(
                    "Completeness", "Rows written over rows expected (\(written.name) / \(expected.name)).",
                    unit: "percentunit",
                    [
                        Panels.Query(
                            "\(DashboardPromQL.rate(raw(written.name))) / \(DashboardPromQL.rate(raw(expected.name)))",
                            "written / expected")
                    ],
                    thresholds: Thresholds(base: "red", [(1, "green")]), thresholdsStyle: "dashed"))
        }
        if let m = roles.qualityChecks, let label = roles.outcomeLabel(m) {
            panels.append(
                Panels.timeseries(
                    "Data quality", "Checked rows per second by \(label) (\(m.name)).", unit: "ops",
                    [Panels.Query("sum by (\(label)) (rate(\(raw(m.name))[$__rate_interval]))", "{{\(label)}}")]))
        }
        return panels
    }

    func gpu() -> [GrafanaPanel] {
        var panels: [GrafanaPanel] = []
        if let m = roles.gpuUtilization {
            panels.append(
                Panels.timeseries(
                    "GPU utilisation", "\(m.name): fleet average and the busiest GPU.",
                    unit: Self.unit(of: m),
                    [
                        Panels.Query("avg(\(raw(m.name)))", "average"),
                        Panels.Query("max(\(raw(m.name)))", "busiest")
                    ]))
        }
        if let used = roles.gpuMemoryUsed {
            if let total = roles.gpuMemoryTotal {
                panels.append(
                    Panels.timeseries(
                        "GPU memory", "\(used.name) over \(total.name): the fleet and the fullest GPU.", unit: "percentunit",
                        [
                            Panels.Query("sum(\(raw(used.name))) / sum(\(raw(total.name)))", "fleet"),
                            Panels.Query("max(\(raw(used.name)) / \(raw(total.name)))", "fullest")
                        ],
                        thresholds: Thresholds(base: "green", [(ExactDecimal("0.9")!, "red")]), thresholdsStyle: "dashed",
                        min: 0, max: 1))
            } else {
                panels.append(
                    Panels.timeseries(
                        "GPU memory", "\(used.name): total and the fullest GPU.", unit: "bytes",
                        [
                            Panels.Query("sum(\(raw(used.name)))", "total"),
                            Panels.Query("max(\(raw(used.name)))", "fullest")
                        ]))
            }
        }
        return panels
    }
}
