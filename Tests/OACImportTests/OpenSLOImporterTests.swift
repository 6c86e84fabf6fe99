import Foundation
import OACDiagnostics
import OACImport
import OACModel
import Testing

@Suite("OpenSLO import")
struct OpenSLOImporterTests {
    @Test("the SDK's v1 examples import: inline and referenced objects, threshold and ratio metrics")
    func sdkExamples() throws {
        let files = ["alert_conditions", "alert_notification_targets", "alert_policies", "data_sources", "services", "slis", "slos"]
            .map { "openslo/go-sdk-v1/\($0).yaml" }
        let (catalog, diagnostics) = try ImportSupport.openslo(files)
        #expect(!diagnostics.hasErrors, "\(ImportSupport.lines(diagnostics))")
        #expect(catalog.services.map(\.name) == ["example-service", "web"])
        #expect(catalog.service(named: "example-service")?.description == "Example service description")
        let slo = try #require(catalog.service(named: "web")?.slos.first)
        // Timeslices over a ratio: a slice is good when its good/total ratio reaches timeSliceTarget.
        #expect(slo.window == .calendar(.week))
        #expect(slo.objective == Decimal(string: "99.5"))
        #expect(
            slo.sli
                == .threshold(
                    query:
                        #"sum(rate(http_requests{k8s_cluster="prod",component="web",code=~"2xx|4xx"}[1m])) / sum(rate(http_requests{k8s_cluster="prod",component="web"}[1m]))"#,
                    op: .greaterOrEqual, value: Decimal(string: "0.95")!))
        #expect(catalog.service(named: "web")?.owner == "team-a")
        // The standalone policies, conditions, targets, SLIs and data sources reach no SLO: each is reported.
        let unused = diagnostics.items.filter { $0.message.contains("is used by no SLO") }
        #expect(unused.count == 13, "\(ImportSupport.lines(diagnostics))")
        #expect(unused.allSatisfy { $0.location?.file.hasPrefix("openslo/go-sdk-v1/") == true })
        #expect(!ImportSupport.compile(catalog).diagnostics.hasErrors)
    }

    @Test("references resolve like the SDK's inlining: input and inlined output import the same catalog")
    func inlining() throws {
        let (a, da) = try ImportSupport.openslo(["openslo/inline-input.yaml"])
        let (b, _) = try ImportSupport.openslo(["openslo/inline-output.yaml"])
        #expect(a.services == b.services)
        let slos = try #require(a.service(named: "web")?.slos)
        #expect(slos.map(\.name) == ["my-slo-1", "my-slo-2"])
        // my-slo-2's policies have page conditions only.
        #expect(slos[1].page && !slos[1].ticket)
        #expect(
            slos[0].sli
                == .threshold(
                    query: #"sum(min_over_time(kafka_consumergroup_lag{k8s_cluster="prod", consumergroup="annotator", topic="annotator-in"}[2m]))"#,
                    op: .greaterThan, value: 1))
        #expect(ImportSupport.lines(da).contains { $0.contains("notification target `devs-email-notification` is not kept") })
        #expect(!ImportSupport.compile(a).diagnostics.hasErrors)
    }

    @Test(
        "the specification's examples are rejected with their reason",
        arguments: [
            ("openslo/budgeting-method_occurences-slo.yaml", "metric source type `Any` is not Prometheus"),
            ("openslo/budgeting-method_ratio-timeslices.yaml", "metric source type `Any` is not Prometheus"),
            ("openslo/budgeting-method_timeslices-slo.yaml", "a calendar window of 1m is not imported"),
            ("openslo/treat-low-traffic-as-equally-important_timeslices-slo.yaml", "metric source type `Any` is not Prometheus"),
            ("openslo/v2alpha-slos.yaml", "`openslo.com/v2alpha` is not imported")
        ])
    func specExamples(file: String, reason: String) throws {
        let (catalog, diagnostics) = try ImportSupport.openslo([file])
        #expect(!diagnostics.hasErrors)
        #expect(catalog.services.allSatisfy { $0.slos.isEmpty })
        let rejected = diagnostics.items.filter { $0.ruleID == ImportCheck.rejected }
        #expect(rejected.count == 1 && rejected[0].message.contains(reason), "\(ImportSupport.lines(diagnostics))")
        #expect(rejected.first?.location?.file == file)
    }

    @Test("a one-minute calendar window hints that a month is 1M")
    func minuteHint() throws {
        let (_, d) = try ImportSupport.openslo(["openslo/budgeting-method_timeslices-slo.yaml"])
        #expect(d.items.contains { $0.hint == "OpenSLO's `m` is minutes; a month is `1M`" && $0.location?.line == 27 })
    }

    @Test("calendar months and quarters, rolling weeks, and misaligned starts")
    func windows() {
        func window(_ tw: String) -> (ImportedSLO.Window?, Diagnostics) {
            var importer = OpenSLOImporter()
            importer.importFile(
                path: "w.yaml",
                contents: """
                    apiVersion: openslo/v1
                    kind: SLO
                    metadata: {name: s}
                    spec:
                      service: svc
                      indicator:
                        metadata: {name: i}
                        spec:
                          ratioMetric:
                            counter: true
                            good: {metricSource: {type: Prometheus, spec: {query: 'ok_total'}}}
                            total: {metricSource: {type: Prometheus, spec: {query: 'all_total'}}}
                      timeWindow: [\(tw)]
                      budgetingMethod: Occurrences
                      objectives: [{target: 0.99}]
                    """)
            importer.finish()
            return (importer.catalog.service(named: "svc")?.slos.first?.window, importer.diagnostics)
        }
        let utc = "calendar: {startTime: '2024-01-01 00:00:00', timeZone: UTC}"
        #expect(window("{duration: 1M, isRolling: false, \(utc)}").0 == .calendar(.month))
        #expect(window("{duration: 1Q, isRolling: false, \(utc)}").0 == .calendar(.quarter))
        #expect(window("{duration: 1M, isRolling: false, \(utc)}").1.isEmpty)
        #expect(window("{duration: 2w, isRolling: true}").0 == .rolling(.days(14)))
        let (month, notes) = window("{duration: 1M, isRolling: false, calendar: {startTime: '2024-01-15 00:00:00', timeZone: UTC}}")
        #expect(month == .calendar(.month))
        #expect(notes.items.map(\.ruleID) == [ImportCheck.approximated])
        #expect(window("{duration: 1Y, isRolling: false, \(utc)}").0 == nil)
    }
}
