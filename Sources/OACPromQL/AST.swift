/// The type of value a PromQL expression evaluates to.
public enum ValueType: String, Equatable, Hashable, Sendable, CustomStringConvertible {
    case scalar
    case instantVector = "vector"
    case rangeVector = "matrix"
    case string

    /// Name used in Prometheus' error messages ("instant vector", "range vector", …).
    public var description: String {
        switch self {
        case .scalar: return "scalar"
        case .instantVector: return "instant vector"
        case .rangeVector: return "range vector"
        case .string: return "string"
        }
    }
}

/// A PromQL expression tree.
///
/// `.paren` nodes are kept so that printing reproduces the author's grouping, and
/// `PromQL.parse(e.description) == e` holds for every expression produced by the parser.
public indirect enum Expr: Sendable {
    /// A number literal (`1`, `0.5`, `0x1f`, `1e-3`, `Inf`, `NaN`; durations used as numbers become seconds).
    /// A leading `-`/`+` directly before a number literal is folded into the literal, like Prometheus does.
    case number(Double)
    case string(String)
    case vectorSelector(VectorSelector)
    case matrixSelector(MatrixSelector)
    case subquery(SubqueryExpr)
    case call(Call)
    case aggregate(AggregateExpr)
    case binary(BinaryExpr)
    case unary(UnaryOp, Expr)
    case paren(Expr)
}

extension Expr: Equatable {
    public static func == (lhs: Expr, rhs: Expr) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.string(let a), .string(let b)): return a == b
        case (.vectorSelector(let a), .vectorSelector(let b)): return a == b
        case (.matrixSelector(let a), .matrixSelector(let b)): return a == b
        case (.subquery(let a), .subquery(let b)): return a == b
        case (.call(let a), .call(let b)): return a == b
        case (.aggregate(let a), .aggregate(let b)): return a == b
        case (.binary(let a), .binary(let b)): return a == b
        case (.unary(let o1, let e1), .unary(let o2, let e2)): return o1 == o2 && e1 == e2
        case (.paren(let a), .paren(let b)): return a == b
        default: return false
        }
    }
}

/// `@` modifier.
public enum AtModifier: Equatable, Hashable, Sendable {
    /// `@ 1609746000` (Unix seconds)
    case timestamp(Double)
    /// `@ start()`
    case start
    /// `@ end()`
    case end
}

public enum MatchOp: String, Equatable, Hashable, Sendable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    case regexMatch = "=~"
    case regexNoMatch = "!~"

    public var isRegex: Bool { self == .regexMatch || self == .regexNoMatch }
}

/// One `name op "value"` label matcher.
public struct LabelMatcher: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var op: MatchOp
    public var value: String

    public init(name: String, op: MatchOp, value: String) {
        self.name = name
        self.op = op
        self.value = value
    }

    public var description: String { Printer.labelName(name) + op.rawValue + PromQL.quote(value) }
}

/// An instant vector selector, optionally with `offset` and `@` modifiers.
///
/// `metricName` holds the name written before the braces (or as a quoted name inside
/// the braces, Prometheus 3 style); a `__name__` matcher written explicitly stays in `matchers`.
public struct VectorSelector: Sendable, CustomStringConvertible {
    public var metricName: String?
    public var matchers: [LabelMatcher]
    public var offset: PromDuration?
    public var at: AtModifier?
    /// Where the selector starts in the parsed string (not part of equality).
    public var location: PromQLLocation?

    public init(
        metricName: String? = nil, matchers: [LabelMatcher] = [], offset: PromDuration? = nil,
        at: AtModifier? = nil, location: PromQLLocation? = nil
    ) {
        self.metricName = metricName
        self.matchers = matchers
        self.offset = offset
        self.at = at
        self.location = location
    }

    /// The metric name, whether given as `name{…}`, `{"name"}` or `{__name__="name"}`.
    public var name: String? {
        metricName ?? matchers.first(where: { $0.name == "__name__" && $0.op == .equal })?.value
    }

    /// All matchers including the metric name as a `__name__="…"` equality matcher.
    public var allMatchers: [LabelMatcher] {
        if let metricName { return [LabelMatcher(name: "__name__", op: .equal, value: metricName)] + matchers }
        return matchers
    }

    /// The matcher for `label`, if any.
    public func matcher(for label: String) -> LabelMatcher? { matchers.first { $0.name == label } }

    public var description: String { Printer.selector(self) }
}

extension VectorSelector: Equatable {
    public static func == (a: VectorSelector, b: VectorSelector) -> Bool {
        a.metricName == b.metricName && a.matchers == b.matchers && a.offset == b.offset && a.at == b.at
    }
}

/// `selector[range]` — the selector carries the `offset`/`@` written after the range.
public struct MatrixSelector: Equatable, Sendable {
    public var selector: VectorSelector
    public var range: PromDuration

    public init(selector: VectorSelector, range: PromDuration) {
        self.selector = selector
        self.range = range
    }
}

