import Foundation
import OACCatalog
import OACDiagnostics
import OACModel

/// Static and file targets per region (docs/catalog.md, "Targets per region"). Each region's Prometheus scrapes
/// what the catalog gives that region: a plain `static` list or a `file` path without `{region}` would be scraped
/// by every region of the service, and its SLO would count each event once per region.
extension ModelBuilder {
    /// Checks the service's static or file targets against its regions; returns the regions it runs in (those a
    /// per-region `static` mapping names, when `spec.regions` is left out).
    mutating func checkTargetRegions(_ s: ServiceSpec, regions: [String], platformRegions: [String]) -> [String] {
        let at = s.targetsValueLocation ?? s.targetsLocation ?? s.name.location
        let service = "service `\(s.name.value)`"
        switch s.targets {
        case .staticByRegion(let list):
            var named = Set<String>()
            for key in s.staticRegions {
                if !platformRegions.contains(key.value) {
                    unresolved(key, what: "region", candidates: platformRegions, field: "spec.targets.static")
                } else if s.regions != nil && !regions.contains(key.value) {
                    diagnostics.error(
                        "`spec.targets.static` gives targets to region `\(key.value)`, which is not in the \(service)'s `spec.regions`",
                        rule: CheckID.invalidValue, at: key.location,
                        hint: "add `\(key.value)` to `spec.regions`, or leave `spec.regions` out to run in the regions the mapping names")
                } else {
                    named.insert(key.value)
                }
            }
            if list.isEmpty {
                diagnostics.error(
                    "`spec.targets.static` of \(service) names no region", rule: CheckID.invalidValue, at: at,
                    hint: "give each region its addresses: `static: {<region>: [host:port, …]}`")
            }
            // One address in two regions' lists would be scraped, and counted, by both.
            var owner: [String: String] = [:]
            for entry in list where named.contains(entry.region) {
                for target in entry.targets {
                    if let first = owner[target], first != entry.region {
                        diagnostics.error(
                            "\(service): static target `\(target)` is given to regions `\(first)` and `\(entry.region)`; both would scrape it and its SLO would count its events twice",
                            rule: CheckID.targetsNotPerRegion, at: s.staticRegions.first { $0.value == entry.region }?.location ?? at,
                            hint: "give each address to the one region whose Prometheus scrapes it")
                    } else {
                        owner[target] = entry.region
                    }
                }
            }
            guard s.regions != nil else { return platformRegions.filter { named.contains($0) } }
            for region in regions where !named.contains(region) {
                diagnostics.error(
                    "\(service) runs in region `\(region)`, but `spec.targets.static` gives that region no targets",
                    rule: CheckID.invalidValue, at: at,
                    hint: "add `\(region): [host:port, …]` to `spec.targets.static`, or remove `\(region)` from `spec.regions`")
            }
        case .static where regions.count > 1:
            diagnostics.error(
                "\(service) runs in \(regions.count) regions (\(regions.joined(separator: ", "))) with one `static` list: every region would scrape every target, and its SLO would count each event once per region",
                rule: CheckID.targetsNotPerRegion, at: at,
                hint:
                    "give each region its own addresses: `static: {\(regions[0]): [host:port, …], \(regions[1]): […]}`, or set `spec.regions` to the one region that scrapes them"
            )
        case .file(let path) where !path.contains(Targets.regionPlaceholder) && regions.count > 1:
            diagnostics.error(
                "\(service) runs in \(regions.count) regions (\(regions.joined(separator: ", "))) with one `file` for all: every region would scrape every target in it, and its SLO would count each event once per region",
                rule: CheckID.targetsNotPerRegion, at: at,
                hint:
                    "put `\(Targets.regionPlaceholder)` in the path so each region reads its own file (`/etc/prometheus/targets/api-{region}.json`), or set `spec.regions` to one region"
            )
        case .file(let path) where path.contains(Targets.regionPlaceholder) && platformRegions.isEmpty:
            diagnostics.error(
                "`spec.targets.file` of \(service) contains `\(Targets.regionPlaceholder)`, but the platform declares no regions",
                rule: CheckID.invalidValue, at: at, hint: "write the file's path as it is, or declare `spec.regions` in the Platform")
        default:
            break
        }
        return regions
    }
}
