import Foundation

/// A place in a catalog file: 1-based line and column (columns count Unicode scalars, as libyaml does).
public struct SourceLocation: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The location `columns` scalars to the right on the same line (used for positions inside a string).
    public func advanced(byLines lines: Int = 0, columns: Int) -> SourceLocation {
        if lines == 0 { return SourceLocation(file: file, line: line, column: column + columns) }
        return SourceLocation(file: file, line: line + lines, column: columns + 1)
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// How serious a finding is. Errors fail a run; warnings fail it only in strict mode.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case error
    case warning
    case note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One finding about a catalog: what was found, where, under which rule, and how to fix it.
public struct Diagnostic: Hashable, Sendable, Codable {
    public var severity: Severity
    public var message: String
    public var ruleID: String
    public var location: SourceLocation?
    public var hint: String?

    public init(
        _ severity: Severity, _ message: String, rule ruleID: String,
        at location: SourceLocation?, hint: String? = nil
    ) {
        self.severity = severity
        self.message = message
        self.ruleID = ruleID
        self.location = location
        self.hint = hint
    }

    public static func error(
        _ message: String, rule: String, at location: SourceLocation?,
        hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(.error, message, rule: rule, at: location, hint: hint)
    }

    public static func warning(
        _ message: String, rule: String, at location: SourceLocation?,
        hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(.warning, message, rule: rule, at: location, hint: hint)
    }
}

extension Diagnostic: Comparable {
    /// Diagnostics sort by place first so that output never depends on the order checks ran in.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        let l = lhs.location ?? SourceLocation(file: "", line: 0, column: 0)
        let r = rhs.location ?? SourceLocation(file: "", line: 0, column: 0)
        if l != r { return l < r }
        if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
        if lhs.ruleID != rhs.ruleID { return lhs.ruleID < rhs.ruleID }
        return lhs.message < rhs.message
    }
}

/// Collects diagnostics from every stage so one run reports every problem.
public struct Diagnostics: Sendable, Codable, Hashable {
    public private(set) var items: [Diagnostic] = []

    public init(_ items: [Diagnostic] = []) { self.items = items }

    public mutating func append(_ diagnostic: Diagnostic) { items.append(diagnostic) }
    public mutating func append(contentsOf other: Diagnostics) { items.append(contentsOf: other.items) }
    public mutating func append(contentsOf other: [Diagnostic]) { items.append(contentsOf: other) }

    public mutating func error(_ message: String, rule: String, at location: SourceLocation?, hint: String? = nil) {
        items.append(.error(message, rule: rule, at: location, hint: hint))
    }

    public mutating func warning(_ message: String, rule: String, at location: SourceLocation?, hint: String? = nil) {
        items.append(.warning(message, rule: rule, at: location, hint: hint))
    }

    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    public var errorCount: Int { items.count { $0.severity == .error } }
    public var warningCount: Int { items.count { $0.severity == .warning } }
    public var isEmpty: Bool { items.isEmpty }

    /// Sorted and de-duplicated: the order users and golden files see.
    public var sorted: [Diagnostic] {
        var seen = Set<Diagnostic>()
        return items.sorted().filter { seen.insert($0).inserted }
    }
}
