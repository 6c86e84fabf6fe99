import Foundation
import OACCatalog
import OACCompiler
import OACModel
import OACPipeline
import OACPromQL
import OACReport

/// Fuzz targets for the catalog pipeline and the PromQL parser.
///
/// Built with libFuzzer (`scripts/fuzz.sh`: `-sanitize=fuzzer` and `-DOAC_LIBFUZZER`), `OAC_FUZZ_TARGET`
/// picks the target (`catalog` or `promql`). Built normally, it replays files given as arguments through
/// the same targets (how a crashing input is reproduced and kept as a regression).
enum FuzzTargets {
    static func run(_ target: String, _ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch target {
        case "promql":
            if let expr = try? PromQL.parse(text) {
                // The printer must produce text the parser accepts again, with the same tree.
                let printed = expr.description
                guard let again = try? PromQL.parse(printed), again == expr else {
                    fatalError("round trip failed: \(text.debugDescription) printed as \(printed.debugDescription)")
                }
            }
        case "snapshot":
            // A snapshot that decodes re-encodes to one that decodes to the same value.
            if let snapshot = try? Snapshot.decode(Data(bytes)) {
                guard let again = try? Snapshot.decode(Data(snapshot.encoded().utf8)), again == snapshot else {
                    fatalError("snapshot round trip failed: \(text.debugDescription)")
                }
            }
        case "pagerduty":
            _ = PagerDutyCSV.parse(text, path: "fuzz.csv", model: model)
        case "prometheus":
            PrometheusClient.decodeAnswer(Data(bytes), quarter: Quarter(parsing: "2026-Q3")!)
        default:
            _ = Pipeline.compile([SourceFile(path: "fuzz.yaml", contents: text)])
        }
    }

    /// The model PagerDuty rows are joined with: the smallest catalog (one service, `checkout-api`).
    nonisolated(unsafe) static let model: Model = {
        let text = (try? String(contentsOfFile: "catalog/minimal/catalog.yaml", encoding: .utf8)) ?? minimalCatalog
        return Compiler.check([SourceFile(path: "catalog.yaml", contents: text)]).model!
    }()

    static let minimalCatalog = """
        apiVersion: oac/v1
        kind: Platform
        metadata: {name: fuzz}
        spec:
          prometheus: {version: "2.42", scrapeInterval: 1m, evaluationInterval: 1m, retention: 30d}
          regions: [{name: local, shards: 1, address: "prometheus-{shard}:9090"}]
          retentionTiers:
            - {name: standard, metrics: {local: 15d, raw: 30d, downsampled5m: 90d, downsampled1h: 1y}, logs: 14d}
          alerting: {owner: web}
        ---
        apiVersion: oac/v1
        kind: Team
        metadata: {name: web}
        spec: {page: {pagerduty: {routingKeyFile: /etc/am/key}}}
        """

    static var target: String { ProcessInfo.processInfo.environment["OAC_FUZZ_TARGET"] ?? "catalog" }
}

#if OAC_LIBFUZZER
    // swift-format-ignore: AlwaysUseLowerCamelCase
    // libFuzzer's C entry point keeps its C name.
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        FuzzTargets.run(FuzzTargets.target, bytes)
        return 0
    }

    /// SwiftPM links an executable's entry point as `<target>_main`; hand control to libFuzzer's driver.
    @_cdecl("oac_fuzz_main")
    func oacFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var values = argv
        return LLVMFuzzerRunDriver(&count, &values, fuzzOne)
    }
#else
    @main
    struct FuzzReplay {
        static func main() {
            let files = CommandLine.arguments.dropFirst()
            if files.isEmpty {
                print(
                    "usage: OAC_FUZZ_TARGET=catalog|promql|snapshot|pagerduty|prometheus oac-fuzz FILE...  (replays inputs; build with scripts/fuzz.sh to fuzz)"
                )
                return
            }
            for path in files {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                FuzzTargets.run(FuzzTargets.target, [UInt8](data))
            }
            print("replayed \(files.count) input(s) through \(FuzzTargets.target): no crash")
        }
    }
#endif
