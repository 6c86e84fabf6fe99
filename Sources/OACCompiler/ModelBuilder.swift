import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import OACPromQL

/// Check and translate stage: catalog specs → the resolved model, with a diagnostic for every
/// broken reference or rule. Returns a model only when there are no errors.
public struct ModelBuilder {
    public static let defaultPrometheusVersion = PrometheusVersion(major: 2, minor: 42)
    public static let defaultInterval = PromDuration.minutes(1)
    public static let defaultSeriesPerShard = 1_500_000
    public static let defaultWindow = PromDuration.days(30)
    /// Calendar SLOs use the `@` modifier, on by default since Prometheus 2.33.
    public static let calendarMinimumVersion = PrometheusVersion(major: 2, minor: 33)

    let catalog: Catalog
    var diagnostics = Diagnostics()
    /// Burn-rate factors of the platform's table by SLO window (milliseconds), row by row, computed once for
    /// the windows the catalog's SLOs use (thousands of SLOs share a handful of windows).
    var factorsByWindow: [Int64: [ExactDecimal]] = [:]
    /// The threshold queries parsed while checking them, by text (lint's rules read them again).
    var parsedQueries: [String: Expr] = [:]
    /// What the platform's Prometheus parses: durations as numbers only from 2.54 on.
    var queryOptions = PromQL.Options.default
    /// The platform's Prometheus version (for hints).
    var targetVersion = ModelBuilder.defaultPrometheusVersion
    /// Durations used as numbers and numbers as durations (`x + 5m`, `x[300]`) parse from Prometheus 2.54 on.
    public static let durationsAsNumbersMinimumVersion = PrometheusVersion(
        major: PromQL.Options.durationsAsNumbersSince.major, minor: PromQL.Options.durationsAsNumbersSince.minor)

    public init(catalog: Catalog) { self.catalog = catalog }

    public static func build(_ catalog: Catalog) -> (Model?, Diagnostics) {
        let (model, diagnostics, _) = buildParsing(catalog)
        return (model, diagnostics)
    }

    /// `build`, with the threshold queries it parsed (by text) for later readers of the same queries.
    public static func buildParsing(_ catalog: Catalog) -> (Model?, Diagnostics, [String: Expr]) {
        var b = ModelBuilder(catalog: catalog)
        let model = b.build()
        return (b.diagnostics.hasErrors ? nil : model, b.diagnostics, b.parsedQueries)
    }

    mutating func build() -> Model? {
        if catalog.platforms.isEmpty {
            let loc = catalog.files.first.map { SourceLocation(file: $0, line: 1, column: 1) }
            diagnostics.error(
                "the catalog has no Platform document", rule: CheckID.platformCount, at: loc,
                hint: "add one document with `kind: Platform` (regions, retention tiers, alerting)")
        }
        for extra in catalog.platforms.dropFirst() {
            diagnostics.error(
                "a second Platform document `\(extra.name.value)`; a catalog has exactly one",
                rule: CheckID.platformCount, at: extra.name.location,
                hint: "the first is `\(catalog.platforms[0].name.value)` at \(catalog.platforms[0].name.location)")
        }
        let platform = catalog.platforms.first.map { buildPlatform($0) }
        if let version = platform?.prometheus.version {
            targetVersion = version
            queryOptions.durationsAsNumbers = version >= Self.durationsAsNumbersMinimumVersion
        }
        let knownTeams = catalog.teams.map(\.name.value)
        if let owner = catalog.platforms.first?.alerting?.owner, !knownTeams.contains(owner.value) {
            unresolved(owner, what: "team", candidates: knownTeams, field: "spec.alerting.owner")
        }
        checkDuplicates(catalog.teams.map(\.name), what: "team")
        checkDuplicates(catalog.services.map(\.name), what: "service")
        var teams: [Team] = []
        for t in catalog.teams { teams.append(buildTeam(t)) }
        for t in catalog.teams {
            checkReceivers(t, platform: platform)
            if let platform {
                checkReceiverSupport(t, platform: platform)
                checkAlertmanagerConfigSecrets(t, platform: platform)
            }
        }
        let teamNames = Set(catalog.teams.map(\.name.value))
        var services: [Service] = []
        if let platform {
            services = buildServices(platform: platform, teams: teamNames)
        }
        let incidents = buildIncidents(services: Set(catalog.services.map(\.name.value)), teams: teamNames)
        let drills = buildDrills(teams: teamNames)
        guard let platform else { return nil }
        return Model(
            platform: platform, teams: uniqueByName(teams, \.name), services: uniqueByName(services, \.name),
            incidents: incidents, drills: drills)
    }

