import Foundation
import JSONValue
import OOXML
import Testing

/// A finance officer's review of the generated packages: charts that say what the text says,
/// parts that stand out, the 特定目标类 forms in the 决算公开 附件, no 完成率 on unscored forms,
/// each fund amount at its own precision, and an ippe rate that names its divisor.
@Suite(.serialized) struct OfficerReviewTests {
    static func chartParts(_ docx: URL) throws -> [String] {
        let package = try DocxPackage(path: docx.path)
        var result: [String] = []
        for n in 1...20 {
            guard let bytes = try? package.bytes(of: "word/charts/chart\(n).xml") else { break }
            result.append(String(decoding: bytes, as: UTF8.self))
        }
        return result
    }

    /// idx → formatCode of the per-point labels (`c:dLbl`) of a chart part.
    static func pointFormats(_ xml: String) -> [Int: String] {
        var formats: [Int: String] = [:]
        for label in xml.matches(of: /<c:dLbl>.*?<\/c:dLbl>/.dotMatchesNewlines()) {
            let text = String(label.output)
            guard let idx = text.firstMatch(of: /<c:idx val="(\d+)"\/>/).flatMap({ Int($0.output.1) }),
                  let code = text.firstMatch(of: /formatCode="([^"]*)"/) else { continue }
            formats[idx] = String(code.output.1)
        }
        return formats
    }

    static func cachedValues(_ xml: String) -> [Decimal] {
        xml.matches(of: /<c:val>.*?<\/c:val>/.dotMatchesNewlines()).flatMap { val in
            String(val.output).matches(of: /<c:v>([^<]*)<\/c:v>/).compactMap { Decimal(string: String($0.output.1)) }
        }
    }

    /// Fraction digits a rate prints with in the 决算说明 text: half-up to two, trailing zeros dropped.
    static func textDecimals(_ percent: Decimal) -> Int {
        var value = percent
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .plain)
        for places in 0...2 {
            var probe = rounded
            var r = Decimal()
            NSDecimalRound(&r, &probe, places, .plain)
            if r == rounded { return places }
        }
        return 2
    }

    // MARK: 1. chart labels follow the text

    @Test func pieLabelsPrintRatesAsTheTextDoes() throws {
        let out = try PackageTests.generate("panzhihua-2021")
        let charts = try Self.chartParts(out.appendingPathComponent("部门决算情况说明.docx"))
        #expect(charts.count == 7)
        // Seed 004, 第二部分 三、: "基本支出324.07万元，占50.2%；项目支出321.48万元，占49.8%" — 图3's
        // first two slices print one decimal, as the sentence does.
        let expenditure = Self.pointFormats(charts[2])
        #expect(expenditure[0] == "0.0%" && expenditure[1] == "0.0%", "\(expenditure)")
        var labelled = 0
        for xml in charts where xml.contains("<c:pieChart>") {
            let values = Self.cachedValues(xml)
            let total = values.reduce(0, +)
            let formats = Self.pointFormats(xml)
            for (i, value) in values.enumerated() where value != 0 {
                let decimals = Self.textDecimals(value / total * 100)
                let want = decimals == 0 ? "0%" : "0." + String(repeating: "0", count: decimals) + "%"
                #expect(formats[i] == want, "slice \(i) of \(values): \(formats[i] ?? "none")")
                labelled += 1
            }
            // No format leaves a dot before the percent sign of a whole number (0.##% would).
            #expect(!xml.contains("#"))
        }
        #expect(labelled > 8)
    }

    /// Fill colour of each data point (`c:dPt`), by idx; nil for a point drawn without fill.
    static func pointColours(_ xml: String) -> [Int: String?] {
        var colours: [Int: String?] = [:]
        for point in xml.matches(of: /<c:dPt>.*?<\/c:dPt>/.dotMatchesNewlines()) {
            let text = String(point.output)
            guard let idx = text.firstMatch(of: /<c:idx val="(\d+)"\/>/).flatMap({ Int($0.output.1) }) else { continue }
            let fill = text.firstMatch(of: /<c:spPr><a:solidFill><a:srgbClr val="([0-9A-F]{6})"\/>/).map { String($0.output.1) }
            colours[idx] = fill
        }
        return colours
    }

    /// 图7 (seed 004: 因公出国（境）费 0, 公务用车 2.28, 公务接待 0.81): the zero slice is not drawn
    /// and the others keep the colours of their places in the category list: 公务用车 has the
    /// colour the second place has in 图2 (its first two sources drawn), not the first place's,
    /// and 公务接待 neither of those.
    @Test func sliceColoursStayWithTheirCategories() throws {
        let out = try PackageTests.generate("panzhihua-2021")
        let charts = try Self.chartParts(out.appendingPathComponent("部门决算情况说明.docx"))
        let threePublic = Self.pointColours(charts[6])
        let income = Self.pointColours(charts[1])
        #expect(threePublic.count == 3)
        #expect(threePublic[0] == .some(nil))
        let first = try #require(income[0] ?? nil)
        let second = try #require(income[1] ?? nil)
        #expect(threePublic[1] == .some(second))
        let third = try #require(threePublic[2] ?? nil)
        #expect(third != first && third != second)
    }

    @Test func columnLabelsPrintAmountsAsTheTextDoes() throws {
        let out = try PackageTests.generate("panzhihua-2021")
        let charts = try Self.chartParts(out.appendingPathComponent("部门决算情况说明.docx"))
        for xml in charts where xml.contains("<c:barChart>") {
            let values = Self.cachedValues(xml)
            let formats = Self.pointFormats(xml)
            // Each point of each series is labelled; idx restarts per series, so check every series'
            // values against its own labels: the digits the value itself has (645.55 → 0.00, 410.1 → 0.0).
            let series = xml.matches(of: /<c:ser>.*?<\/c:ser>/.dotMatchesNewlines()).map { String($0.output) }
            for part in series {
                let own = Self.cachedValues(part)
                let labels = Self.pointFormats(part)
                for (i, value) in own.enumerated() {
                    let text = "\(value)"
                    let decimals = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0
                    let want = decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals)
                    #expect(labels[i] == want, "\(value): \(labels[i] ?? "none")")
                }
            }
            #expect(!values.isEmpty && !formats.isEmpty)
        }
    }

    // MARK: 2. parts have their own style

    @Test func partsHaveTheirOwnCentredStyleAndOpenPages() throws {
        let out = try PackageTests.generate("panzhihua-2021")
        let docx = out.appendingPathComponent("部门决算情况说明.docx")
        let paragraphs = try OutlineStyleTests.styledParagraphs(docx)
        let parts = paragraphs.filter { $0.text.hasPrefix("第") && $0.text.contains("部分 ") }
        #expect(parts.map(\.text).map { String($0.prefix(4)) } == ["第一部分", "第二部分", "第三部分", "第四部分"])
        #expect(parts.allSatisfy { $0.style == "Part" }, "\(parts.map(\.style))")
        #expect(!paragraphs.contains { $0.style == "Part" && !parts.map(\.text).contains($0.text) })
        let package = try DocxPackage(path: docx.path)
        let styles = String(decoding: try package.bytes(of: "word/styles.xml"), as: UTF8.self)
        let part = try #require(styles.firstMatch(of: /<w:style [^>]*w:styleId="Part">.*?<\/w:style>/.dotMatchesNewlines()).map { String($0.output) })
        for property in ["<w:jc w:val=\"center\"/>", "<w:pageBreakBefore/>", "黑体", "<w:sz w:val=\"36\"/>"] {
            #expect(part.contains(property), "\(property)")
        }
        // The first part stays under the document title; the others open a page.
        let body = String(decoding: try package.bytes(of: "word/document.xml"), as: UTF8.self)
        let first = try #require(body.firstMatch(of: /<w:p><w:pPr><w:pStyle w:val="Part"\/>(<w:pageBreakBefore w:val="0"\/>)?/))
        #expect(first.output.1 != nil)
        #expect(body.matches(of: /<w:pStyle w:val="Part"\/><w:pageBreakBefore w:val="0"\/>/).count == 1)
    }

    // MARK: 3. 特定目标类 forms in the 决算公开 附件

    @Test func attachmentsCarryTheTargetFormsAfterTheirReports() throws {
        let out = try PackageTests.generate("panzhihua-2021")
        let texts = try PackageTests.paragraphs(out.appendingPathComponent("部门决算情况说明.docx"))
        let projects = EndToEnd.packageRoot.appendingPathComponent("examples/panzhihua-2021/projects")
        var withForm: [String] = []
        var all: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: projects.path) where file.hasSuffix(".json") {
            let json = try JSONParser.parse(Array(try Data(contentsOf: projects.appendingPathComponent(file)))).root
            let name = try #require(json["name"]?.stringValue)
            all.append(name)
            if json["targetSelfEvaluation"] == .bool(true) { withForm.append(name) }
        }
        // Seed 004 prints the form after three reports (综合柜员制, 智慧医保, 医疗服务).
        #expect(withForm.count == 3)
        #expect(texts.filter { $0 == "附表：" }.count == withForm.count)
        let part4 = try #require(texts.firstIndex { $0.hasPrefix("第四部分") })
        for name in all {
            let heading = try #require(texts[part4...].firstIndex(of: "（\(name)）"), "\(name)")
            let next = texts[(heading + 1)...].firstIndex { $0.hasPrefix("附件") && $0.count <= 3 } ?? texts.endIndex
            let form = texts[heading..<next].firstIndex(of: "附表：")
            #expect((form != nil) == withForm.contains(name), "\(name)")
            if let form {
                // A title too long for one line is two 表名 paragraphs (officer review 10).
                #expect(texts[(form + 1)...].prefix(2).joined().contains("特定目标类部门预算项目绩效目标自评"))
            }
        }
        // The standalone report prints the same form, line for line.
        for name in withForm {
            let report = try PackageTests.paragraphs(out.appendingPathComponent("项目支出绩效自评报告-\(name).docx"))
            let start = try #require(report.firstIndex(of: "附表："))
            let heading = try #require(texts[part4...].firstIndex(of: "（\(name)）"))
            let at = try #require(texts[heading...].firstIndex(of: "附表："))
            let standalone = Array(report[start...].filter { !$0.isEmpty })
            let attached = Array(texts[at...].filter { !$0.isEmpty }.prefix(standalone.count))
            #expect(attached == standalone, "\(name)")
        }
    }

    // MARK: 4. no 完成率 on unscored forms

    /// Seed 004's unscored forms print 预期指标值 and 实际完成指标值 only (“≤167.64万元 | 50.094万元”,
    /// “≥1次 | 2次以上”); the generated 自评表 leaves its 完成率 column empty for them, CSV and DOCX alike
    /// (their equality is FormFiguresTests.everySelfEvaluationCSVMatchesItsDocx).
    @Test func unscoredFormsLeaveTheRateEmpty() throws {
        let example = "panzhihua-2021"
        let out = try PackageTests.generate(example)
        let projects = EndToEnd.packageRoot.appendingPathComponent("examples/\(example)/projects")
        var checked = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: projects.path) where file.hasSuffix(".json") {
            let json = try JSONParser.parse(Array(try Data(contentsOf: projects.appendingPathComponent(file)))).root
            guard json["scoring"]?.stringValue == "none", let name = json["name"]?.stringValue else { continue }
            let csvFile = out.appendingPathComponent("项目支出绩效自评表-\(name).csv")
            guard FileManager.default.fileExists(atPath: csvFile.path) else { continue }
            let csv = PackageTests.indicatorRows(try PackageTests.csvRows(csvFile))
            let column = try #require(csv.first?.firstIndex(of: "完成率"))
            // Each indicator row has its 年度指标值 and 实际完成值 but no 完成率.
            #expect(csv.dropFirst().allSatisfy { $0[column].isEmpty }, "\(name): \(csv.map { $0[column] })")
            checked += csv.dropFirst().filter { !$0[column - 2].isEmpty && !$0[column - 1].isEmpty }.count
        }
        #expect(checked > 0)
    }

    // MARK: 5. each amount at its own precision

    /// Seed 000 困难群众: 省级 129.65 + 144.89 = 274.54 (the seed's "省级下达资金274.54万元") and 县级
    /// 328.055, spent in full. Each figure prints as given, as seed 004's 资金表 prints 166.98 beside
    /// 50.094: 274.54 (not 274.540, a precision to the 10 元 nobody gave), 328.055; a computed figure
    /// at the finest of its terms: 合计 602.595, 资金结余 0.00 (省级), 0.000 (县区级), 0.000 (合计).
    @Test func fundAmountsPrintAtTheirOwnPrecision() throws {
        let out = try PackageTests.generate("yanbian-2021")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path)
            .filter { $0.hasPrefix("项目支出绩效自评报告-") && $0.contains("困难群众") && $0.hasSuffix(".docx") }
        let file = try #require(files.first)
        let tables = try FormFiguresTests.tables(out.appendingPathComponent(file))
        let fund = try #require(tables.first { $0.contains { $0.contains("资金结余") } })
        let header = try #require(fund.first { $0.contains("资金结余") })
        // 资金结余 is the third cell from the end of every line (合计 merges its first two cells).
        let offset = header.count - 1 - (try #require(header.firstIndex(of: "资金结余")))
        let start = try #require(fund.firstIndex(of: header))
        let balances = fund[(start + 1)...].map { $0[$0.count - 1 - offset] }
        #expect(balances == ["0.00", "0.000", "0.000"], "\(balances)")
        let cells = fund.flatMap { $0 }
        #expect(cells.contains("274.54") && cells.contains("328.055") && cells.contains("602.595"))
        #expect(!cells.contains("274.540"), "\(cells)")
        // The body's "已到位……" sentence prints the same figures by tag ({{资金:省级.到位数}}): the seed
        // typed 328.06 beside a table of 328.055; now one figure, the seed's 下达 328.055.
        let body = try PackageTests.paragraphs(out.appendingPathComponent(file))
        #expect(body.contains { $0.contains("已到位省级下达资金274.54万元，县财政资金328.055万元") }, "\(body)")
        // Every amount the examples still type agrees with its fund table (W-DEF-031).
        for example in PackageTests.examples {
            let validate = try EndToEnd.reportgen(["validate", PackageTests.examplePackage(example).path])
            #expect(validate.status == 0 && !(validate.stdout + validate.stderr).contains("W-DEF-031"), "\(example): \(validate.stderr)")
        }
    }

    // MARK: 6. the ippe rate names its divisor

    @Test func ippeRatesNameTheirDivisor() throws {
        let out = try PackageTests.generate("ippe-demo")
        let sheet = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path)
            .first { $0.hasPrefix("项目支出绩效自评表-") && $0.hasSuffix(".docx") })
        let cells = try FormFiguresTests.tables(out.appendingPathComponent(sheet)).flatMap { $0 }.flatMap { $0 }
        #expect(cells.contains("预算执行率（执行数÷到位数）"))
        #expect(cells.contains("资金到位率（到位数÷全年预算数）"))
        #expect(!cells.contains("预算执行率"))
        // examples/ippe-demo: executed 72.2 ÷ received 76 = 95.00% under that label, while the
        // 汇总表 keeps 72.2 ÷ 80 = 90.25% as 预算执行率.
        #expect(cells.contains("95.00%"))
        let summary = try PackageTests.csvRows(out.appendingPathComponent("项目支出绩效自评汇总表.csv"))
        #expect(summary.first { $0.first == "1" }?[6] == "90.25%")
    }
}
