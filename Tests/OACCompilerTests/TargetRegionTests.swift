import Foundation
import OACDiagnostics
import OACModel
import OACTestSupport
import Testing

/// Static and file targets per region (ModelBuilder+Targets.swift): each region scrapes what the catalog gives it,
/// and targets every region would scrape are an error.
@Suite("Targets per region")
struct TargetRegionTests {
    /// Two regions and a federation, plus one service `s` with `spec` (unindented).
    static func catalog(_ spec: String) -> CatalogBuilder {
        CatalogBuilder()
            .platform(
                """
                regions:
                  - {name: us-west, address: "p-us-west:9090"}
                  - {name: eu-central, address: "p-eu-central:9090"}
                global: {mode: federation, address: "p-global:9090"}
                """
            )
            .service("s", spec)
    }

    static func errors(_ c: CatalogBuilder) -> [Diagnostic] { c.check().diagnostics.sorted.filter { $0.severity == .error } }

    /// The 1-based line of the catalog that contains `text`, counted in the catalog's own text.
    static func line(of text: String, in c: CatalogBuilder) -> Int? {
        c.text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(text) }.map { $0 + 1 }
    }

    @Test("one static list in two regions is a located error: both would scrape and count every target")
    func staticListInTwoRegions() throws {
        let d = Self.errors(Self.catalog(#"targets: {static: ["a:9100", "b:9100"]}"#))
        #expect(d.count == 1, "\(d)")
        let e = try #require(d.first)
        #expect(e.ruleID == CheckID.targetsNotPerRegion)
        #expect(e.message.contains("runs in 2 regions") && e.location != nil)
        #expect(e.hint?.contains("static: {") == true)
    }

    @Test("one file without {region} in two regions is a located error")
    func fileInTwoRegions() throws {
        let d = Self.errors(Self.catalog("targets: {file: /etc/prometheus/targets/s.json}"))
        #expect(d.map(\.ruleID) == [CheckID.targetsNotPerRegion], "\(d)")
        #expect(d.first?.hint?.contains("{region}") == true)
    }

    @Test("a service of one region keeps the plain list and file")
    func oneRegion() {
        #expect(Self.errors(Self.catalog("regions: [us-west]\ntargets: {static: [\"a:9100\"]}")).isEmpty)
        #expect(Self.errors(Self.catalog("regions: [eu-central]\ntargets: {file: /etc/prometheus/targets/s.json}")).isEmpty)
    }

    @Test("a per-region mapping without spec.regions runs in the regions it names, with each region's own addresses")
    func mappingNamesRegions() throws {
        let model = try Self.catalog("targets:\n  static:\n    eu-central: [\"b-0:9100\", \"b-1:9100\"]").model()
        let s = try #require(model.services.first)
        #expect(s.regions == ["eu-central"])
        #expect(s.targets.scraped(in: "eu-central") == .static(["b-0:9100", "b-1:9100"]))
        #expect(s.targets.scraped(in: "us-west") == .static([]))
        // Instances are counted per region: the largest region's list.
        #expect(s.instances == 2)
        let both = try Self.catalog("targets:\n  static:\n    us-west: [\"a:9100\"]\n    eu-central: [\"b-0:9100\", \"b-1:9100\", \"b-2:9100\"]").model()
        #expect(Set(both.services[0].regions) == ["us-west", "eu-central"])
        #expect(both.services[0].instances == 3)
    }

    @Test("a file path with {region} gives each region its own file")
    func fileWithRegion() throws {
        let model = try Self.catalog("targets: {file: \"/etc/prometheus/targets/s-{region}.json\"}").model()
        let s = try #require(model.services.first)
        #expect(s.regions.count == 2)
        #expect(s.targets.scraped(in: "us-west") == .file("/etc/prometheus/targets/s-us-west.json"))
        #expect(s.targets.scraped(in: "eu-central") == .file("/etc/prometheus/targets/s-eu-central.json"))
    }

    @Test("a mapping key naming no region, a listed region without targets, or a key outside spec.regions is an error")
    func mappingMistakes() {
        let unknown = Self.errors(Self.catalog("targets:\n  static:\n    us-wset: [\"a:9100\"]"))
        #expect(unknown.contains { $0.ruleID == CheckID.unresolvedReference && $0.hint == "did you mean `us-west`?" }, "\(unknown)")
        let missing = Self.errors(Self.catalog("regions: [us-west, eu-central]\ntargets:\n  static:\n    us-west: [\"a:9100\"]"))
        #expect(missing.map(\.message) == ["service `s` runs in region `eu-central`, but `spec.targets.static` gives that region no targets"], "\(missing)")
        let outsideCatalog = Self.catalog("regions: [us-west]\ntargets:\n  static:\n    us-west: [\"a:9100\"]\n    eu-central: [\"b:9100\"]")
        let outside = Self.errors(outsideCatalog)
        #expect(outside.count == 1 && outside[0].message.contains("region `eu-central`, which is not in"), "\(outside)")
        #expect(outside.first?.location?.line == Self.line(of: "eu-central: [", in: outsideCatalog), "the key's line: \(outside)")
    }

    @Test("one address in two regions' lists is an error at the second region")
    func addressInTwoRegions() {
        let c = Self.catalog("targets:\n  static:\n    us-west: [\"a:9100\", \"shared:9100\"]\n    eu-central: [\"shared:9100\"]")
        let d = Self.errors(c)
        #expect(d.count == 1 && d[0].ruleID == CheckID.targetsNotPerRegion && d[0].message.contains("`shared:9100`"), "\(d)")
        #expect(d.first?.location?.line == Self.line(of: "eu-central: [", in: c), "\(d)")
    }

    @Test("{region} on a platform without regions is an error")
    func placeholderWithoutRegions() {
        let d = CatalogBuilder().service("s", "targets: {file: \"/etc/t/{region}.json\"}").check().diagnostics.sorted
        #expect(d.contains { $0.ruleID == CheckID.invalidValue && $0.message.contains("declares no regions") }, "\(d)")
    }

    @Test("Kubernetes targets in several regions stay as they are: each region's cluster discovers its own pods")
    func kubernetesUnaffected() {
        #expect(Self.errors(Self.catalog("targets: {kubernetes: {namespace: ml, selector: \"app=s\"}}")).isEmpty)
    }
}
