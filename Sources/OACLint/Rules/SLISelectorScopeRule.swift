import Foundation
import OACCatalog
import OACDiagnostics
import OACModel
import OACPromQL

/// SLI selectors must select the service's own series: its `job`, and for events a `bad`/`good` subset of `total`.
public struct SLISelectorScopeRule: LintRule {
    public static let id = "sli-selector-scope"

    public init() {}

    public let description = RuleDescription(
        id: id, category: .slo, severity: .warning,
        summary: "An SLI selector does not pin the service's `job`, or its bad/good events are not a subset of its total.",
        rationale: """
            Metric names are shared: `http_requests_total` is exposed by most services. A selector without \
            `job="<the service's job>"` (or with another job) sums every service's traffic into this SLO, and a \
            change elsewhere moves this budget. For an events SLI the ratio only means something when the counted \
            events are a subset of the total: every matcher of `total` must also be on `bad`/`good`, or the ratio \
            can exceed 100% (errors of all routes over the requests of one). Events written as PromQL \
            (`badQuery`/`goodQuery` and `totalQuery`) and threshold queries are checked selector by selector.
            """,
        failing: """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: gold
              runbook: https://runbooks.example.com/api
              metrics:
                - {name: http_requests_total, type: counter, labels: {route: 12, code: 5}}
              slos:
                - name: availability
                  objective: 99.9
                  sli:
                    events:
                      bad: '↓http_requests_total{code=~"5.."}'
                      total: 'http_requests_total{↓job="web"}'
                - name: checkout
                  objective: 99.9
                  sli:
                    events:
                      bad: '↓http_requests_total{job="api",code=~"5.."}'
                      total: 'http_requests_total{job="api",route="/checkout"}'
            """,
        passing: """
            apiVersion: oac/v1
            kind: Service
            metadata: {name: api}
            spec:
              owner: web
              tier: gold
              runbook: https://runbooks.example.com/api
              metrics:
                - {name: http_requests_total, type: counter, labels: {route: 12, code: 5}}
              slos:
                - name: availability
                  objective: 99.9
                  sli:
                    events:
                      bad: 'http_requests_total{job="api",code=~"5.."}'
                      total: 'http_requests_total{job="api"}'
                - name: checkout
                  objective: 99.9
                  sli:
                    events:
                      bad: 'http_requests_total{job="api",route="/checkout",code=~"5.."}'
                      total: 'http_requests_total{job="api",route="/checkout"}'
            """)

    public func check(_ context: LintContext) -> [Finding] {
        var out: [Finding] = []
        for s in context.catalog.services {
            let job = context.job(of: s)
            for slo in s.slos {
                let entity = "\(s.entity)/slo/\(slo.name.value)"
                switch slo.sli {
                case .events(let good, let bad, let total, _)?:
                    let counted = bad ?? good
                    let countedKey = bad != nil ? "bad" : "good"
                    var parsed: [String: LabelSelector] = [:]
                    for (key, text) in [(countedKey, counted), ("total", total)] {
                        guard let text, let sel = try? LabelSelector.parse(text.value) else { continue }
                        parsed[key] = sel
                        out += jobFindings(
                            sel.matchers.map { ($0.name, $0.op.rawValue, $0.value) }, text: text, at: text.location,
                            job: job, what: "`\(key)` of SLO `\(slo.name.value)`",
                            entity: "\(entity)/\(key)")
                    }
                    if let c = parsed[countedKey], let t = parsed["total"], let counted, c.metric == t.metric {
                        let have = Set(c.matchers.map { "\($0.name)\($0.op.rawValue)\($0.value)" })
                        let missing = t.matchers.filter { $0.name != "job" && !have.contains("\($0.name)\($0.op.rawValue)\($0.value)") }
                        if !missing.isEmpty {
                            let list = missing.map { "\($0.name)\($0.op.rawValue)\(PromQL.quote($0.value))" }.joined(separator: ", ")
                            out.append(
                                Finding(
                                    "`\(countedKey)` of SLO `\(slo.name.value)` is not a subset of `total`: it lacks \(list)",
                                    at: counted.location, entity: "\(entity)/\(countedKey)",
                                    hint: "add \(list) to `\(countedKey)` so both count the same requests"))
                        }
                    }
                case .latency(let h?, _, _)?:
                    if let sel = try? LabelSelector.parse(h.value) {
                        out += jobFindings(
                            sel.matchers.map { ($0.name, $0.op.rawValue, $0.value) }, text: h, at: h.location, job: job,
                            what: "`histogram` of SLO `\(slo.name.value)`", entity: "\(entity)/histogram")
                    }
                case .threshold(let q?, _, _, _, _)?:
                    out += queryFindings(q, key: "query", service: s, slo: slo, job: job, entity: entity, context: context)
                case .eventQueries(let good, let bad, let total, _)?:
                    for (key, q) in [(bad != nil ? "badQuery" : "goodQuery", bad ?? good), ("totalQuery", total)] {
                        guard let q else { continue }
                        out += queryFindings(LintContext.expandingWindow(q), key: key, service: s, slo: slo, job: job, entity: entity, context: context)
                    }
                default:
                    break
                }
            }
        }
        return out
    }

    /// Every selector of a declared metric inside a PromQL query must pin the service's job.
    func queryFindings(
        _ q: Located<String>, key: String, service s: ServiceSpec, slo: SLOSpec, job: String,
        entity: String, context: LintContext
    ) -> [Finding] {
        guard let expr = context.parse(q.value) else { return [] }
        var out: [Finding] = []
        for sel in expr.vectorSelectors {
            guard let name = sel.name, isServiceMetric(name, s) else { continue }
            let what =
                key == "query"
                ? "`\(name)` in the query of SLO `\(slo.name.value)`"
                : "`\(name)` in `\(key)` of SLO `\(slo.name.value)`"
            out += jobFindings(
                sel.matchers.map { ($0.name, $0.op.rawValue, $0.value) }, text: q,
                at: LintContext.location(in: q, sel.location), job: job,
                what: what, entity: key == "query" ? "\(entity)/query/\(name)" : "\(entity)/\(key)/\(name)")
        }
        return out
    }

    func isServiceMetric(_ name: String, _ s: ServiceSpec) -> Bool {
        if s.metric(named: name) != nil { return true }
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            if s.metric(named: String(name.dropLast(suffix.count))) != nil { return true }
        }
        return false
    }

    func jobFindings(
        _ matchers: [(name: String, op: String, value: String)], text: Located<String>, at start: SourceLocation,
        job: String, what: String, entity: String
    ) -> [Finding] {
        let jobs = matchers.filter { $0.name == "job" }
        if jobs.isEmpty {
            return [
                Finding(
                    "\(what) does not select `job=\(PromQL.quote(job))`; it sums every job's series of that name",
                    at: start, entity: entity, hint: "add job=\(PromQL.quote(job)) to the selector")
            ]
        }
        if jobs.contains(where: { $0.op == "=" && $0.value == job }) { return [] }
        let shown = jobs.map { "job\($0.op)\(PromQL.quote($0.value))" }.joined(separator: ", ")
        return [
            Finding(
                "\(what) selects \(shown), not the service's job \(PromQL.quote(job))",
                at: LintContext.position(of: "job", before: ["=", "!"], in: text) ?? start, entity: entity,
                hint: "select job=\(PromQL.quote(job)), or set the service's `job` if it really is \(shown)")
        ]
    }
}