    /// Services are independent: each is built on its own builder, on every core; the diagnostics are appended
    /// in catalog order, as one builder would have appended them.
    mutating func buildServices(platform: Platform, teams: Set<String>) -> [Service] {
        let specs = catalog.services
        guard specs.count > 8 else { return specs.compactMap { buildService($0, platform: platform, teams: teams) } }
        let catalog = self.catalog
        let factors = Self.factorsByWindow(specs, table: platform.alerting.burnRateWindows)
        var results = [(Service?, Diagnostics, [String: Expr])](repeating: (nil, Diagnostics(), [:]), count: specs.count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: specs.count) { i in
                var builder = ModelBuilder(catalog: catalog)
                builder.factorsByWindow = factors
                let service = builder.buildService(specs[i], platform: platform, teams: teams)
                out[i] = (service, builder.diagnostics, builder.parsedQueries)
            }
        }
        var services: [Service] = []
        services.reserveCapacity(specs.count)
        for (service, d, parsed) in results {
            diagnostics.append(contentsOf: d)
            parsedQueries.merge(parsed) { first, _ in first }
            if let service { services.append(service) }
        }
        return services
    }

    /// `row.factor(for: window)` for every row of `table`, for every window the SLOs of `specs` range over.
    static func factorsByWindow(_ specs: [ServiceSpec], table: [BurnRateWindowSpec]) -> [Int64: [ExactDecimal]] {
        var out: [Int64: [ExactDecimal]] = [:]
        for s in specs {
            for slo in s.slos {
                let window = slo.window?.value ?? defaultWindow
                if out[window.milliseconds] == nil { out[window.milliseconds] = table.map { $0.factor(for: window) } }
            }
        }
        return out
    }

    func uniqueByName<T>(_ items: [T], _ name: KeyPath<T, String>) -> [T] {
        var seen = Set<String>()
        seen.reserveCapacity(items.count)
        // Names are unique in a catalog without errors: then the list is returned as it is, not copied.
        guard let firstRepeat = items.firstIndex(where: { !seen.insert($0[keyPath: name]).inserted }) else { return items }
        var out = Array(items[..<firstRepeat])
        for item in items[firstRepeat...] where seen.insert(item[keyPath: name]).inserted { out.append(item) }
        return out
    }

    mutating func checkDuplicates(_ names: [Located<String>], what: String) {
        var first: [String: SourceLocation] = [:]
        for n in names {
            if let loc = first[n.value] {
                diagnostics.error(
                    "duplicate \(what) name `\(n.value)`", rule: CheckID.duplicateName, at: n.location,
                    hint: "first defined at \(loc)")
            } else {
                first[n.value] = n.location
            }
        }
    }

    mutating func unresolved(_ ref: Located<String>, what: String, candidates: [String], field: String) {
        let hint: String
        if let best = closest(ref.value, candidates) {
            hint = "did you mean `\(best)`?"
        } else if candidates.isEmpty {
            hint = "the catalog defines no \(what)"
        } else {
            hint = "defined \(what)s: \(candidates.sorted().prefix(12).joined(separator: ", "))"
        }
        diagnostics.error(
            "`\(field)` names \(what) `\(ref.value)`, which is not defined", rule: CheckID.unresolvedReference,
            at: ref.location, hint: hint)
    }

    /// The SLI records are `rate(…[5m])`: a 5-minute window must hold at least two scrapes, and the 5-minute
    /// records every window sums must be written at least every 5 minutes (else events between them are lost).
    mutating func checkIntervals(_ p: PlatformSpec) {
        let window = Conventions.sliQueryWindow
        if let s = p.scrapeInterval, s.value.milliseconds * 2 > window.milliseconds {
            diagnostics.error(
                "scrapeInterval \(s.value) leaves fewer than two samples in the \(window) rate window of the SLI rules",
                rule: CheckID.invalidValue, at: s.location,
                hint:
                    "scrape at least every \(PromDuration(milliseconds: window.milliseconds / 2)) (every \(PromDuration(milliseconds: window.milliseconds / 4)) or less keeps four samples)"
            )
        }
        if let e = p.evaluationInterval, e.value > window || e.value.milliseconds <= 0 {
            diagnostics.error(
                "evaluationInterval \(e.value) is not in (0s, \(window)]: the \(window) records that every SLO window sums would skip events between evaluations",
                rule: CheckID.invalidValue, at: e.location, hint: "evaluate every 1m or less")
        }
        if let s = p.scrapeInterval, s.value.milliseconds <= 0 {
            diagnostics.error("scrapeInterval must be above 0s", rule: CheckID.invalidValue, at: s.location)
        }
    }

    func closest(_ word: String, _ candidates: [String]) -> String? {
        Suggestion.closest(to: word, in: candidates)
    }
}
