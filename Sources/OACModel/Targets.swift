import Foundation

/// How Prometheus finds a service's instances (`spec.targets`), and what each region of it scrapes.
public enum Targets: Sendable, Hashable {
    case none
    /// The same addresses for every region of the service (a service of one region).
    case `static`([String])
    /// `static` given per region: each region scrapes only its own addresses (in the order the catalog writes them).
    case staticByRegion([RegionTargets])
    /// A file-discovery path; `{region}` in it (`regionPlaceholder`) is each region's name.
    case file(String)
    case kubernetes(namespace: String?, selector: String?)

    /// Stands for the region's name in a `file` path: each region reads its own file.
    public static let regionPlaceholder = "{region}"

    /// What the Prometheus servers of `region` scrape: its own static addresses (none for a region the list does
    /// not name), the file path with `{region}` filled in; the rest as it is.
    public func scraped(in region: String?) -> Targets {
        switch self {
        case .staticByRegion(let list):
            return .static(list.first { $0.region == region }?.targets ?? [])
        case .file(let path) where path.contains(Self.regionPlaceholder):
            return .file(path.replacingOccurrences(of: Self.regionPlaceholder, with: region ?? ""))
        default:
            return self
        }
    }

    /// Whether each region scrapes targets of its own (a per-region static list, a `{region}` file path).
    public var isPerRegion: Bool {
        switch self {
        case .staticByRegion: true
        case .file(let path): path.contains(Self.regionPlaceholder)
        default: false
        }
    }
}

/// The static addresses one region scrapes.
public struct RegionTargets: Sendable, Hashable {
    public var region: String
    public var targets: [String]

    public init(region: String, targets: [String]) {
        self.region = region
        self.targets = targets
    }
}
