import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import OACPromQL

/// Everything a rule may read: the catalog as written (with locations), the resolved model when the catalog
/// compiles, the source text, and the lint settings from `Platform.spec.lint`.
public struct LintContext: Sendable {
    public let catalog: Catalog
    /// nil when the catalog has compiler errors; spec-level rules still run.
    public var model: Model?
    /// `oac lint --base`: the base catalog's model (nil without `--base`, or when the base does not compile).
    /// Rules about the change read it; the others ignore it.
    public var base: Model?
    public var sources: [SourceFile]
    public var settings: LintSettings
    /// Every PromQL expression written in the catalog, with the SLO it belongs to: threshold queries as written,
    /// and events queries (`badQuery`/`goodQuery`, `totalQuery`) with `$window` filled in as the SLI rules fill it
    /// (`rate(x[$window])` → `rate(x[5m     ])`). The range is padded with spaces to the placeholder's length,
    /// which PromQL allows, so every column a rule reports still points into the catalog.
    /// Collected by the first rule that asks (rules run in parallel; before them it ran alone on one core).
    public var queries: [(service: ServiceSpec, slo: SLOSpec, query: Located<String>)] { queryList.queries(of: catalog) }
    private let queryList = QueryList()
    /// Parses shared by the rules (they run in parallel; each query is parsed once).
    let parses: ParseCache

    /// `parsedQueries`: parses of `PromQL.parse(text)` (default options) made already, by text.
    public init(
        catalog: Catalog, model: Model?, sources: [SourceFile], settings: LintSettings,
        parsedQueries: [String: Expr] = [:], base: Model? = nil
    ) {
        self.catalog = catalog
        self.model = model
        self.base = base
        self.sources = sources
        self.settings = settings
        self.parses = ParseCache(parsedQueries)
    }

    /// Every PromQL expression of the catalog (see `queries`).
    static func collectQueries(_ catalog: Catalog) -> [(service: ServiceSpec, slo: SLOSpec, query: Located<String>)] {
        catalog.services.flatMap { s in
            s.slos.flatMap { slo -> [(ServiceSpec, SLOSpec, Located<String>)] in
                switch slo.sli {
                case .threshold(let q?, _, _, _, _):
                    return [(s, slo, q)]
                case .eventQueries(let good, let bad, let total, _):
                    return [bad ?? good, total].compactMap { $0 }.map { (s, slo, Self.expandingWindow($0)) }
                default:
                    return []
                }
            }
        }
    }

    /// An events query with `$window` replaced by the SLI rules' range, padded so positions do not move.
    static func expandingWindow(_ query: Located<String>) -> Located<String> {
        let placeholder = EventQueriesSLI.windowPlaceholder
        var range = Conventions.sliQueryWindow.description
        if range.count < placeholder.count { range += String(repeating: " ", count: placeholder.count - range.count) }
        var expanded = query
        expanded.value = query.value.replacingOccurrences(of: placeholder, with: range)
        return expanded
    }

    /// `PromQL.parse(query)` (default options), or nil when it does not parse.
    public func parse(_ query: String) -> Expr? { parses.expr(query) }

