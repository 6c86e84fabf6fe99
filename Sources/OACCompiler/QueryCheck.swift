import OACPromQL

/// Free PromQL in the catalog (`threshold.query`) goes through the full parser and type checker.
enum QueryCheck {
    struct Problem {
        var message: String
        var line: Int
        var column: Int
        /// The query parses with a newer Prometheus than the platform's (durations as numbers).
        var needsNewerPrometheus = false
    }

    /// nil when the query parses and is an instant vector (what a threshold SLI compares each evaluation).
    static func check(_ query: String, options: PromQL.Options = .default) -> Problem? { checked(query, options: options).problem }

    /// The check, with the parsed expression when the query parses (whether or not it is an instant vector).
    /// `options` are those of the platform's Prometheus (`durationsAsNumbers` off before 2.54); the expression
    /// returned is always the parse with the default options (the one lint's rules read again).
    static func checked(_ query: String, options: PromQL.Options = .default) -> (expr: Expr?, problem: Problem?) {
        do {
            let expr = try PromQL.parse(query)
            if options != .default {
                do { _ = try PromQL.parse(query, options: options) } catch {
                    return (
                        expr,
                        Problem(
                            message: error.message, line: error.line, column: error.column,
                            needsNewerPrometheus: true)
                    )
                }
            }
            switch expr.valueType {
            case .instantVector:
                return (expr, nil)
            default:
                return (
                    expr,
                    Problem(
                        message: "the query must return an instant vector, but returns a \(expr.valueType)",
                        line: 1, column: 1)
                )
            }
        } catch {
            return (nil, Problem(message: error.message, line: error.line, column: error.column))
        }
    }
}
