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
    public var start: Located<Date>?
    public var end: Located<Date>?
    public var weekly: WeeklySpec?
    public var timeZone: Located<String>?
    /// The path the diagnostics name (`spec.maintenanceWindows[0]`).
    public var path: String = ""

    public init(location: SourceLocation) { self.location = location }
}

/// `weekly` as written; the compiler checks the clock times and builds the schedule.
public struct WeeklySpec: Sendable, Hashable {
    public var location: SourceLocation
    public var days: [Weekday] = []
    public var start: Located<String>?
    public var end: Located<String>?

    public init(location: SourceLocation) { self.location = location }
}
