import Foundation
import OACCatalog
import OACModel
import OACTestSupport
import Testing

@testable import OACRender

/// The "query vs threshold" panel of a threshold SLI shows the value the rules compare with the threshold: on
/// shards, a fleet-wide query is the merge of the shards' parts read on the global server (issue 16, item 1),
/// never one shard's partial value.
@Suite("Service dashboard: threshold SLIs on shards")
struct ServiceDashboardThresholdTests {
    static func panel(_ model: Model, service: String, slo: String) throws -> [String: Any] {
        let s = try #require(model.services.first { $0.name == service })
        let d = try #require(try GrafanaTestSupport.rendered(model)[Conventions.serviceDashboardPath(team: s.owner, service: s.name)])
        return try #require(GrafanaContentTests.panel(d, "\(slo): query vs threshold"))
    }

    static func target(_ panel: [String: Any]) throws -> (expr: String, source: String?, legend: String?) {
        let targets = GrafanaTestSupport.targets(panel)
        try #require(targets.count == 1)
        return (
            try #require(targets[0]["expr"] as? String), (targets[0]["datasource"] as? [String: Any])?["uid"] as? String,
            targets[0]["legendFormat"] as? String
        )
    }

    @Test("a fleet-wide sum on shards shows the merged parts on the global server, as the global rule compares them")
    func fleetSum() throws {
        let model = try GrafanaTestSupport.model(catalog: "catalog/example")
        let t = try Self.target(try Self.panel(model, service: "llm-gateway", slo: "token-throughput"))
        // By hand: the query `sum(rate(llm_output_tokens_total{job="llm-gateway"}[5m]))` is one part (the shards'
        // sums), merged by summing the part over every shard of every region.
        let merged = #"sum(oac_sli:threshold:part{service="llm-gateway",slo="token-throughput",oac_part="0"})"#
        #expect(t.expr == merged)
        // Read where the parts are merged (the global server), not on one shard.
        #expect(t.source == "${datasource}")
        // The very expression the global rule compares with 500.
        let rules = RuleFileRenderer.render(SLORules(model: model, service: model.services.first { $0.name == "llm-gateway" }!).sloGroups())
        #expect(rules.contains("min((\(merged)) >= bool 500)"), "\(rules.prefix(600))")
    }

    @Test("a fleet-wide min on shards is the min of the shards' mins")
    func fleetMin() throws {
        let model = try GrafanaTestSupport.model(catalog: "catalog/example")
        let t = try Self.target(try Self.panel(model, service: "bert-model-serving", slo: "accuracy"))
        #expect(t.expr == #"min(oac_sli:threshold:part{service="bert-model-serving",slo="accuracy",oac_part="0"})"#)
        #expect(t.source == "${datasource}")
    }

    @Test("a per-target query (scope instance) shows the raw series of the shard picked, each compared on its own")
    func perTarget() throws {
        let model = try GrafanaTestSupport.model(catalog: "catalog/example")
        let t = try Self.target(try Self.panel(model, service: "feature-pipeline", slo: "freshness"))
        #expect(t.expr == #"time() - feature_pipeline_last_success_timestamp_seconds{job="feature-pipeline"}"#)
        #expect(t.source == "${shard}")
    }

    @Test("scope region shows one merged value per region")
    func perRegion() throws {
        let catalog = CatalogBuilder()
            .platform(
                """
                regions:
                  - {name: r1, shards: 2, address: "p-r1-{shard}:9090"}
                  - {name: r2, address: "p-r2:9090"}
                global: {mode: federation, address: "p-global:9090"}
                """
            )
            .service(
                "svc",
                """
                targets: {kubernetes: {namespace: ml, selector: "app=svc"}}
                metrics: [{name: tokens_total, type: counter}]
                slos:
                  - name: tokens
                    objective: 99
                    sli: {threshold: {query: 'sum(rate(tokens_total{job="svc"}[5m]))', op: ">=", value: 10, scope: region}}
                """)
        let model = try catalog.model()
        let t = try Self.target(try Self.panel(model, service: "svc", slo: "tokens"))
        #expect(t.expr == #"sum by (region) (oac_sli:threshold:part{service="svc",slo="tokens",oac_part="0"})"#)
        #expect(t.legend == "{{region}}")
        #expect(t.source == "${datasource}")
    }

    @Test("a single Prometheus shows the query as written: it holds every series")
    func single() throws {
        let catalog = CatalogBuilder().service(
            "svc",
            """
            targets: {static: ["a:9100"]}
            metrics: [{name: tokens_total, type: counter}]
            slos:
              - name: tokens
                objective: 99
                sli: {threshold: {query: 'sum(rate(tokens_total{job="svc"}[5m]))', op: ">=", value: 10}}
            """)
        let t = try Self.target(try Self.panel(try catalog.model(), service: "svc", slo: "tokens"))
        #expect(t.expr == #"sum(rate(tokens_total{job="svc"}[5m]))"#)
    }
}