/// `expr[range:step]` / `expr[range:]`.
public struct SubqueryExpr: Equatable, Sendable {
    public var expr: Expr
    public var range: PromDuration
    /// nil for `[range:]` (default evaluation interval).
    public var step: PromDuration?
    public var offset: PromDuration?
    public var at: AtModifier?

    public init(expr: Expr, range: PromDuration, step: PromDuration? = nil, offset: PromDuration? = nil, at: AtModifier? = nil) {
        self.expr = expr
        self.range = range
        self.step = step
        self.offset = offset
        self.at = at
    }
}

/// A function call such as `rate(x[5m])`.
public struct Call: Equatable, Sendable {
    public var name: String
    public var args: [Expr]

    public init(name: String, args: [Expr]) {
        self.name = name
        self.args = args
    }

    /// The table entry for the function (nil for unknown names in hand-built trees).
    public var function: PromQLFunction? { PromQLFunction.table[name] }
}

public enum AggregateOp: String, Equatable, Hashable, Sendable, CaseIterable {
    case sum, avg, count, min, max, group, stddev, stdvar
    case topk, bottomk, quantile
    case countValues = "count_values"
    case limitk
    case limitRatio = "limit_ratio"

    /// Aggregations taking a parameter before the vector (`topk(5, x)`).
    public var hasParameter: Bool {
        switch self {
        case .topk, .bottomk, .quantile, .countValues, .limitk, .limitRatio: return true
        default: return false
        }
    }

    /// Type of the parameter, if any (`count_values` takes a string label name).
    public var parameterType: ValueType? {
        guard hasParameter else { return nil }
        return self == .countValues ? .string : .scalar
    }

    /// `limitk` and `limit_ratio` are experimental in Prometheus 3.
    public var isExperimental: Bool { self == .limitk || self == .limitRatio }
}

/// `by (…)` / `without (…)` clause of an aggregation.
public enum Grouping: Equatable, Hashable, Sendable {
    case by([String])
    case without([String])

    public var labels: [String] {
        switch self {
        case .by(let l), .without(let l): return l
        }
    }
}

public struct AggregateExpr: Equatable, Sendable {
    public var op: AggregateOp
    /// `k` of topk/bottomk/limitk, `φ` of quantile, the label of count_values, the ratio of limit_ratio.
    public var param: Expr?
    public var expr: Expr
    public var grouping: Grouping?

    public init(op: AggregateOp, param: Expr? = nil, expr: Expr, grouping: Grouping? = nil) {
        self.op = op
        self.param = param
        self.expr = expr
        self.grouping = grouping
    }
}

public enum BinaryOp: String, Equatable, Hashable, Sendable, CaseIterable {
    case pow = "^"
    case mul = "*"
    case div = "/"
    case mod = "%"
    case atan2
    case add = "+"
    case sub = "-"
    case eql = "=="
    case neq = "!="
    case lte = "<="
    case lss = "<"
    case gte = ">="
    case gtr = ">"
    case and
    case unless
    case or

    /// Higher binds tighter: `or` 1, `and`/`unless` 2, comparisons 3, `+ -` 4, `* / % atan2` 5, `^` 6.
    public var precedence: Int {
        switch self {
        case .or: return 1
        case .and, .unless: return 2
        case .eql, .neq, .lte, .lss, .gte, .gtr: return 3
        case .add, .sub: return 4
        case .mul, .div, .mod, .atan2: return 5
        case .pow: return 6
        }
    }

    public var isRightAssociative: Bool { self == .pow }
    public var isComparison: Bool { precedence == 3 }
    public var isSetOperator: Bool { self == .and || self == .or || self == .unless }
}

public enum UnaryOp: String, Equatable, Hashable, Sendable {
    case minus = "-"
    case plus = "+"
}

/// `on(…)`/`ignoring(…)` with optional `group_left(…)`/`group_right(…)`.
public struct VectorMatching: Equatable, Hashable, Sendable {
    public enum Kind: String, Equatable, Hashable, Sendable {
        case on
        case ignoring
    }

    public enum Group: Equatable, Hashable, Sendable {
        /// `group_left(extra labels)` — many-to-one
        case left([String])
        /// `group_right(extra labels)` — one-to-many
        case right([String])

        public var labels: [String] {
            switch self {
            case .left(let l), .right(let l): return l
            }
        }
    }

    public var kind: Kind
    public var labels: [String]
    public var group: Group?

    public init(kind: Kind, labels: [String], group: Group? = nil) {
        self.kind = kind
        self.labels = labels
        self.group = group
    }
}

public struct BinaryExpr: Equatable, Sendable {
    public var op: BinaryOp
    public var lhs: Expr
    public var rhs: Expr
    /// `bool` modifier on a comparison.
    public var returnBool: Bool
    public var matching: VectorMatching?

    public init(op: BinaryOp, lhs: Expr, rhs: Expr, returnBool: Bool = false, matching: VectorMatching? = nil) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        self.returnBool = returnBool
        self.matching = matching
    }
}
