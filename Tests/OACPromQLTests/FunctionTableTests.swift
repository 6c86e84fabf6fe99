import Testing

@testable import OACPromQL

@Suite("Function table")
struct FunctionTableTests {
    @Test("the table matches Prometheus' signatures for common functions")
    func signatures() throws {
        let t = PromQL.functions
        #expect(t["rate"]?.argTypes == [.rangeVector])
        #expect(t["histogram_quantile"]?.argTypes == [.scalar, .instantVector])
        #expect(t["histogram_fraction"]?.argTypes == [.scalar, .scalar, .instantVector])
        #expect(t["label_replace"]?.argTypes == [.instantVector, .string, .string, .string, .string])
        #expect(t["label_join"]?.minArgs == 3)
        #expect(t["label_join"]?.maxArgs == nil)
        #expect(t["round"]?.minArgs == 1)
        #expect(t["round"]?.maxArgs == 2)
        #expect(t["hour"]?.minArgs == 0)
        #expect(t["hour"]?.maxArgs == 1)
        #expect(t["time"]?.returnType == .scalar)
        #expect(t["scalar"]?.returnType == .scalar)
        #expect(t["vector"]?.argTypes == [.scalar])
        #expect(t["quantile_over_time"]?.argTypes == [.scalar, .rangeVector])
        #expect(t["predict_linear"]?.argTypes == [.rangeVector, .scalar])
        #expect(t["clamp"]?.argTypes == [.instantVector, .scalar, .scalar])
        #expect(t["info"]?.experimental == true)
        #expect(t["info"]?.maxArgs == 2)
        #expect(t["sort_by_label"]?.experimental == true)
        #expect(t["mad_over_time"]?.experimental == true)
        #expect(t["double_exponential_smoothing"]?.experimental == true)
        #expect(t["holt_winters"]?.removedIn == "3.0")
        #expect(t["rate"]?.experimental == false)
    }

    @Test("every function in the table can be called with its minimum arguments")
    func everyFunctionParses() throws {
        for f in PromQLFunction.all {
            let args = (0..<f.minArgs).map { i -> String in
                switch f.argType(at: i) {
                case .scalar: return "1"
                case .instantVector: return "x"
                case .rangeVector: return "x[5m]"
                case .string: return "\"a\""
                case nil: return "?"
                }
            }
            let e = try PromQL.parse("\(f.name)(\(args.joined(separator: ", ")))")
            #expect(e.valueType == f.returnType, "\(f.name)")
        }
        #expect(PromQLFunction.all.count >= 80)
    }

    @Test("the names the brief lists are all present")
    func requiredNames() {
        let names = """
            rate irate increase delta idelta deriv predict_linear histogram_quantile histogram_count histogram_sum
            histogram_fraction histogram_avg histogram_stddev histogram_stdvar label_replace label_join sum_over_time
            avg_over_time count_over_time min_over_time max_over_time quantile_over_time stddev_over_time stdvar_over_time
            last_over_time present_over_time absent absent_over_time changes resets clamp clamp_min clamp_max abs ceil
            floor round exp ln log2 log10 sqrt sgn scalar vector time timestamp minute hour day_of_month day_of_week
            day_of_year days_in_month month year sort sort_desc sort_by_label sort_by_label_desc acos acosh asin asinh
            atan atanh cos cosh sin sinh tan tanh deg rad pi holt_winters double_exponential_smoothing mad_over_time info
            """.split(whereSeparator: \.isWhitespace).map(String.init)
        for n in names { #expect(PromQL.functions[n] != nil, "\(n)") }
    }

    @Test("aggregation operators know their parameters")
    func aggregations() {
        #expect(AggregateOp.allCases.count == 14)
        #expect(AggregateOp.topk.parameterType == .scalar)
        #expect(AggregateOp.countValues.parameterType == .string)
        #expect(AggregateOp.sum.parameterType == nil)
        #expect(AggregateOp.limitRatio.isExperimental)
    }
}
