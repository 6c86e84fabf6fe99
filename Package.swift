// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "oac",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "oac", targets: ["oac"]),
        // The whole compiler as a library: the translator (catalog → model) and the pipeline that renders it.
        .library(name: "OACCompiler", targets: ["OACCompiler", "OACPipeline"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Exact: OACCatalog composes libyaml events through Yams' internal `CYaml` module (FastYAML.swift), which
        // is not Yams' public API and may change in any release. Raise this only with FastYAMLTests passing.
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0")
    ],
    targets: [
        // MARK: - Support layer (every module may import it; it imports nothing of ours)
        // YAML text and builder, the JSON writer, XML escaping, parallel slots / once / memo.
        .target(name: "OACSupport"),
        // SHA-256 for the output manifest, with the x86 SHA extensions where the CPU has them.
        .target(name: "COACHash"),
        // MARK: - Pipeline stages (docs/architecture.md)
        .target(name: "OACDiagnostics"),
        .target(name: "OACPromQL"),
        // OACPromQL is the only authority on PromQL text (durations, selectors, regexes, quoting): a leaf the model builds on.
        .target(name: "OACModel", dependencies: ["OACPromQL", "OACSupport"]),
        // Output plumbing: OutputFile, render jobs, manifest, input fingerprint, SHA-256, unified diff.
        .target(name: "OACOutput", dependencies: ["OACModel", "OACSupport", "COACHash"]),
        .target(
            name: "OACCatalog",
            dependencies: ["OACDiagnostics", "OACModel", "OACPromQL", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "OACCompiler",
            dependencies: ["OACDiagnostics", "OACCatalog", "OACModel", "OACOutput", "OACPromQL"]
        ),
        .target(name: "OACRender", dependencies: ["OACModel", "OACOutput", "OACPromQL", "OACSupport"]),
        // The driver: check and translate (OACCompiler), then run every renderer's jobs (OACRender).
        .target(name: "OACPipeline", dependencies: ["OACCompiler", "OACDiagnostics", "OACModel", "OACOutput", "OACRender"]),
        .target(name: "OACLint", dependencies: ["OACCatalog", "OACModel", "OACDiagnostics", "OACPromQL", "OACSupport"]),
        .target(
            name: "OACImport",
            dependencies: ["OACDiagnostics", "OACModel", "OACOutput", "OACPromQL", "OACSupport", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "OACReport",
            dependencies: ["OACModel", "OACDiagnostics", "OACOutput", "OACPromQL", "OACSupport", .product(name: "Mustache", package: "swift-mustache")]
        ),
        // MARK: - Command line (the only code that touches disk)
        .target(name: "COACSystem"),
        .target(
            name: "OACCLI",
            dependencies: [
                "OACCompiler", "OACCatalog", "OACDiagnostics", "OACImport", "OACLint", "OACModel", "OACOutput", "OACPipeline", "OACRender",
                "OACReport", "OACSupport", "COACSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]
        ),
        .executableTarget(name: "oac", dependencies: ["OACCLI"]),
        // Benchmarks (docs/performance.md) and their synthetic catalogs.
        .target(name: "OACSynthetic"),
        .executableTarget(name: "oac-bench", dependencies: ["OACSynthetic"]),
        // libFuzzer target (scripts/fuzz.sh); built normally it replays inputs.
        .executableTarget(name: "oac-fuzz", dependencies: ["OACCatalog", "OACPipeline", "OACModel", "OACPromQL", "OACReport"]),
        // MARK: - Tests
        // What several test targets share: goldens, the catalog builder, external tools (Tests/OACTestSupport).
        .target(
            name: "OACTestSupport",
            dependencies: ["OACCatalog", "OACCompiler", "OACModel", "OACOutput", "OACPipeline", "OACRender"],
            path: "Tests/OACTestSupport"
        ),
        .testTarget(name: "OACModelTests", dependencies: ["OACModel", "OACCompiler", "OACTestSupport"]),
        .testTarget(name: "OACDiagnosticsTests", dependencies: ["OACDiagnostics"]),
        .testTarget(name: "OACPromQLTests", dependencies: ["OACPromQL"], exclude: ["Fixtures"]),
        .testTarget(
            name: "OACCatalogTests",
            dependencies: ["OACSupport", "OACCatalog", "OACDiagnostics", "OACModel", "OACPromQL", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(
            name: "OACCLITests",
            dependencies: [
                "OACTestSupport", "OACOutput", "OACPipeline", "OACSupport", "OACCLI", "OACDiagnostics", "OACLint", "OACModel", "OACRender", "OACReport",
                "OACSynthetic", .product(name: "Yams", package: "Yams")
            ],
            exclude: ["Fixtures", "Golden"]
        ),
        .testTarget(
            name: "OACReportTests",
            dependencies: [
                "OACTestSupport", "OACOutput", "OACSupport", "OACReport", "OACModel", "OACPromQL", "OACDiagnostics", "OACCompiler", "OACCatalog",
                "OACRender"
            ]
        ),
        .testTarget(
            name: "OACLintTests",
            dependencies: ["OACTestSupport", "OACSupport", "OACLint", "OACCatalog", "OACCompiler", "OACDiagnostics", "OACModel", "OACRender"]
        ),
        .testTarget(
            name: "OACRenderTests",
            dependencies: [
                "OACTestSupport", "OACOutput", "OACPipeline", "OACSupport", "OACRender", "OACModel", "OACPromQL", "OACCompiler", "OACCatalog", "OACSynthetic",
                .product(name: "Yams", package: "Yams")
            ],
            exclude: ["Golden"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "OACImportTests",
            dependencies: ["OACOutput", "OACPipeline", "OACSupport", "OACImport", "OACCompiler", "OACCatalog", "OACDiagnostics", "OACModel"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "OACCompilerTests",
            dependencies: ["OACTestSupport", "OACOutput", "OACPipeline", "OACSupport", "OACCompiler", "OACCatalog", "OACDiagnostics", "OACModel", "OACRender"]
        )
    ]
)
