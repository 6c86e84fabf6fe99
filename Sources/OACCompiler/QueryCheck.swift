import OACPromQL

/// Free PromQL in the catalog (`threshold.query`) goes through the full parser and type checker.
enum QueryCheck {
    struct Problem {
        var message: String
        var line: Int
        var column: Int
    }

    /// nil when the query parses and is an instant vector (what a threshold SLI compares each evaluation).
    static func check(_ query: String) -> Problem? { checked(query).problem }

    /// The check, with the parsed expression when the query parses (whether or not it is an instant vector).
    static func checked(_ query: String) -> (expr: Expr?, problem: Problem?) {
        do {
            let expr = try PromQL.parse(query)
            switch expr.valueType {
            case .instantVector:
                return (expr, nil)
            default:
                return (expr, Problem(message: "the query must return an instant vector, but returns a \(expr.valueType)",
                                      line: 1, column: 1))
            }
        } catch {
            return (nil, Problem(message: error.message, line: error.line, column: error.column))
        }
    }
}
