// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "reportgen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "reportgen", targets: ["reportgen"]),
        .library(name: "ReportKit", targets: ["ReportKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
    ],
    targets: [
        // C libraries, found through pkg-config; the shims keep libxml2's ICU headers
        // away from Foundation's (see docs/INTEROP.md).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CLibZip", pkgConfig: "libzip", providers: [.apt(["libzip-dev"])]),

        // Below everything: the catalogue of every error code and the one error protocol
        // (code, Chinese message, place) with the one rule for printing it.
        .target(name: "ErrorCodes"),
        // The only target with unsafe pointers: zip container, XML parts, DOCX package, POSIX file calls.
        .target(name: "OOXML", dependencies: ["CLibXML2", "CLibZip", "ErrorCodes", "TextFormats"]),
        // Strict JSON reader shared by definitions and render data: number literals kept,
        // locations by JSON path, duplicate keys reported.
        .target(name: "JSONValue", dependencies: ["ErrorCodes", "TextFormats"]),
        // The one Decimal-to-text formatter and the one strict date parser, below every target
        // that prints numbers or reads dates (Templating filters, Reports forms, Charts caches).
        .target(name: "TextFormats"),
        // Tags over WordprocessingML: lexer, parser, compiled templates, renderer.
        .target(name: "Templating", dependencies: ["ErrorCodes", "OOXML", "JSONValue", "TextFormats"]),
        // The report definition model, validation and every computed figure.
        .target(name: "Reports", dependencies: ["ErrorCodes", "JSONValue", "TextFormats"]),
        // DrawingML chart parts (bar, column, pie) with an embedded workbook.
        .target(name: "Charts", dependencies: ["ErrorCodes", "OOXML", "TextFormats"]),
        // Composition: package definition -> documents, CSV files, manifest; atomic output.
        .target(name: "ReportKit", dependencies: [
            "ErrorCodes", "OOXML", "JSONValue", "Templating", "Reports", "Charts",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Definitions from the spreadsheets staff keep: .xlsx (through OOXML) and CSV 自评表
        // and project lists → project JSON; every unreadable cell reported with its address.
        .target(name: "Import", dependencies: ["ErrorCodes", "OOXML", "JSONValue", "Reports", "TextFormats"]),
        .executableTarget(
            name: "reportgen",
            dependencies: [
                "ErrorCodes", "OOXML", "JSONValue", "Templating", "Reports", "ReportKit", "TextFormats", "Import",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "OOXMLTests", dependencies: ["ErrorCodes", "OOXML"], resources: [.copy("Fixtures")]),
        .testTarget(name: "JSONValueTests", dependencies: ["ErrorCodes", "JSONValue"]),
        .testTarget(name: "TemplatingTests", dependencies: ["ErrorCodes", "Templating", "OOXML", "JSONValue"]),
        .testTarget(name: "ReportsTests", dependencies: ["ErrorCodes", "Reports", "JSONValue"], exclude: ["Fixtures"]),
        .testTarget(name: "ReportKitTests", dependencies: ["ErrorCodes", "ReportKit", "Reports", "OOXML", "Templating", "JSONValue", "Charts"]),
        .testTarget(name: "ImportTests", dependencies: ["ErrorCodes", "Import", "OOXML", "Reports", "JSONValue"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ChartsTests", dependencies: ["ErrorCodes", "Charts", "OOXML", "TextFormats"]),
        // Runs the built `reportgen` binary on examples/ and fixtures.
        .testTarget(name: "EndToEndTests", dependencies: ["reportgen", "OOXML", "JSONValue"]),
    ]
)

// libFuzzer harnesses (scripts/fuzz.sh): only when REPORTGEN_FUZZ is set, built with
// -sanitize=fuzzer,address into their own scratch path; never part of `swift build` / `swift test`.
if Context.environment["REPORTGEN_FUZZ"] != nil {
    let harness: [(String, [Target.Dependency])] = [
        ("FuzzTemplate", ["Templating", "OOXML", "JSONValue"]),
        ("FuzzJSON", ["Reports", "JSONValue"]),
        ("FuzzArchive", ["OOXML"]),
    ]
    package.targets.append(.target(name: "FuzzDriver", path: "Fuzz/FuzzDriver"))
    for (name, dependencies) in harness {
        package.targets.append(.executableTarget(name: name, dependencies: dependencies + ["FuzzDriver"], path: "Fuzz/\(name)",
                                                 swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
    }
}
