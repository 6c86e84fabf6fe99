// Length: one file on purpose (~730 lines). A recursive-descent parser's productions call each other in
// precedence order; split across files, each reader would lose the grammar's shape. The lexer, the AST and
// the printer already live in their own files.

/// A parsed sub-expression with bookkeeping the parser needs for errors and limits.
struct Node {
    var expr: Expr
    /// Scalar index where the expression starts.
    var start: Int
    /// Height of the tree (a leaf has height 1).
    var height: Int
    var type: ValueType
}

/// Recursive-descent PromQL parser with Prometheus' type checks.
struct Parser {
    /// Maximum nesting depth (parser recursion and AST height).
    static let maxDepth = 256

    let src: SourceText
    let tokens: [Token]
    let options: PromQL.Options
    var pos = 0
    var depth = 0

    init(source: SourceText, options: PromQL.Options) throws(PromQLError) {
        self.src = source
        self.tokens = try Lexer.tokenize(source)
        self.options = options
    }

    // MARK: - Token helpers

    var tok: Token { tokens[pos] }

    func peekKind(_ k: Int) -> TokenKind { tokens[min(pos + k, tokens.count - 1)].kind }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[pos]
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }

    func keyword(_ t: Token) -> String? {
        if case .identifier(let s) = t.kind { return s.lowercased() }
        return nil
    }

    func isKeyword(_ word: String) -> Bool { keyword(tok) == word }

    func error(_ message: String, at index: Int) -> PromQLError { src.error(message, at: index) }

    /// A duration where a number goes, with `durationsAsNumbers` off (Prometheus before 2.54).
    func durationAsNumber(_ t: Token, _ d: PromDuration) -> PromQLError {
        error("a duration used as a number (\(d)); Prometheus reads it only from 2.54 on: write the seconds, \(Printer.number(d.seconds))", at: t.start)
    }

    func unexpected(_ t: Token, in context: String? = nil, expected: String? = nil) -> PromQLError {
        var msg = "unexpected \(t.kind.display)"
        if let context { msg += " in \(context)" }
        if let expected { msg += ", expected \(expected)" }
        return error(msg, at: t.start)
    }

    mutating func enter(at index: Int) throws(PromQLError) {
        depth += 1
        if depth > Parser.maxDepth {
            throw error("expression is nested too deeply (maximum depth is \(Parser.maxDepth))", at: index)
        }
    }

    func checkHeight(_ height: Int, at index: Int) throws(PromQLError) {
        if height > Parser.maxDepth {
            throw error("expression is nested too deeply (maximum depth is \(Parser.maxDepth))", at: index)
        }
    }

    // MARK: - Entry points

    mutating func parseTop() throws(PromQLError) -> Expr {
        if tok.kind == .eof { throw error("no expression found in input", at: tok.start) }
        let n = try parseExpr()
        if tok.kind != .eof { throw unexpected(tok) }
        return n.expr
    }

    mutating func parseSelectorOnly() throws(PromQLError) -> VectorSelector {
        var nameTok: Token?
        switch tok.kind {
        case .identifier:
            if peekKind(1) == .leftParen {
                throw error("expected a vector selector, found a function call or aggregation", at: tok.start)
            }
            nameTok = advance()
        case .leftBrace:
            break
        case .eof:
            throw error("no selector found in input", at: tok.start)
        default:
            throw unexpected(tok, expected: "metric name or \"{\"")
        }
        let node = try parseSelector(nameTok: nameTok)
        if tok.kind != .eof {
            throw error("unexpected \(tok.kind.display) after vector selector (only a plain selector is allowed here)", at: tok.start)
        }
        guard case .vectorSelector(let vs) = node.expr else {
            throw error("expected a vector selector", at: node.start)
        }
        return vs
    }

    // MARK: - Expressions

    mutating func parseExpr() throws(PromQLError) -> Node { try parseBinary(minPrecedence: 1) }

    func binaryOp(_ t: Token) -> BinaryOp? {
        switch t.kind {
        case .caret: return .pow
        case .star: return .mul
        case .slash: return .div
        case .percent: return .mod
        case .plus: return .add
        case .minus: return .sub
        case .equalEqual: return .eql
        case .notEqual: return .neq
        case .less: return .lss
        case .lessEqual: return .lte
        case .greater: return .gtr
        case .greaterEqual: return .gte
        case .identifier(let s):
            switch s.lowercased() {
            case "and": return .and
            case "or": return .or
            case "unless": return .unless
            case "atan2": return .atan2
            default: return nil
            }
        default: return nil
        }
    }

    mutating func parseBinary(minPrecedence: Int) throws(PromQLError) -> Node {
        try enter(at: tok.start)
        defer { depth -= 1 }
        var lhs = try parseUnary()
        while let op = binaryOp(tok), op.precedence >= minPrecedence {
            let opTok = advance()
            var boolStart: Int?
            if isKeyword("bool") {
                boolStart = advance().start
            }
            var matching: VectorMatching?
            var matchingStart = 0
            var groupStart = 0
            if let kw = keyword(tok), kw == "on" || kw == "ignoring" {
                matchingStart = advance().start
                let labels = try parseLabelList(context: "grouping opts")
                matching = VectorMatching(kind: kw == "on" ? .on : .ignoring, labels: labels)
                if let g = keyword(tok), g == "group_left" || g == "group_right" {
                    groupStart = advance().start
                    var include: [String] = []
                    if tok.kind == .leftParen {
                        include = try parseLabelList(context: "grouping opts")
                    }
                    matching?.group = g == "group_left" ? .left(include) : .right(include)
                }
            } else if let g = keyword(tok), g == "group_left" || g == "group_right" {
                throw error("\(g) must be preceded by on(…) or ignoring(…)", at: tok.start)
            }
            let rhs = try parseBinary(minPrecedence: op.isRightAssociative ? op.precedence : op.precedence + 1)
            lhs = try makeBinary(
                op: op, opTok: opTok, lhs: lhs, rhs: rhs, boolStart: boolStart,
                matching: matching, matchingStart: matchingStart, groupStart: groupStart)
        }
        return lhs
    }

    func makeBinary(
        op: BinaryOp, opTok: Token, lhs: Node, rhs: Node, boolStart: Int?,
        matching: VectorMatching?, matchingStart: Int, groupStart: Int
    ) throws(PromQLError) -> Node {
        let lt = lhs.type
        let rt = rhs.type
        if let boolStart, !op.isComparison {
            throw error("bool modifier can only be used on comparison operators", at: boolStart)
        }
        if lt != .scalar && lt != .instantVector {
            throw error("binary expression must contain only scalar and instant vector types (left operand is a \(lt))", at: lhs.start)
        }
        if rt != .scalar && rt != .instantVector {
            throw error("binary expression must contain only scalar and instant vector types (right operand is a \(rt))", at: rhs.start)
        }
        if op.isComparison && boolStart == nil && lt == .scalar && rt == .scalar {
            throw error("comparisons between scalars must use BOOL modifier", at: opTok.start)
        }
        if let m = matching, m.kind == .on, let g = m.group {
            for l in m.labels where g.labels.contains(l) {
                throw error("label \"\(l)\" must not occur in ON and GROUP clause at once", at: groupStart)
            }
        }
        if let m = matching, lt != .instantVector || rt != .instantVector, !m.labels.isEmpty {
            throw error("vector matching only allowed between instant vectors", at: matchingStart)
        }
        if op.isSetOperator {
            if lt == .scalar || rt == .scalar {
                throw error("set operator \"\(op.rawValue)\" not allowed in binary scalar expression", at: opTok.start)
            }
            if matching?.group != nil {
                throw error("no grouping allowed for \"\(op.rawValue)\" operation", at: groupStart)
            }
        }
        let height = max(lhs.height, rhs.height) + 1
        try checkHeight(height, at: opTok.start)
        let expr = Expr.binary(BinaryExpr(op: op, lhs: lhs.expr, rhs: rhs.expr, returnBool: boolStart != nil, matching: matching))
        let type: ValueType = (lt == .scalar && rt == .scalar) ? .scalar : .instantVector
        return Node(expr: expr, start: lhs.start, height: height, type: type)
    }

    mutating func parseUnary() throws(PromQLError) -> Node {
        if tok.kind == .minus || tok.kind == .plus {
            let t = advance()
            let op: UnaryOp = t.kind == .minus ? .minus : .plus
            // Unary operators bind like `*`: the operand takes `^` chains only.
            let operand = try parseBinary(minPrecedence: BinaryOp.pow.precedence)
            if case .number(let v) = operand.expr {
                return Node(expr: .number(op == .minus ? -v : v), start: t.start, height: operand.height, type: .scalar)
            }
            if operand.type != .scalar && operand.type != .instantVector {
                throw error("unary expression only allowed on expressions of type scalar or instant vector, got \(operand.type)", at: t.start)
            }
            try checkHeight(operand.height + 1, at: t.start)
            return Node(expr: .unary(op, operand.expr), start: t.start, height: operand.height + 1, type: operand.type)
        }
        let primary = try parsePrimary()
        return try parsePostfix(primary)
    }

    static let nonMetricKeywords: Set<String> = ["bool", "on", "ignoring", "group_left", "group_right", "atan2"]

    mutating func parsePrimary() throws(PromQLError) -> Node {
        let t = tok
        switch t.kind {
        case .number(let v):
            advance()
            return Node(expr: .number(v), start: t.start, height: 1, type: .scalar)
        case .duration(let d):
            guard options.durationsAsNumbers else { throw durationAsNumber(t, d) }
            advance()
            return Node(expr: .number(d.seconds), start: t.start, height: 1, type: .scalar)
        case .string(let s):
            advance()
            return Node(expr: .string(s), start: t.start, height: 1, type: .string)
        case .leftParen:
            advance()
            if tok.kind == .rightParen { throw unexpected(tok, expected: "expression") }
            let inner = try parseExpr()
            if tok.kind == .eof { throw error("unclosed left parenthesis", at: t.start) }
            if tok.kind != .rightParen { throw unexpected(tok, expected: "\")\"") }
            advance()
            try checkHeight(inner.height + 1, at: t.start)
            return Node(expr: .paren(inner.expr), start: t.start, height: inner.height + 1, type: inner.type)
        case .leftBrace:
            return try parseSelector(nameTok: nil)
        case .identifier(let name):
            let lower = name.lowercased()
            if lower == "inf" || lower == "nan" {
                advance()
                return Node(expr: .number(lower == "inf" ? .infinity : .nan), start: t.start, height: 1, type: .scalar)
            }
            if let agg = AggregateOp(rawValue: lower) {
                let next = peekKind(1)
                var isAggregation = next == .leftParen
                if case .identifier(let w) = next, ["by", "without"].contains(w.lowercased()) { isAggregation = true }
                if isAggregation { return try parseAggregate(agg) }
            }
            if peekKind(1) == .leftParen { return try parseCall() }
            if Parser.nonMetricKeywords.contains(lower) {
                throw error("unexpected keyword \"\(lower)\"", at: t.start)
            }
            advance()
            return try parseSelector(nameTok: t)
        case .eof:
            throw unexpected(t, expected: "expression")
        default:
            throw unexpected(t, expected: "expression")
        }
    }

    // MARK: - Postfix: ranges, subqueries, offset, @

    mutating func parsePostfix(_ node: Node) throws(PromQLError) -> Node {
        var n = node
        while true {
            if tok.kind == .leftBracket {
                n = try parseRangeOrSubquery(n)
            } else if isKeyword("offset") {
                n = try parseOffset(n)
            } else if tok.kind == .at {
                n = try parseAt(n)
            } else {
                return n
            }
        }
    }

    mutating func durationLiteral(context: String, open: Token?) throws(PromQLError) -> PromDuration {
        let t = tok
        switch t.kind {
        case .duration(let d):
            advance()
            return d
        case .number(let v):
            guard options.durationsAsNumbers else {
                throw error(
                    "a number used as a duration (\(src.text(t))); Prometheus reads it only from 2.54 on: write it with a unit, e.g. \(PromDuration(seconds: v).map { "\($0)" } ?? "5m")",
                    at: t.start)
            }
            advance()
            guard let d = PromDuration(seconds: v) else { throw error("duration out of range", at: t.start) }
            return d
        case .eof:
            if let open { throw error("unclosed left bracket", at: open.start) }
            throw unexpected(t, in: context, expected: "number or duration")
        default:
            throw unexpected(t, in: context, expected: "number or duration")
        }
    }

    mutating func parseRangeOrSubquery(_ node: Node) throws(PromQLError) -> Node {
        let open = advance()
        let rangeTok = tok
        let range = try durationLiteral(context: "subquery or range", open: open)
        if tok.kind == .rightBracket {
            advance()
            guard case .vectorSelector(let vs) = node.expr else {
                throw error("ranges only allowed for vector selectors", at: open.start)
            }
            if vs.offset != nil { throw error("no offset modifiers allowed before range", at: open.start) }
            if vs.at != nil { throw error("no @ modifiers allowed before range", at: open.start) }
            if range.milliseconds <= 0 { throw error("range must be greater than 0s", at: rangeTok.start) }
            return Node(
                expr: .matrixSelector(MatrixSelector(selector: vs, range: range)), start: node.start,
                height: node.height, type: .rangeVector)
        }
        if tok.kind == .colon {
            advance()
            var step: PromDuration?
            if tok.kind != .rightBracket {
                step = try durationLiteral(context: "subquery selector", open: open)
            }
            if tok.kind == .eof { throw error("unclosed left bracket", at: open.start) }
            if tok.kind != .rightBracket { throw unexpected(tok, in: "subquery selector", expected: "\"]\"") }
            advance()
            if node.type != .instantVector {
                throw error("subquery is only allowed on instant vector, got \(node.type)", at: open.start)
            }
            if range.milliseconds <= 0 { throw error("subquery range must be greater than 0s", at: rangeTok.start) }
            if let step, step.milliseconds < 0 { throw error("subquery step must not be negative", at: rangeTok.start) }
            try checkHeight(node.height + 1, at: open.start)
            return Node(
                expr: .subquery(SubqueryExpr(expr: node.expr, range: range, step: step)), start: node.start,
                height: node.height + 1, type: .rangeVector)
        }
        if tok.kind == .eof { throw error("unclosed left bracket", at: open.start) }
        throw unexpected(tok, in: "subquery or range", expected: "\":\" or \"]\"")
    }

    static let modifierTargetMessage = "must be preceded by an instant vector selector or range vector selector or a subquery"

    mutating func parseOffset(_ node: Node) throws(PromQLError) -> Node {
        let offTok = advance()
        var negative = false
        if tok.kind == .minus {
            advance()
            negative = true
        }
        let d = try durationLiteral(context: "offset", open: nil)
        let value = negative ? PromDuration(milliseconds: -d.milliseconds) : d
        var n = node
        let twice = "offset may not be set multiple times"
        switch node.expr {
        case .vectorSelector(var vs):
            if vs.offset != nil { throw error(twice, at: offTok.start) }
            vs.offset = value
            n.expr = .vectorSelector(vs)
        case .matrixSelector(var ms):
            if ms.selector.offset != nil { throw error(twice, at: offTok.start) }
            ms.selector.offset = value
            n.expr = .matrixSelector(ms)
        case .subquery(var sq):
            if sq.offset != nil { throw error(twice, at: offTok.start) }
            sq.offset = value
            n.expr = .subquery(sq)
        default:
            throw error("offset modifier \(Parser.modifierTargetMessage)", at: offTok.start)
        }
        return n
    }

    mutating func parseAt(_ node: Node) throws(PromQLError) -> Node {
        let atTok = advance()
        var value: AtModifier
        if let kw = keyword(tok), kw == "start" || kw == "end" {
            advance()
            guard tok.kind == .leftParen else { throw unexpected(tok, in: "@ modifier", expected: "\"(\"") }
            advance()
            guard tok.kind == .rightParen else { throw unexpected(tok, in: "@ modifier", expected: "\")\"") }
            advance()
            value = kw == "start" ? .start : .end
        } else {
            var sign = 1.0
            if tok.kind == .minus || tok.kind == .plus {
                if tok.kind == .minus { sign = -1 }
                advance()
            }
            let t = tok
            let v: Double
            switch t.kind {
            case .number(let x): v = x
            case .duration(let d):
                guard options.durationsAsNumbers else { throw durationAsNumber(t, d) }
                v = d.seconds
            case .identifier(let s) where ["inf", "nan"].contains(s.lowercased()):
                throw error("timestamp out of bounds for @ modifier: \(s)", at: t.start)
            default:
                throw unexpected(t, in: "@ modifier", expected: "timestamp, start() or end()")
            }
            advance()
            let ts = sign * v
            // Prometheus stores milliseconds in an int64.
            guard ts.isFinite, abs(ts) < 9.2e15 else {
                throw error("timestamp out of bounds for @ modifier: \(Printer.number(ts))", at: t.start)
            }
            value = .timestamp(ts)
        }
        var n = node
        let twice = "@ <timestamp> may not be set multiple times"
        switch node.expr {
        case .vectorSelector(var vs):
            if vs.at != nil { throw error(twice, at: atTok.start) }
            vs.at = value
            n.expr = .vectorSelector(vs)
        case .matrixSelector(var ms):
            if ms.selector.at != nil { throw error(twice, at: atTok.start) }
            ms.selector.at = value
            n.expr = .matrixSelector(ms)
        case .subquery(var sq):
            if sq.at != nil { throw error(twice, at: atTok.start) }
            sq.at = value
            n.expr = .subquery(sq)
        default:
            throw error("@ modifier \(Parser.modifierTargetMessage)", at: atTok.start)
        }
        return n
    }

    // MARK: - Selectors

    mutating func parseSelector(nameTok: Token?) throws(PromQLError) -> Node {
        var metricName: String?
        if let nameTok, case .identifier(let name) = nameTok.kind {
            metricName = name
        }
        let start = nameTok?.start ?? tok.start
        var matchers: [LabelMatcher] = []
        if tok.kind == .leftBrace {
            let open = advance()
            while true {
                if tok.kind == .rightBrace {
                    advance()
                    break
                }
                let labelTok = tok
                var label: String
                switch labelTok.kind {
                case .identifier(let s):
                    guard PromQL.isValidLabelName(s) else {
                        throw error("invalid label name \"\(s)\"", at: labelTok.start)
                    }
                    label = s
                    advance()
                case .string(let s):
                    advance()
                    if tok.kind == .comma || tok.kind == .rightBrace {
                        // Prometheus 3 quoted metric name: {"my.metric"}
                        if let metricName {
                            throw error("metric name must not be set twice: \(PromQL.quote(metricName)) or \(PromQL.quote(s))", at: labelTok.start)
                        }
                        if s.isEmpty { throw error("metric name must not be empty", at: labelTok.start) }
                        metricName = s
                        if tok.kind == .comma { advance() }
                        continue
                    }
                    if s.isEmpty { throw error("label name must not be empty", at: labelTok.start) }
                    label = s
                case .eof:
                    throw error("unclosed left brace", at: open.start)
                default:
                    throw unexpected(labelTok, in: "label matching", expected: "label name or \"}\"")
                }
                let opTok = tok
                let op: MatchOp
                switch opTok.kind {
                case .assign: op = .equal
                case .notEqual: op = .notEqual
                case .regexMatch: op = .regexMatch
                case .regexNoMatch: op = .regexNoMatch
                case .equalEqual:
                    throw error("unexpected \"==\" in label matching, expected \"=\"", at: opTok.start)
                case .eof:
                    throw error("unclosed left brace", at: open.start)
                default:
                    throw unexpected(opTok, in: "label matching", expected: "label matching operator")
                }
                advance()
                let valueTok = tok
                guard case .string(let value) = valueTok.kind else {
                    if valueTok.kind == .eof { throw error("unclosed left brace", at: open.start) }
                    throw unexpected(valueTok, in: "label matching", expected: "string")
                }
                advance()
                if op.isRegex, let problem = RegexCheck.check(value) {
                    throw error(
                        "invalid regular expression \(PromQL.quote(value)): \(problem.message)",
                        at: index(ofScalar: problem.offset, inStringAt: valueTok.start))
                }
                if label == "__name__", op == .equal, let metricName {
                    throw error("metric name must not be set twice: \(PromQL.quote(metricName)) or \(PromQL.quote(value))", at: labelTok.start)
                }
                matchers.append(LabelMatcher(name: label, op: op, value: value))
                switch tok.kind {
                case .comma:
                    advance()
                case .rightBrace:
                    continue
                case .eof:
                    throw error("unclosed left brace", at: open.start)
                default:
                    throw unexpected(tok, in: "label matching", expected: "\",\" or \"}\"")
                }
            }
        }
        if metricName == nil && !matchers.contains(where: Parser.isNonEmpty) {
            throw error("vector selector must contain at least one non-empty matcher", at: start)
        }
        let vs = VectorSelector(metricName: metricName, matchers: matchers, location: src.location(ofScalar: start))
        return Node(expr: .vectorSelector(vs), start: start, height: 1, type: .instantVector)
    }

    /// The source index of the `k`-th scalar of the value of the string literal starting at `start` (its
    /// quote), so a problem inside a regular expression points at the place in the text. An escape counts
    /// as the one scalar it stands for.
    func index(ofScalar k: Int, inStringAt start: Int) -> Int {
        let s = src.scalars
        guard start < s.count else { return start }
        let quote = s[start]
        var j = start + 1
        var n = 0
        while j < s.count, n < k, s[j] != quote {
            if quote != "`", s[j] == "\\", j + 1 < s.count {
                switch s[j + 1] {
                case "x": j += 4
                case "u": j += 6
                case "U": j += 10
                case "0"..."7": j += 4
                default: j += 2
                }
            } else {
                j += 1
            }
            n += 1
        }
        return min(j, s.count)
    }

    /// A matcher that does not match the empty label value.
    static func isNonEmpty(_ m: LabelMatcher) -> Bool {
        switch m.op {
        case .equal: return !m.value.isEmpty
        case .notEqual: return m.value.isEmpty
        case .regexMatch: return !(RegexCheck.matchesEmpty(m.value) ?? true)
        case .regexNoMatch: return RegexCheck.matchesEmpty(m.value) ?? false
        }
    }

    // MARK: - Grouping labels

    mutating func parseLabelList(context: String) throws(PromQLError) -> [String] {
        guard tok.kind == .leftParen else { throw unexpected(tok, in: context, expected: "\"(\"") }
        let open = advance()
        var labels: [String] = []
        while true {
            let t = tok
            switch t.kind {
            case .rightParen:
                advance()
                return labels
            case .identifier(let s):
                guard PromQL.isValidLabelName(s) else {
                    throw error("invalid label name for grouping: \"\(s)\"", at: t.start)
                }
                labels.append(s)
                advance()
            case .string(let s):
                guard !s.isEmpty else { throw error("invalid label name for grouping: \"\"", at: t.start) }
                labels.append(s)
                advance()
            case .eof:
                throw error("unclosed left parenthesis", at: open.start)
            default:
                throw unexpected(t, in: context, expected: "label")
            }
            switch tok.kind {
            case .comma: advance()
            case .rightParen: continue
            case .eof: throw error("unclosed left parenthesis", at: open.start)
            default: throw unexpected(tok, in: context, expected: "\",\" or \")\"")
            }
        }
    }

    // MARK: - Calls and aggregations

    mutating func parseArgs(context: String) throws(PromQLError) -> (args: [Node], close: Token) {
        let open = advance()  // "("
        var args: [Node] = []
        if tok.kind == .rightParen { return ([], advance()) }
        while true {
            if tok.kind == .eof { throw error("unclosed left parenthesis", at: open.start) }
            args.append(try parseExpr())
            switch tok.kind {
            case .comma:
                let comma = advance()
                if tok.kind == .rightParen {
                    throw error("trailing commas not allowed in function call args", at: comma.start)
                }
            case .rightParen:
                return (args, advance())
            case .eof:
                throw error("unclosed left parenthesis", at: open.start)
            default:
                throw unexpected(tok, in: context, expected: "\",\" or \")\"")
            }
        }
    }

    func expectType(_ node: Node, _ want: ValueType, context: String) throws(PromQLError) {
        if node.type != want {
            throw error("expected type \(want) in \(context), got \(node.type)", at: node.start)
        }
    }

    mutating func parseCall() throws(PromQLError) -> Node {
        let nameTok = advance()
        guard case .identifier(let name) = nameTok.kind else { throw unexpected(nameTok) }
        guard let fn = PromQLFunction.table[name] else {
            var msg = "unknown function \"\(name)\""
            if let s = Parser.suggestion(for: name) { msg += " (did you mean \"\(s)\"?)" }
            throw error(msg, at: nameTok.start)
        }
        if fn.experimental && !options.experimentalFunctions {
            throw error("function \"\(name)\" is experimental and not enabled", at: nameTok.start)
        }
        if let removed = fn.removedIn, !options.removedFunctions {
            var msg = "function \"\(name)\" was removed in Prometheus \(removed)"
            if let r = fn.replacement { msg += "; use \(r) instead" }
            throw error(msg, at: nameTok.start)
        }
        let (args, _) = try parseArgs(context: "call to function \"\(name)\"")
        if args.count < fn.minArgs {
            let qualifier = fn.maxArgs == fn.minArgs ? "" : "at least "
            throw error("expected \(qualifier)\(fn.minArgs) argument(s) in call to \"\(name)\", got \(args.count)", at: nameTok.start)
        }
        if let maxArgs = fn.maxArgs, args.count > maxArgs {
            let qualifier = maxArgs == fn.minArgs ? "" : "at most "
            throw error("expected \(qualifier)\(maxArgs) argument(s) in call to \"\(name)\", got \(args.count)", at: args[maxArgs].start)
        }
        var height = 1
        for (i, arg) in args.enumerated() {
            if let want = fn.argType(at: i) {
                try expectType(arg, want, context: "call to function \"\(name)\"")
            }
            height = max(height, arg.height + 1)
        }
        try checkHeight(height, at: nameTok.start)
        return Node(expr: .call(Call(name: name, args: args.map(\.expr))), start: nameTok.start, height: height, type: fn.returnType)
    }

    mutating func parseGrouping() throws(PromQLError) -> Grouping? {
        guard let kw = keyword(tok), kw == "by" || kw == "without" else { return nil }
        advance()
        let labels = try parseLabelList(context: "grouping opts")
        return kw == "by" ? .by(labels) : .without(labels)
    }

    mutating func parseAggregate(_ op: AggregateOp) throws(PromQLError) -> Node {
        let opTok = advance()
        if op.isExperimental && !options.experimentalFunctions {
            throw error("aggregation \"\(op.rawValue)\" is experimental and not enabled", at: opTok.start)
        }
        var grouping = try parseGrouping()
        guard tok.kind == .leftParen else {
            throw unexpected(tok, in: "aggregation", expected: "\"(\"")
        }
        let (args, _) = try parseArgs(context: "aggregation")
        if grouping == nil {
            grouping = try parseGrouping()
        }
        let expected = op.hasParameter ? 2 : 1
        if args.count != expected {
            throw error("wrong number of arguments for aggregate expression provided, expected \(expected), got \(args.count)", at: opTok.start)
        }
        var param: Node?
        if op.hasParameter, let want = op.parameterType {
            try expectType(args[0], want, context: "aggregation parameter")
            param = args[0]
        }
        let inner = args[args.count - 1]
        try expectType(inner, .instantVector, context: "aggregation expression")
        let height = max(inner.height, param?.height ?? 0) + 1
        try checkHeight(height, at: opTok.start)
        let agg = AggregateExpr(op: op, param: param?.expr, expr: inner.expr, grouping: grouping)
        return Node(expr: .aggregate(agg), start: opTok.start, height: height, type: .instantVector)
    }

    // MARK: - Suggestions

    static func suggestion(for name: String) -> String? {
        let lower = name.lowercased()
        if PromQLFunction.table[lower] != nil { return lower }
        var best: (String, Int)?
        for f in PromQLFunction.all {
            let d = editDistance(lower, f.name)
            if d <= 2, d < (best?.1 ?? Int.max) { best = (f.name, d) }
        }
        return best?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8.prefix(64))
        let y = Array(b.utf8.prefix(64))
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }
}
