/// How much a retention tier's services matter, from `critical` (customers depend on it; it pages) to `low`.
/// Lint rules and checks that mean "a critical service" read this, never the tier's name: tier names are free.
public enum TierCriticality: String, Sendable, Hashable, CaseIterable, Comparable {
    case critical, high, standard, low

    /// Higher first: `critical` > `high` > `standard` > `low`.
    var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: Self, b: Self) -> Bool { a.rank > b.rank }

    /// Tiers whose services page a human: fast-burn alerts carry `severity="page"` and need an owner that can be paged.
    public var pages: Bool { self >= .high }

    /// Without `criticality:`, the conventional names keep their meaning: `gold` is critical, `silver` high,
    /// `bronze` low; any other name is standard.
    public static func implied(byName name: String) -> TierCriticality {
        switch name {
        case "gold": return .critical
        case "silver": return .high
        case "bronze": return .low
        default: return .standard
        }
    }
}

extension RetentionTierSpec {
    /// The declared criticality, else the one the tier's name implies (`TierCriticality.implied(byName:)`).
    public var resolvedCriticality: TierCriticality {
        criticality.flatMap { TierCriticality(rawValue: $0.value) } ?? TierCriticality.implied(byName: name.value)
    }
}
