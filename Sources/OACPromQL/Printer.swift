/// Canonical PromQL printer.
///
/// Output style follows Prometheus' `String()` methods: `sum by (job) (rate(x{a="b"}[5m]))`,
/// `a / on (x) group_left (y) b`, matchers joined with `,`, `@` before `offset`.
/// For trees produced by the parser `PromQL.parse(e.description) == e`; hand-built trees
/// get parentheses wherever precedence requires them.
enum Printer {
    /// Metric names that cannot be written bare in an operand position.
    static let reservedMetricNames: Set<String> = ["bool", "on", "ignoring", "group_left", "group_right", "atan2", "inf", "nan"]

    static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Inf" : "Inf" }
        if v == v.rounded(), abs(v) < 1e15 {
            return String(Int64(v))
        }
        return "\(v)"
    }

    static func labelName(_ name: String) -> String {
        PromQL.isValidLabelName(name) ? name : PromQL.quote(name)
    }

    static func labelList(_ labels: [String]) -> String {
        "(" + labels.map(labelName).joined(separator: ", ") + ")"
    }

    static func at(_ at: AtModifier?) -> String {
        switch at {
        case nil: return ""
        case .start: return " @ start()"
        case .end: return " @ end()"
        case .timestamp(let t): return " @ " + number(t)
        }
    }

    static func offset(_ d: PromDuration?) -> String {
        guard let d else { return "" }
        return " offset \(d)"
    }

    /// Selector without modifiers.
    static func bareSelector(_ vs: VectorSelector) -> String {
        var head = ""
        var inner: [String] = []
        if let name = vs.metricName {
            if PromQL.isValidMetricName(name) && !reservedMetricNames.contains(name.lowercased()) {
                head = name
            } else {
                inner.append(PromQL.quote(name))
            }
        }
        inner += vs.matchers.map(\.description)
        if !inner.isEmpty || head.isEmpty {
            head += "{" + inner.joined(separator: ",") + "}"
        }
        return head
    }

    static func selector(_ vs: VectorSelector) -> String {
        bareSelector(vs) + at(vs.at) + offset(vs.offset)
    }

    static func expr(_ e: Expr) -> String {
        switch e {
        case .number(let v):
            return number(v)
        case .string(let s):
            return PromQL.quote(s)
        case .vectorSelector(let vs):
            return selector(vs)
        case .matrixSelector(let ms):
            return bareSelector(ms.selector) + "[\(ms.range)]" + at(ms.selector.at) + offset(ms.selector.offset)
        case .subquery(let sq):
            var inner = expr(sq.expr)
            switch sq.expr {
            case .binary, .unary: inner = "(" + inner + ")"
            case .number(let v) where v < 0 || (v == 0 && v.sign == .minus): inner = "(" + inner + ")"
            default: break
            }
            let step = sq.step.map { "\($0)" } ?? ""
            return inner + "[\(sq.range):\(step)]" + at(sq.at) + offset(sq.offset)
        case .call(let c):
            return c.name + "(" + c.args.map(expr).joined(separator: ", ") + ")"
        case .aggregate(let a):
            var s = a.op.rawValue
            switch a.grouping {
            case .by(let l): s += " by " + labelList(l) + " "
            case .without(let l): s += " without " + labelList(l) + " "
            case nil: break
            }
            var args: [String] = []
            if let p = a.param { args.append(expr(p)) }
            args.append(expr(a.expr))
            return s + "(" + args.joined(separator: ", ") + ")"
        case .binary(let b):
            var op = b.op.rawValue
            if b.returnBool { op += " bool" }
            if let m = b.matching {
                op += " \(m.kind.rawValue) " + labelList(m.labels)
                switch m.group {
                case .left(let l): op += " group_left" + (l.isEmpty ? "" : " " + labelList(l))
                case .right(let l): op += " group_right" + (l.isEmpty ? "" : " " + labelList(l))
                case nil: break
                }
            }
            return operand(b.lhs, of: b.op, isLeft: true) + " " + op + " " + operand(b.rhs, of: b.op, isLeft: false)
        case .unary(let op, let inner):
            var s = expr(inner)
            switch inner {
            case .binary(let b) where b.op != .pow: s = "(" + s + ")"
            case .matrixSelector, .subquery, .string: s = "(" + s + ")"
            default: break
            }
            return op.rawValue + s
        case .paren(let inner):
            return "(" + expr(inner) + ")"
        }
    }

    /// Prints a binary operand, adding parentheses a parsed tree would have had.
    static func operand(_ e: Expr, of op: BinaryOp, isLeft: Bool) -> String {
        let s = expr(e)
        switch e {
        case .binary(let inner):
            if inner.op.precedence < op.precedence { return "(" + s + ")" }
            if inner.op.precedence == op.precedence && (isLeft == op.isRightAssociative) { return "(" + s + ")" }
            return s
        case .unary:
            // `-a ^ b` parses as `-(a ^ b)`.
            return op == .pow && isLeft ? "(" + s + ")" : s
        case .number(let v):
            if op == .pow && isLeft && (v < 0 || (v == 0 && v.sign == .minus) || (v.isInfinite && v < 0)) { return "(" + s + ")" }
            return s
        default:
            return s
        }
    }
}

extension Expr: CustomStringConvertible {
    /// Canonical PromQL text of the expression.
    public var description: String { Printer.expr(self) }
}