    /// Under `--base`, each service of the catalog that the base has too (same name), with the base's service, in
    /// catalog order; empty without `--base`. The rules about a changed service start here.
    public func servicesAlsoInBase() -> [(service: ServiceSpec, before: Service)] {
        guard let base else { return [] }
        let baseServices = Dictionary(base.services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return catalog.services.compactMap { s in baseServices[s.name.value].map { (s, $0) } }
    }

    /// Under `--base`, each SLO of the catalog that the base has too (same service, same SLO name), with the base's
    /// service and SLO, in catalog order; empty without `--base`. The rules about a changed SLO start here.
    public func slosAlsoInBase() -> [(service: ServiceSpec, slo: SLOSpec, before: SLO, baseService: Service)] {
        servicesAlsoInBase().flatMap { s, was in
            let baseSLOs = Dictionary(was.slos.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            return s.slos.compactMap { slo in baseSLOs[slo.name.value].map { (s, slo, $0, was) } }
        }
    }

    public var platform: PlatformSpec? { catalog.platforms.first }

    public func team(named name: String) -> TeamSpec? { catalog.teams.first { $0.name.value == name } }

    public func tier(named name: String) -> RetentionTierSpec? {
        platform?.retentionTiers.first { $0.name.value == name }
    }

    /// The criticality of a service's tier (declared, else implied by the tier's name); nil without a tier.
    public func criticality(of service: ServiceSpec) -> TierCriticality? {
        guard let name = service.tier?.value else { return nil }
        return tier(named: name)?.resolvedCriticality ?? TierCriticality.implied(byName: name)
    }

    /// The Prometheus `job` a service's series carry.
    public func job(of service: ServiceSpec) -> String { service.job?.value ?? service.name.value }

    /// Scrape interval as the compiler resolves it.
    public var scrapeInterval: PromDuration {
        model?.platform.prometheus.scrapeInterval ?? platform?.scrapeInterval?.value ?? .minutes(1)
    }

    // MARK: - Positions inside strings

    /// The catalog position of a place inside a string value (PromQL reports 1-based line:column in the string).
    public static func location(in string: Located<String>, line: Int, column: Int) -> SourceLocation {
        line <= 1
            ? string.location.advanced(columns: column - 1)
            : string.location.advanced(byLines: line - 1, columns: column - 1)
    }

    public static func location(in string: Located<String>, _ promql: PromQLLocation?) -> SourceLocation {
        guard let promql else { return string.location }
        return location(in: string, line: promql.line, column: promql.column)
    }

    /// Where `word` first stands on its own inside a string value, followed (after spaces) by one of `next`.
    /// PromQL calls and matchers carry no positions of their own; this finds them in the text.
    public static func position(of word: String, before next: Set<Unicode.Scalar>, in text: Located<String>) -> SourceLocation? {
        let scalars = Array(text.value.unicodeScalars)
        let w = Array(word.unicodeScalars)
        func isWord(_ s: Unicode.Scalar) -> Bool { s == "_" || s == ":" || s.properties.isAlphabetic || ("0"..."9").contains(s) }
        var line = 1
        var column = 1
        for i in scalars.indices {
            if i == 0 || !isWord(scalars[i - 1]), i + w.count <= scalars.count, Array(scalars[i..<(i + w.count)]) == w {
                var j = i + w.count
                while j < scalars.count, scalars[j] == " " { j += 1 }
                if j < scalars.count, next.contains(scalars[j]) { return location(in: text, line: line, column: column) }
            }
            if scalars[i] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return nil
    }

}

/// `LintContext.queries`, collected once by whichever rule asks first.
final class QueryList: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [(service: ServiceSpec, slo: SLOSpec, query: Located<String>)]?

    func queries(of catalog: Catalog) -> [(service: ServiceSpec, slo: SLOSpec, query: Located<String>)] {
        lock.lock()
        defer { lock.unlock() }
        if let collected { return collected }
        let queries = LintContext.collectQueries(catalog)
        collected = queries
        return queries
    }
}

/// PromQL parse results by query text, filled by whichever rule asks first.
final class ParseCache: @unchecked Sendable {
    private let lock = NSLock()
    private var exprs: [String: Expr?] = [:]

    init(_ known: [String: Expr] = [:]) {
        exprs.reserveCapacity(known.count)
        for (text, expr) in known { exprs[text] = expr }
    }

    func expr(_ query: String) -> Expr? {
        lock.lock()
        if let hit = exprs[query] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let expr = try? PromQL.parse(query)
        lock.lock()
        exprs[query] = expr
        lock.unlock()
        return expr
    }
}

/// Settings read from `Platform.spec.lint` besides rule severities.
public struct LintSettings: Sendable, Hashable {
    /// Series one instance may expose for a single metric.
    public var seriesBudgetPerMetric: Int

    public static let defaultSeriesBudget = 10_000
    public static let seriesBudgetKey = "series-budget-per-metric"

    /// What one change may add (`oac lint --base`).
    public var changePolicy: ChangePolicy

    public init(seriesBudgetPerMetric: Int = LintSettings.defaultSeriesBudget, changePolicy: ChangePolicy = .defaults) {
        self.seriesBudgetPerMetric = seriesBudgetPerMetric
        self.changePolicy = changePolicy
    }
}

extension MetricSpecEntry {
    /// Labels in name order (the spec keeps a dictionary).
    var sortedLabels: [(name: Located<String>, values: Located<Int>)] {
        labels.map { ($0.key, $0.value) }.sorted { $0.name.value < $1.name.value }
    }

    var metricType: MetricType? { type.flatMap { MetricType(rawValue: $0.value) } }

    /// Series one instance exposes (see `CostEstimate.seriesPerInstance`).
    var seriesPerInstance: Int {
        let product = labels.values.reduce(1) { p, v in
            let (r, o) = p.multipliedReportingOverflow(by: v.value)
            return o ? Int.max : r
        }
        return CostEstimate.seriesPerInstance(
            labelProduct: product, type: metricType ?? .gauge,
            buckets: buckets.count, quantiles: quantiles.count)
    }
}

extension ServiceSpec {
    func metric(named name: String) -> MetricSpecEntry? { metrics.first { $0.name.value == name } }
    var entity: String { "service/\(name.value)" }
}

extension Decimal {
    var plainText: String { plain() }
}

/// Reads numbers out of a decimal the way messages show them: 0.25, 14.4, 2.
func show(_ d: Decimal) -> String { d.plain(maxFractionDigits: 6) }

/// "12,400": thousands separated, independent of the machine's locale.
func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.reversed().enumerated() {
        if i > 0, i % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return (n < 0 ? "-" : "") + String(out.reversed())
}
