extension Expr {
    /// The type of value the expression evaluates to (Prometheus' `Expr.Type()`).
    public var valueType: ValueType {
        switch self {
        case .number: return .scalar
        case .string: return .string
        case .vectorSelector: return .instantVector
        case .matrixSelector, .subquery: return .rangeVector
        case .call(let c): return c.function?.returnType ?? .instantVector
        case .aggregate: return .instantVector
        case .binary(let b):
            return b.lhs.valueType == .scalar && b.rhs.valueType == .scalar ? .scalar : .instantVector
        case .unary(_, let e), .paren(let e): return e.valueType
        }
    }

    /// Direct sub-expressions, left to right.
    public var children: [Expr] {
        switch self {
        case .number, .string, .vectorSelector, .matrixSelector: return []
        case .subquery(let s): return [s.expr]
        case .call(let c): return c.args
        case .aggregate(let a): return (a.param.map { [$0] } ?? []) + [a.expr]
        case .binary(let b): return [b.lhs, b.rhs]
        case .unary(_, let e), .paren(let e): return [e]
        }
    }

    /// Visits the expression and all sub-expressions in pre-order (parent first, then children left to right).
    public func walk(_ visit: (Expr) -> Void) {
        visit(self)
        for child in children { child.walk(visit) }
    }

    /// All vector selectors in the tree in source order, including those inside range selectors.
    public var vectorSelectors: [VectorSelector] {
        var out: [VectorSelector] = []
        walk { e in
            switch e {
            case .vectorSelector(let vs): out.append(vs)
            case .matrixSelector(let ms): out.append(ms.selector)
            default: break
            }
        }
        return out
    }

    /// Names of the functions called, in order of first appearance, without duplicates.
    public var functionNames: [String] {
        var out: [String] = []
        walk { e in
            if case .call(let c) = e, !out.contains(c.name) { out.append(c.name) }
        }
        return out
    }

    /// Aggregation operators used, in order of first appearance, without duplicates.
    public var aggregationOps: [AggregateOp] {
        var out: [AggregateOp] = []
        walk { e in
            if case .aggregate(let a) = e, !out.contains(a.op) { out.append(a.op) }
        }
        return out
    }

    /// All range durations used by range selectors and subqueries.
    public var ranges: [PromDuration] {
        var out: [PromDuration] = []
        walk { e in
            switch e {
            case .matrixSelector(let ms): out.append(ms.range)
            case .subquery(let sq): out.append(sq.range)
            default: break
            }
        }
        return out
    }

    /// The expression with any number of enclosing parentheses removed.
    public var unparenthesized: Expr {
        var e = self
        while case .paren(let inner) = e { e = inner }
        return e
    }
}
