// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "oac",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "oac", targets: ["oac"]),
        .library(name: "OACCompiler", targets: ["OACCompiler"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Exact: OACCatalog composes libyaml events through Yams' internal `CYaml` module (FastYAML.swift), which
        // is not Yams' public API and may change in any release. Raise this only with FastYAMLTests passing.
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        // MARK: - Pipeline stages
        .target(name: "OACDiagnostics"),
        .target(name: "OACPromQL"),
        .target(name: "OACModel"),
        .target(
            name: "OACCatalog",
            dependencies: ["OACDiagnostics", "OACModel", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "OACCompiler",
            dependencies: ["OACDiagnostics", "OACCatalog", "OACModel", "OACPromQL", "OACRender"]
        ),
        .target(name: "OACRender", dependencies: ["OACModel", "COACHash"]),
        // SHA-256 for the output manifest, with the x86 SHA extensions where the CPU has them.
        .target(name: "COACHash"),
        .target(name: "OACLint", dependencies: ["OACCatalog", "OACModel", "OACDiagnostics", "OACPromQL"]),
        .target(
            name: "OACImport",
            dependencies: ["OACDiagnostics", "OACModel", "OACPromQL", "OACRender", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "OACReport",
            dependencies: ["OACModel", "OACDiagnostics", "OACRender", .product(name: "Mustache", package: "swift-mustache")]
        ),
        // MARK: - Command line (the only code that touches disk)
        .target(name: "COACSystem"),
        .target(
            name: "OACCLI",
            dependencies: [
                "OACCompiler", "OACCatalog", "OACDiagnostics", "OACImport", "OACLint", "OACModel", "OACRender", "OACReport", "COACSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "oac", dependencies: ["OACCLI"]),
        // Benchmarks (docs/performance.md) and their synthetic catalogs.
        .target(name: "OACSynthetic"),
        .executableTarget(name: "oac-bench", dependencies: ["OACSynthetic"]),
        // libFuzzer target (scripts/fuzz.sh); built normally it replays inputs.
        .executableTarget(name: "oac-fuzz", dependencies: ["OACCatalog", "OACCompiler", "OACModel", "OACPromQL", "OACReport"]),
        // MARK: - Tests
        // What several test targets share: goldens, the catalog builder, external tools (Tests/OACTestSupport).
        .target(
            name: "OACTestSupport",
            dependencies: ["OACCatalog", "OACCompiler", "OACModel", "OACRender"],
            path: "Tests/OACTestSupport"
        ),
        .testTarget(name: "OACModelTests", dependencies: ["OACModel", "OACCompiler", "OACTestSupport"]),
        .testTarget(name: "OACDiagnosticsTests", dependencies: ["OACDiagnostics"]),
        .testTarget(name: "OACPromQLTests", dependencies: ["OACPromQL"], exclude: ["Fixtures"]),
        .testTarget(
            name: "OACCatalogTests",
            dependencies: ["OACCatalog", "OACDiagnostics", "OACModel", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(
            name: "OACCLITests",
            dependencies: ["OACTestSupport", "OACCLI", "OACDiagnostics", "OACLint", "OACModel", "OACRender", "OACReport", "OACSynthetic", .product(name: "Yams", package: "Yams")],
            exclude: ["Fixtures", "Golden"]
        ),
        .testTarget(
            name: "OACReportTests",
            dependencies: ["OACTestSupport", "OACReport", "OACModel", "OACDiagnostics", "OACCompiler", "OACCatalog", "OACRender"]
        ),
        .testTarget(
            name: "OACLintTests",
            dependencies: ["OACTestSupport", "OACLint", "OACCatalog", "OACCompiler", "OACDiagnostics", "OACModel", "OACRender"]
        ),
        .testTarget(
            name: "OACRenderTests",
            dependencies: ["OACTestSupport", "OACRender", "OACModel", "OACPromQL", "OACCompiler", "OACCatalog", "OACSynthetic",
                           .product(name: "Yams", package: "Yams")],
            exclude: ["Golden"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "OACImportTests",
            dependencies: ["OACImport", "OACCompiler", "OACCatalog", "OACDiagnostics", "OACModel"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "OACCompilerTests",
            dependencies: ["OACCompiler", "OACCatalog", "OACDiagnostics", "OACModel", "OACRender"]
        ),
    ]
)
