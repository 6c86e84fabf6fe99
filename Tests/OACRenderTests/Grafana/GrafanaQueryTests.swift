import Foundation
import OACModel
import OACPromQL
import OACTestSupport
import Testing

@testable import OACRender

/// Every panel query is PromQL Prometheus accepts and reads only series that exist.
@Suite("Grafana dashboard queries")
struct GrafanaQueryTests {
    /// Grafana's interval variables and our own, replaced by what Grafana would send.
    static func substituted(_ expr: String) -> String {
        expr.replacingOccurrences(of: "$__rate_interval", with: "2m")
            .replacingOccurrences(of: "$__interval", with: "1m")
            .replacingOccurrences(of: "$__range", with: "1d")
            .replacingOccurrences(of: "$\(Conventions.regionVariable)", with: ".*")
    }

    /// Recording rules of the model: name → label sets they write.
    static func recorded(_ model: Model) -> [String: [[String: String]]] {
        var out: [String: [[String: String]]] = [:]
        for service in model.services where !service.slos.isEmpty {
            let rules = SLORules(model: model, service: service)
            for group in [rules.sliGroup()] + rules.sloGroups() {
                for case .record(let r) in group.rules {
                    out[r.record, default: []].append(Dictionary(uniqueKeysWithValues: r.labels))
                }
            }
        }
        return out
    }

    /// Raw series a service exposes: its declared metrics with the suffixes their type adds, and the metrics
    /// its SLIs name.
    static func rawSeries(_ service: Service) -> Set<String> {
        var out: Set<String> = []
        for m in service.metrics {
            out.insert(m.name)
            switch m.type {
            case .histogram: out.formUnion([m.name + "_bucket", m.name + "_count", m.name + "_sum"])
            case .summary: out.formUnion([m.name + "_count", m.name + "_sum"])
            case .counter, .gauge: break
            }
        }
        for slo in service.slos {
            switch slo.sli {
            case .events(let e): out.formUnion([e.selector.metric, e.total.metric])
            case .latency(let l): out.formUnion([l.histogram.metric + "_bucket", l.histogram.metric + "_count"])
            case .eventQueries(let q):
                // Free queries read whatever series they name.
                for text in [q.query, q.total] {
                    let expr = try? PromQL.parse(EventQueriesSLI.expand(text, window: Conventions.sliQueryWindow))
                    out.formUnion(expr?.vectorSelectors.compactMap(\.metricName) ?? [])
                }
            case .threshold: break
            }
        }
        return out
    }

    static func check(_ model: Model) throws {
        let recorded = Self.recorded(model)
        let selfMetrics = Set(Conventions.selfMetrics + [Conventions.alertsSeries])
        for (path, dashboard) in try GrafanaTestSupport.rendered(model) {
            let service = model.services.first {
                path == Conventions.serviceDashboardPath(team: $0.owner, service: $0.name)
            }
            let raw = service.map(rawSeries) ?? []
            for expr in GrafanaTestSupport.exprs(dashboard) {
                let parsed: Expr
                do {
                    parsed = try PromQL.parse(substituted(expr))
                } catch {
                    Issue.record("\(path): \(expr) does not parse: \(error.message) at \(error.line):\(error.column)")
                    continue
                }
                #expect(parsed.valueType == .instantVector, "\(path): \(expr) is a \(parsed.valueType)")
                for selector in parsed.vectorSelectors {
                    let name = try #require(selector.metricName, "\(path): selector without a metric in \(expr)")
                    if let writes = recorded[name] {
                        // Our series exist only with the labels the rules write: service, slo (and team on info).
                        let wanted = selector.matchers.filter { $0.op == .equal }
                        let exists = writes.contains { labels in wanted.allSatisfy { labels[$0.name] == $0.value } }
                        #expect(exists, "\(path): no recording rule writes \(selector)")
                    } else {
                        #expect(
                            raw.contains(name) || selfMetrics.contains(name),
                            "\(path): \(name) is neither declared by the service, recorded by oac, nor a listed self-metric")
                    }
                }
            }
        }
    }

    @Test("every query of the example catalog's dashboards parses and reads existing series")
    func example() throws { try Self.check(GrafanaTestSupport.model(catalog: "catalog/example")) }

    @Test("every query of the minimal catalog's dashboards parses and reads existing series")
    func minimal() throws { try Self.check(GrafanaTestSupport.model(catalog: "catalog/minimal")) }

    @Test("a burn-rate table without 5m and 1h windows still gets SLI panels from the base records")
    func customWindows() throws {
        let model = try GrafanaTestSupport.catalog(
            service: """
                metrics: [{name: jobs_total, type: counter, labels: {status: 2}}]
                slos:
                  - name: success
                    objective: 99
                    sli: {events: {bad: 'jobs_total{status="failed"}', total: jobs_total}}
                """
        )
        .platform("alerting: {burnRateWindows: [{severity: ticket, short: 2h, long: 1d, budgetPercent: 10}]}")
        .model()
        try Self.check(model)
        let exprs = GrafanaTestSupport.exprs(try #require(GrafanaTestSupport.rendered(model)["grafana/t/svc.json"]))
        #expect(exprs.contains { $0.hasPrefix("1 - (\(Conventions.sloBadRate5m){") })
        #expect(!exprs.contains { $0.contains(Conventions.errorRatio(.minutes(5))) })
    }

    @Test("a dollar sign in a catalog value reaches PromQL as \\x24, out of Grafana's interpolation")
    func dollarEscaped() throws {
        #expect(DashboardPromQL.quote("a$region") == #""a\x24region""#)
        #expect(DashboardPromQL.protect(#"sum(x{a="$b",c='$d'}) # $e"#) == #"sum(x{a="\x24b",c='\x24d'}) # $e"#)
        #expect(DashboardPromQL.protect(#"x{a="q\"$b"}"#) == #"x{a="q\"\x24b"}"#)
        // Prometheus reads the escape back as the dollar sign.
        let e = try PromQL.parse(DashboardPromQL.selector("m", [.init("path", .equal, "/$home")]))
        #expect(e.vectorSelectors.first?.matchers.first { $0.name == "path" }?.value == "/$home")
    }

    @Test("job alternations escape regular-expression characters")
    func alternation() throws {
        #expect(DashboardPromQL.alternation(["a.b", "c|d", "e"]) == #"a\.b|c\|d|e"#)
        let e = try PromQL.parse(DashboardPromQL.selector("up", [.init("job", .regexMatch, DashboardPromQL.alternation(["a.b", "x+"]))]))
        #expect(e.vectorSelectors.first?.matchers.first?.value == #"a\.b|x\+"#)
    }
}
