import Foundation
@testable import Charts

/// Figures of seed 004 (攀枝花市医疗保障局 2021 部门决算): 收、支总计 645.55 万元, 234.46 more
/// than 2020, so 2020 was 411.09; 收入 644.52 + 1.01 = 645.53; 支出 324.07 + 321.48 = 645.55.
enum Seed004 {
    static func d(_ text: String) -> Decimal { Decimal(string: text) ?? .nan }

    static let totals = ChartSpec(
        kind: .column, title: "收、支决算总计变动情况图",
        categories: ["2020年", "2021年"],
        series: [.init(name: "收入总计", values: [d("411.09"), d("645.55")]),
                 .init(name: "支出总计", values: [d("411.09"), d("645.55")])],
        unit: "万元", decimals: 2)

    static let income = ChartSpec(
        kind: .pie, title: "收入决算结构图",
        categories: ["一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "其他收入"],
        series: [.init(name: "本年收入", values: [d("644.52"), d("1.01"), d("0")])],
        unit: "万元", decimals: 2)

    static let expenditure = ChartSpec(
        kind: .pie, title: "支出决算结构图",
        categories: ["基本支出", "项目支出"],
        series: [.init(name: "本年支出", values: [d("324.07"), d("321.48")])],
        unit: "万元", decimals: 2)

    /// 图6, four slices, three of them small: 20 / 644.54 = 3.10%, 24.08 → 3.74%,
    /// 577.57 → 89.61%, 22.89 → 3.55%. Decimals left to the values (2 from 24.08).
    static let generalBudget = ChartSpec(
        kind: .pie, title: "一般公共预算财政拨款支出决算结构",
        categories: ["一般公共服务（类）支出", "社会保障和就业（类）支出", "卫生健康支出", "住房保障支出"],
        series: [.init(name: "2021年一般公共预算财政拨款支出", values: [d("20"), d("24.08"), d("577.57"), d("22.89")])],
        unit: "万元")

    /// 图5 as the example package has it: one category, one series, horizontal bars here.
    static let generalBudgetChange = ChartSpec(
        kind: .bar, title: "一般公共预算财政拨款支出决算变动情况",
        categories: ["2021年"], series: [.init(name: "一般公共预算财政拨款支出", values: [d("644.54")])],
        unit: "万元", decimals: 2)
}

enum Tools {
    static func find(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    struct Result { var status: Int32; var output: String }

    /// Runs a tool with output captured through a file (pipes can fill and block).
    static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("charts-tool-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: log)
        return Result(status: process.terminationStatus, output: output)
    }

    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("charts-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `$OOXML_XSD_DIR`, else ../shared/ooxml-xsd beside the checkout.
    static let schemaDirectory = ProcessInfo.processInfo.environment["OOXML_XSD_DIR"].map { URL(fileURLWithPath: $0) }
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/ooxml-xsd")
    static var chartSchema: URL { schemaDirectory.appendingPathComponent("dml-chart.xsd") }
    static var canValidate: Bool {
        find("xmllint") != nil && FileManager.default.fileExists(atPath: chartSchema.path)
    }

    /// A Python with openpyxl if there is one (`CHARTS_TEST_PYTHON` first).
    static let openpyxlPython: String? = {
        var candidates: [String] = []
        if let given = ProcessInfo.processInfo.environment["CHARTS_TEST_PYTHON"] { candidates.append(given) }
        candidates += ["/tmp/charts-venv/bin/python", find("python3")].compactMap { $0 }
        // Every python3 on PATH, not only the first: scripts/setup.sh installs Debian's
        // python3-openpyxl for the system Python, which a python3 earlier on PATH (pyenv) need not see.
        candidates += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/python3" }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            if let result = try? run(candidate, ["-c", "import openpyxl"]), result.status == 0 { return candidate }
        }
        return nil
    }()
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}

import OOXML

extension XMLElement {
    /// Elements below this one (depth first, document order) with the qualified name `name`.
    func descendants(named name: String) -> [XMLElement] {
        var found: [XMLElement] = []
        for child in elements {
            if child.name == name { found.append(child) }
            found += child.descendants(named: name)
        }
        return found
    }

    var textContent: String {
        children.map { node in
            switch node {
            case .text(let text), .cdata(let text): text
            case .element(let element): element.textContent
            default: ""
            }
        }.joined()
    }
}
