import Foundation
import OACDiagnostics
import OACModel
import OACPromQL

/// What an importer produces: services, SLOs and teams in oac's terms, format-free, ready to be written as
/// catalog YAML. Importers fill it; `CatalogWriter` writes it.
public struct ImportedCatalog: Sendable, Hashable {
    public var services: [ImportedService] = []
    /// Teams named by the imported specs (owners), written as `Team` documents.
    public var teams: Set<String> = []
    /// What the import was read from, for the header comment.
    public var sources: [String] = []

    public init() {}

    public func service(named name: String) -> ImportedService? { services.first { $0.name == name } }

    /// Adds an SLO to its service (creating the service); a second SLO of the same name is reported and dropped.
    mutating func add(_ slo: ImportedSLO, to service: String, at location: SourceLocation?, diagnostics: inout Diagnostics) {
        let i = serviceIndex(service)
        if services[i].slos.contains(where: { $0.name == slo.name }) {
            diagnostics.warning(
                "SLO `\(slo.name)` of service `\(service)` is imported twice; the first is kept",
                rule: ImportCheck.rejected, at: location,
                hint: "rename one of them if both are meant")
            return
        }
        services[i].slos.append(slo)
    }

    /// The index of a service, created empty if it does not exist yet.
    mutating func serviceIndex(_ name: String) -> Int {
        if let i = services.firstIndex(where: { $0.name == name }) { return i }
        services.append(ImportedService(name: name))
        return services.count - 1
    }

    /// Everything sorted by name so output never depends on the order files were given.
    public mutating func sort() {
        services.sort { $0.name < $1.name }
        for i in services.indices { services[i].slos.sort { $0.name < $1.name } }
    }
}

public struct ImportedService: Sendable, Hashable {
    public var name: String
    public var description: String?
    /// nil = the `--owner` given to the import.
    public var owner: String?
    public var tier: String?
    public var runbook: String?
    public var slos: [ImportedSLO] = []

    public init(name: String) { self.name = name }
}

public struct ImportedSLO: Sendable, Hashable {
    public enum Window: Sendable, Hashable {
        case rolling(PromDuration)
        case calendar(CalendarPeriod)
    }

    public var name: String
    public var description: String?
    /// Percent, exact.
    public var objective: Decimal
    public var window: Window
    public var sli: ImportedSLI
    public var page = true
    public var ticket = true
    public var labels: [KeyValue] = []
    public var annotations: [KeyValue] = []

    public init(name: String, description: String?, objective: Decimal, window: Window, sli: ImportedSLI) {
        self.name = name
        self.description = description
        self.objective = objective
        self.window = window
        self.sli = sli
    }
}

/// The catalog's SLI kinds, as text the catalog language takes.
public enum ImportedSLI: Sendable, Hashable {
    case events(counting: EventsSLI.Counting, selector: String, total: String)
    case eventQueries(counting: EventsSLI.Counting, query: String, total: String)
    case latency(histogram: String, threshold: Decimal)
    case threshold(query: String, op: ComparisonOp, value: Decimal)
}

/// Ids of the importers' diagnostics (the compiler's own checks are in `CheckID`).
public enum ImportCheck {
    /// Something in the spec has no place in the catalog and is left out (the rest is imported).
    public static let notKept = "import-not-kept"
    /// An SLO (or a whole document) cannot be imported; the reason says why.
    public static let rejected = "import-rejected"
    /// The input is not a spec of the format (not YAML, a missing required field, a wrong type).
    public static let invalid = "import-invalid"
    /// An approximation: the imported SLO behaves close to, not exactly as, the original.
    public static let approximated = "import-approximated"
}

/// Names in the catalog are DNS labels; imported names are made to fit and the change is reported.
enum NameFitter {
    static func isValid(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard !u.isEmpty, u.count <= 63 else { return false }
        func ok(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 48 && c <= 57) }
        guard ok(u.first!), ok(u.last!) else { return false }
        return u.allSatisfy { ok($0) || $0 == 45 }
    }

    /// Lowercased, every run of other characters turned into one `-`, trimmed to 63; nil when nothing is left.
    static func fit(_ s: String) -> String? {
        var out = ""
        for c in s.lowercased().unicodeScalars {
            if (c >= "a" && c <= "z") || (c >= "0" && c <= "9") {
                out.unicodeScalars.append(c)
            } else if !out.hasSuffix("-") {
                out += "-"
            }
        }
        while out.hasPrefix("-") { out.removeFirst() }
        out = String(out.prefix(63))
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? nil : out
    }

    /// The name as the catalog needs it, with a note when it had to change.
    static func name(_ s: String, what: String, at location: SourceLocation?, diagnostics: inout Diagnostics) -> String? {
        if isValid(s) { return s }
        guard let fitted = fit(s) else {
            diagnostics.warning(
                "\(what) `\(s)` has no letters or digits to make a catalog name from",
                rule: ImportCheck.rejected, at: location)
            return nil
        }
        diagnostics.warning(
            "\(what) `\(s)` is not a valid catalog name; imported as `\(fitted)`",
            rule: ImportCheck.notKept, at: location,
            hint: "catalog names are lowercase letters, digits and '-', at most 63 characters")
        return fitted
    }
}
