import Foundation
import OACDiagnostics
import OACModel
import OACPromQL

/// `errorBudgetPolicy` as written (Platform, tier or Service): each key optional, merged key by key.
public struct BudgetPolicySpec: Sendable, Hashable {
    public var location: SourceLocation
    public var reviewAt: Located<Decimal>?
    public var freezeAt: Located<Decimal>?
    /// `window: slo` (true) or a duration (`windowDuration`); neither written: both nil/false.
    public var windowIsSLO: Bool = false
    public var windowDuration: Located<PromDuration>?
    public var freezeExceptions: [ChangeClass]?

    public init(location: SourceLocation) { self.location = location }
}

/// One `maintenanceWindows[]` or `corrections[]` entry as written; checked by the decoder, resolved by the compiler.
public struct BudgetWindowSpec: Sendable, Hashable {
    public var location: SourceLocation
    public var name: Located<String>?
    public var reason: String?
    public var owner: Located<String>?
    public var added: String?
    public var slos: [Located<String>] = []
    public var schedule: BudgetWindow.Schedule?

    public init(location: SourceLocation) { self.location = location }
}
