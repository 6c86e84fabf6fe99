/// One entry of the PromQL function table.
///
/// Mirrors `promql/parser/functions.go` of prometheus/prometheus (3.x):
/// `argTypes` lists the parameter types; `variadic` follows Prometheus' convention:
/// - `0`: exactly `argTypes.count` arguments,
/// - `n > 0`: the last parameter is optional and may be repeated, so between
///   `argTypes.count - 1` and `argTypes.count - 1 + n` arguments,
/// - `-1`: at least `argTypes.count - 1` arguments, extra ones have the last type.
public struct PromQLFunction: Equatable, Hashable, Sendable {
    public var name: String
    public var argTypes: [ValueType]
    public var variadic: Int
    public var returnType: ValueType
    /// Needs `--enable-feature=promql-experimental-functions` in Prometheus 3.
    public var experimental: Bool
    /// Set for functions that no longer exist in current Prometheus releases (e.g. `holt_winters`).
    public var removedIn: String?
    /// Suggested replacement for removed functions.
    public var replacement: String?

    public init(
        name: String, argTypes: [ValueType], variadic: Int = 0, returnType: ValueType = .instantVector,
        experimental: Bool = false, removedIn: String? = nil, replacement: String? = nil
    ) {
        self.name = name
        self.argTypes = argTypes
        self.variadic = variadic
        self.returnType = returnType
        self.experimental = experimental
        self.removedIn = removedIn
        self.replacement = replacement
    }

    /// Minimum number of arguments.
    public var minArgs: Int { variadic == 0 ? argTypes.count : max(0, argTypes.count - 1) }
    /// Maximum number of arguments, nil when unbounded.
    public var maxArgs: Int? {
        if variadic == 0 { return argTypes.count }
        if variadic < 0 { return nil }
        return max(0, argTypes.count - 1) + variadic
    }

    /// Expected type of the argument at `index` (nil when past the maximum).
    public func argType(at index: Int) -> ValueType? {
        if index < argTypes.count { return argTypes[index] }
        if variadic == 0 { return nil }
        if let maxArgs, index >= maxArgs { return nil }
        return argTypes.last
    }

    /// The full function table, keyed by name.
    public static let table: [String: PromQLFunction] = {
        var t: [String: PromQLFunction] = [:]
        for f in all { t[f.name] = f }
        return t
    }()

    /// All functions, alphabetical.
    public static let all: [PromQLFunction] = {
        let v: ValueType = .instantVector
        let m: ValueType = .rangeVector
        let s: ValueType = .scalar
        let str: ValueType = .string
        var list: [PromQLFunction] = []
        func add(
            _ name: String, _ args: [ValueType], variadic: Int = 0, returns: ValueType = .instantVector,
            experimental: Bool = false, removedIn: String? = nil, replacement: String? = nil
        ) {
            list.append(
                PromQLFunction(
                    name: name, argTypes: args, variadic: variadic, returnType: returns,
                    experimental: experimental, removedIn: removedIn, replacement: replacement))
        }
        // Element-wise math on instant vectors.
        for name in [
            "abs", "ceil", "floor", "exp", "ln", "log2", "log10", "sqrt", "sgn",
            "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh",
            "sin", "sinh", "tan", "tanh", "deg", "rad", "timestamp", "sort", "sort_desc",
            "histogram_avg", "histogram_count", "histogram_sum", "histogram_stddev", "histogram_stdvar",
            "absent"
        ] {
            add(name, [v])
        }
        // Range-vector functions returning instant vectors.
        for name in [
            "rate", "irate", "increase", "delta", "idelta", "deriv", "changes", "resets",
            "avg_over_time", "count_over_time", "last_over_time", "max_over_time", "min_over_time",
            "present_over_time", "stddev_over_time", "stdvar_over_time", "sum_over_time",
            "absent_over_time"
        ] {
            add(name, [m])
        }
        for name in [
            "mad_over_time", "first_over_time", "ts_of_first_over_time", "ts_of_last_over_time",
            "ts_of_max_over_time", "ts_of_min_over_time"
        ] {
            add(name, [m], experimental: true)
        }
        // Date functions: optional instant vector argument (default `vector(time())`).
        for name in ["day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year"] {
            add(name, [v], variadic: 1)
        }
        add("clamp", [v, s, s])
        add("clamp_max", [v, s])
        add("clamp_min", [v, s])
        add("round", [v, s], variadic: 1)
        add("predict_linear", [m, s])
        add("quantile_over_time", [s, m])
        add("histogram_quantile", [s, v])
        add("histogram_fraction", [s, s, v])
        add("histogram_quantiles", [v, str, s, s], variadic: 9, experimental: true)
        add("double_exponential_smoothing", [m, s, s], experimental: true)
        add("holt_winters", [m, s, s], removedIn: "3.0", replacement: "double_exponential_smoothing")
        add("label_replace", [v, str, str, str, str])
        add("label_join", [v, str, str, str], variadic: -1)
        add("sort_by_label", [v, str], variadic: -1, experimental: true)
        add("sort_by_label_desc", [v, str], variadic: -1, experimental: true)
        add("info", [v, v], variadic: 1, experimental: true)
        add("integral", [m, s], variadic: 1, experimental: true)
        add("scalar", [v], returns: .scalar)
        add("vector", [s])
        add("time", [], returns: .scalar)
        add("pi", [], returns: .scalar)
        return list.sorted { $0.name < $1.name }
    }()
}
