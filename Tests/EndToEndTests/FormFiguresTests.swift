import Foundation
import JSONValue
import OOXML
import Testing

/// Issue 8: every figure in the form's unit and precision, CSV and DOCX saying the same thing,
/// empty forms left out, the small things a reader notices. Reads the generated files as a
/// reader does: CSV by Python's csv module, DOCX table cells from word/document.xml.
@Suite(.serialized) struct FormFiguresTests {
    /// Tables of a .docx body: rows of cell texts (a cell's paragraphs joined by "\n").
    static func tables(_ docx: URL) throws -> [[[String]]] {
        let package = try DocxPackage(path: docx.path)
        let document = try package.xml(package.mainDocumentPartName)
        func text(_ element: XMLElement) -> String {
            var out = ""
            for child in element.children {
                switch child {
                case .element(let c) where c.is(Namespace.w, "t"):
                    for case .text(let t) in c.children { out += t }
                case .element(let c): out += text(c)
                default: break
                }
            }
            return out
        }
        var result: [[[String]]] = []
        func walk(_ element: XMLElement) {
            if element.is(Namespace.w, "tbl") {
                let rows = element.elements.filter { $0.is(Namespace.w, "tr") }.map { row in
                    row.elements.filter { $0.is(Namespace.w, "tc") }.map { cell in
                        cell.elements.filter { $0.is(Namespace.w, "p") }.map(text).joined(separator: "\n")
                    }
                }
                result.append(rows)
                return
            }
            for child in element.elements { walk(child) }
        }
        walk(document.root)
        return result
    }

    static func files(_ out: URL, prefix: String, suffix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }.sorted()
    }

    // MARK: units and precision (items 1, 2)

    /// Seed 000 as encoded: 基层医疗机构业务网络通信费 spent "76556元" (= 7.6556万元, hand-worked),
    /// 对上争取资金奖励 "共计12万元" / "支付5.3万元" (printed at their given precision).
    @Test func yanbianFormsPrintEveryAmountInWanYuan() throws {
        let out = try PackageTests.generate("yanbian-2021")
        let csv = try PackageTests.csvRows(out.appendingPathComponent("项目支出绩效自评汇总表.csv"))
        #expect(csv.first?.last == "金额单位：万元")
        #expect(csv.dropFirst().first == ["序号", "项目名称", "主管部门", "实施单位", "全年预算数", "全年执行数", "预算执行率", "自评得分", "等次"])
        let jiceng = try #require(csv.first { $0.count > 5 && $0[1] == "基层医疗机构业务网络通信费" })
        // 7.6556 万元 at the 汇总表's two decimals; its budget is not given: "—".
        #expect(Array(jiceng[4...6]) == ["—", "7.66", "—"])
        let duishang = try #require(csv.first { $0.count > 5 && $0[1] == "对上争取资金奖励" })
        #expect(Array(duishang[4...6]) == ["12.00", "5.30", "44.17%"])   // 5.3 ÷ 12 = 0.44166…
        // 379.51 元 = 0.037951 万元 prints 0.04; the rate is the project's own (0.037951 ÷ 0.038).
        let qizha = try #require(csv.first { $0.count > 5 && $0[1] == "欺诈骗保举报奖励金" })
        #expect(Array(qizha[4...6]) == ["0.04", "0.04", "99.87%"])
        // 合计 over the five projects with both figures, of the printed figures:
        // 12.00 + 602.60 + 50.00 + 0.04 + 3.00 = 667.64; 5.30 + 602.60 + 37.14 + 0.04 + 1.49 = 646.57;
        // 646.57 ÷ 667.64 = 96.84%.
        let total = try #require(csv.first { $0.first == "合计" })
        #expect(Array(total[4...6]) == ["667.64", "646.57", "96.84%"])
        // A reader's check: each 合计 is the sum of the column's printed figures over the rows
        // having both, and every amount has the column's two decimals.
        let projectRows = csv.filter { $0.count > 6 && Int($0[0]) != nil }
        #expect(projectRows.count == 9)
        let both = projectRows.filter { $0[4] != "—" && $0[5] != "—" }
        for column in [4, 5] {
            let sum = both.reduce(Decimal(0)) { $0 + Decimal(string: $1[column])! }
            #expect(Decimal(string: total[column]) == sum)
            for row in projectRows where row[column] != "—" {
                #expect(row[column].split(separator: ".").last?.count == 2, "\(row[1]): \(row[column])")
            }
        }
        let note = csv.last?.first ?? ""
        #expect(note.contains("5个项目"), "\(note)")
        // The other 9 − 5 = 4 are counted, not named: each shows its missing figure as “—” in its
        // own row (医疗救助资金's budget is the county share only, the central and provincial
        // shares have no amount).
        #expect(note.contains("全年预算数或全年执行数印“—”（没有该数）的4个项目未计入合计"), "\(note)")
        #expect(projectRows.count - both.count == 4)

        // The DOCX says the same, row for row (non-empty cells in order), the note included: it is
        // the table's last row.
        let docx = out.appendingPathComponent("项目支出绩效自评汇总表.docx")
        let table = try #require(try Self.tables(docx).first)
        let docRows = table.map { $0.filter { !$0.isEmpty } }
        let csvRows = csv.dropFirst().map { $0.filter { !$0.isEmpty } }
        #expect(Array(csvRows) == docRows)
        let paragraphs = try PackageTests.paragraphs(docx)
        #expect(paragraphs.contains("金额单位：万元"))
        #expect(paragraphs.contains(csv.last?.first ?? "?"))

        // The 自评表 and the report of 基层医疗机构业务网络通信费: 7.6556, never 76556.
        for prefix in ["项目支出绩效自评表-基层医疗机构业务网络通信费", "项目支出绩效自评报告-基层医疗机构业务网络通信费"] {
            let cells = try Self.tables(out.appendingPathComponent(prefix + ".docx")).flatMap { $0 }.flatMap { $0 }
            #expect(cells.contains("7.6556"), "\(prefix)")
            #expect(!cells.contains("76556"), "\(prefix)")
        }
    }

    // MARK: CSV ↔ DOCX (item 8)

    @Test(arguments: PackageTests.examples)
    func everySelfEvaluationCSVMatchesItsDocx(_ name: String) throws {
        let out = try PackageTests.generate(name)
        for csvName in try Self.files(out, prefix: "项目支出绩效自评表-", suffix: ".csv") {
            let csv = try PackageTests.csvRows(out.appendingPathComponent(csvName))
            let tables = try Self.tables(out.appendingPathComponent(String(csvName.dropLast(4)) + ".docx"))
            try Self.compare(csv: csv, docx: tables, label: "\(name)/\(csvName)")
        }
    }

    /// Column by column, by header name: the DOCX's scored table (ippe 绩效评分, else the 绩效指标
    /// table) has the CSV's rows in order; a merged 一级/二级 cell is empty below its first row;
    /// a CSV column the DOCX lacks is empty; 预算执行率 is the 年度资金总额 row's 分值/执行率/得分.
    /// The blocks above the indicator table (项目名称, 主管部门/实施单位, 项目资金（万元） with
    /// 年度资金总额 and its sources, 年度总体目标) are the DOCX's rows before that table, cell by
    /// cell (trailing empty cells aside: a CSV row is as wide as its indicator table).
    static func compare(csv: [[String]], docx tables: [[[String]]], label: String) throws {
        // Sections start at each 一级指标 header: the scored (or indicator) table, and under
        // ippe the indicator table after the 评分 table's 合计/等次.
        let starts = csv.indices.filter { csv[$0].first == "一级指标" }
        let indicatorStart = try #require(starts.first, "\(label): no indicator header")
        let blocks = csv[..<indicatorStart].map(Self.trimmed)
        let sections = starts.enumerated().map { i, start in
            PackageTests.indicatorRows(Array(csv[start..<(i + 1 < starts.count ? starts[i + 1] : csv.count)]))
        }
        let header = sections[0][0]
        let ippe = header.count == 5
        // An unscored sheet without indicators: the CSV's indicator table is its header only, and
        // the DOCX prints no 绩效指标 table at all (no bare header row).
        if sections[0].count == 1, !ippe {
            #expect(!tables.contains { $0.contains { $0.contains("三级指标") } }, "\(label): a bare indicator header")
            return
        }
        let tableIndex = try #require(tables.firstIndex { table in
            guard let first = table.first else { return false }
            return ippe ? first == header : first.contains("三级指标") && first.contains("偏差原因分析及改进措施")
        }, "\(label): no indicator table")
        let above = tables[..<tableIndex].flatMap { $0 }.map(Self.trimmed)
        #expect(blocks.count == 9 && blocks[2].first == "项目资金（万元）" && blocks[3][1] == "年度资金总额", "\(label): \(blocks)")
        #expect(above == blocks, "\(label): blocks above the indicator table differ\nDOCX \(above)\nCSV  \(blocks)")
        try compareSection(sections[0], table: tables[tableIndex], tables: tables, ippe: ippe, label: label)
        #expect(sections.count == (ippe ? 2 : 1), "\(label): \(sections.count) tables in the CSV")
        if ippe, sections.count > 1 {
            let next = try #require(tables.indices.first { $0 > tableIndex && (tables[$0].first?.contains("偏差原因分析及改进措施") ?? false) },
                                    "\(label): no indicator table after the 评分 table")
            try compareSection(sections[1], table: tables[next], tables: tables, ippe: false, label: label + " 绩效指标")
        }
    }

    static func compareSection(_ csv: [[String]], table: [[String]], tables: [[[String]]], ippe: Bool, label: String) throws {
        let header = csv[0]
        let docHeader = table[0]
        // The same columns in the same order (a merged 绩效指标 label cell ahead of them aside):
        // an unscored sheet's CSV has no 分值/得分 columns, as its DOCX has none.
        #expect(Array(docHeader.drop { !header.contains($0) }) == header, "\(label): DOCX \(docHeader) vs CSV \(header)")
        var body = Array(table.dropFirst())
        var rows = Array(csv.dropFirst())
        // 合计 / 总分 and 等次 rows.
        var grade: String?
        if let last = rows.last, last.first == "等次" {
            grade = last.count > 1 ? last[1] : ""
            rows.removeLast()
        }
        if let last = rows.last, last.first == "合计" {
            rows.removeLast()
            let totals = body.filter { ["合计", "总分", "等次"].contains($0.first ?? "") }
            body.removeAll { ["合计", "总分", "等次"].contains($0.first ?? "") }
            let printed = totals.flatMap { $0.dropFirst() }.filter { !$0.isEmpty }
            func column(_ name: String) -> String { header.firstIndex(of: name).map { last[$0] } ?? "?" }
            let expected = ippe ? [column("分值"), column("得分"), grade ?? "?"]
                : [column("分值"), column("得分"), "等次：" + column("偏差原因分析及改进措施")]
            #expect(printed.prefix(expected.count).elementsEqual(expected), "\(label): 合计 \(printed) vs \(expected)")
        }
        if let first = rows.first, first[2] == "预算执行率", first[0] == "预算执行指标" {
            rows.removeFirst()
            let funds = try #require(tables.flatMap { $0 }.first { $0.count > 1 && $0[1] == "年度资金总额" }, "\(label)")
            let value = { (name: String) in header.firstIndex(of: name).map { first[$0] } ?? "?" }
            #expect(Array(funds.suffix(3)) == [value("分值"), value("完成率"), value("得分")], "\(label): 预算执行率 \(funds) vs \(first)")
        }
        #expect(body.count == rows.count, "\(label): DOCX has \(body.count) rows, CSV \(rows.count)")
        var previous: [String] = []
        for (csvRow, docRow) in zip(rows, body) {
            for (c, column) in header.enumerated() {
                guard let d = docHeader.firstIndex(of: column) else {
                    #expect(csvRow[c].isEmpty, "\(label): CSV prints \(column) \(csvRow[c]) that the DOCX has no column for")
                    continue
                }
                // A label of the narrow 一级/二级 columns prints over lines (LabelLines); the CSV holds it whole.
                let label = column == "一级指标" || column == "二级指标"
                let cell = d < docRow.count ? (label ? docRow[d].replacingOccurrences(of: "\n", with: "") : docRow[d]) : ""
                let merged = label && cell.isEmpty
                    && c < previous.count && previous[c] == csvRow[c]
                #expect(cell == csvRow[c] || merged, "\(label): \(column) DOCX “\(cell)” vs CSV “\(csvRow[c])”")
            }
            previous = csvRow
        }
    }

    static func trimmed(_ row: [String]) -> [String] {
        Array(row.prefix((row.lastIndex { !$0.isEmpty } ?? -1) + 1))
    }

    /// Seed 000 医疗救助资金: "该项目有中央资金、省级资金，不足部分由县级财政负责兜底" with no central
    /// or provincial amount, and the county's "163.725万元" + "230万元". The 项目资金情况表 prints the
    /// named shares as "—" and its 合计 as "—" (a total over unknown shares is unknown), never the
    /// county share as if it were the whole; a note under the table says why. The 自评表 and the
    /// 汇总表 print the project's 全年预算数 as "—" likewise.
    @Test func unlistedSharesPrintDashAndSoDoTheirTotals() throws {
        let out = try PackageTests.generate("yanbian-2021")
        let county = try #require(Decimal(string: "163.725")) + (try #require(Decimal(string: "230")))
        let report = out.appendingPathComponent("项目支出绩效自评报告-医疗救助资金.docx")
        let tables = try Self.tables(report)
        let funds = try #require(tables.first { $0.first?.first == "资金来源" }, "no 预算执行情况 table")
        let central = try #require(funds.first { $0.contains("中央级") })
        let provincial = try #require(funds.first { $0.contains("省级") })
        let countyRow = try #require(funds.first { $0.contains("县区级") })
        let total = try #require(funds.last)
        #expect(total.first == "合计")
        for row in [central, provincial] {
            #expect(Array(row.suffix(7)) == Array(repeating: "—", count: 7), "\(row)")
        }
        // 全年预算数 is the fourth column (资金来源, 级次, 年初预算数, 全年预算数, …).
        #expect(countyRow[countyRow.count - 6] == "\(county)", "\(countyRow)")
        #expect(Array(total.suffix(7)) == Array(repeating: "—", count: 7), "\(total)")
        #expect(!tables.flatMap { $0 }.contains { $0.contains("合计") && $0.contains("\(county)") })
        let summary = try #require(tables.first { $0.first?.first == "资金情况" })
        #expect(Array(summary[1].suffix(3)) == ["—", "—", "—"], "\(summary)")
        let paragraphs = try PackageTests.paragraphs(report)
        #expect(paragraphs.contains { $0.hasPrefix("注：财政资金（中央级、省级）未列金额") }, "\(paragraphs.suffix(3))")

        let sheet = try Self.tables(out.appendingPathComponent("项目支出绩效自评表-医疗救助资金.docx")).flatMap { $0 }
        let year = try #require(sheet.first { $0.contains("年度资金总额") })
        #expect(year.filter { $0 == "—" }.count == 5, "\(year)")
        let csv = try PackageTests.csvRows(out.appendingPathComponent("项目支出绩效自评汇总表.csv"))
        let row = try #require(csv.first { $0.count > 5 && $0[1] == "医疗救助资金" })
        #expect(Array(row[4...6]) == ["—", "—", "—"])

        let validate = try EndToEnd.reportgen(["validate", PackageTests.examplePackage("yanbian-2021").path])
        let text = validate.stdout + validate.stderr
        #expect(text.components(separatedBy: "W-DEF-022").count - 1 == 2, "\(text)")
    }

    /// `validate` lists each amount at the precision the forms print it (`FormFormat.money`):
    /// 对上争取资金奖励 "共计12万元", "支付5.3万元", 12 − 5.3 = 6.7 print 12 | 12 | 5.3 | 6.7 as its
    /// 项目资金情况表 does, not 12.0; 欺诈骗保 "0.038万元" and 379.51元 = 0.037951万元 keep their own digits.
    @Test func validateListsFundsAtTheFormsPrecision() throws {
        let validate = try EndToEnd.reportgen(["validate", PackageTests.examplePackage("yanbian-2021").path])
        #expect(validate.status == 0, "\(validate.stderr)")
        let lines = validate.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let duishang = try #require(lines.firstIndex { $0.contains("对上争取资金奖励（") })
        #expect(lines[duishang + 2] == "财政资金 县区级 | 12 | 12 | 5.3 | 6.7 | 100.00% | 44.17%")
        let qizha = try #require(lines.firstIndex { $0.contains("欺诈骗保举报奖励金（") })
        #expect(lines[qizha + 2].hasPrefix("财政资金 县区级 | 0.038 | — | 0.037951 |"), "\(lines[qizha + 2])")
        let report = try Self.tables(try PackageTests.generate("yanbian-2021")
            .appendingPathComponent("项目支出绩效自评报告-对上争取资金奖励.docx")).flatMap { $0 }
        let row = try #require(report.first { $0.contains("县区级") })
        #expect(Array(row.suffix(7).prefix(5)) == ["", "12", "12", "5.3", "6.7"], "\(row)")
    }

    // MARK: appended forms and small things (items 8, 10)

    @Test func emptyFormsAreNotAppendedAndValidateSaysSo() throws {
        let out = try PackageTests.generate("yanbian-2021")
        // 建国初期…医疗补助金 has neither amounts nor indicators: nothing is appended.
        let bare = try PackageTests.paragraphs(out.appendingPathComponent("项目支出绩效自评报告-建国初期参加革命工作部分退休干部医疗补助金.docx"))
        #expect(!bare.contains("项目资金情况表"))
        #expect(!bare.contains { $0.hasPrefix("附件") || $0.hasPrefix("附表") })
        // 离休干部医疗费 has amounts: its 项目资金情况表 is 附件1; no empty 自评表 follows.
        let funded = try PackageTests.paragraphs(out.appendingPathComponent("项目支出绩效自评报告-离休干部医疗费.docx"))
        #expect(funded.contains("附件1"))
        #expect(!funded.contains("附件2"))
        #expect(!funded.contains("项目支出绩效自评表"))

        // Its standalone 自评表 would be just as empty: neither DOCX nor CSV is written, nor listed.
        let sheets = try Self.files(out, prefix: "项目支出绩效自评表-建国初期", suffix: "")
        #expect(sheets.isEmpty, "\(sheets)")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(!manifest.contains("项目支出绩效自评表-建国初期"))
        // A project with amounts keeps its standalone 自评表 (its funds).
        #expect(try Self.files(out, prefix: "项目支出绩效自评表-离休干部医疗费", suffix: "").count == 2)

        let validate = try EndToEnd.reportgen(["validate", PackageTests.examplePackage("yanbian-2021").path])
        #expect(validate.status == 0, "\(validate.stderr)")
        let text = validate.stdout + validate.stderr
        #expect(text.contains("W-DEF-010") && text.contains("W-DEF-011") && text.contains("W-DEF-020"), "\(text)")
    }

    /// Seed 002: "附件1.项目支出绩效自评表"; the report's appended 自评表 is labelled 附件1.
    @Test func seedAppendixLabel() throws {
        let out = try PackageTests.generate("zhongdian-jiuzhu-2021")
        let report = try #require(try Self.files(out, prefix: "项目支出绩效自评报告-", suffix: ".docx").first)
        let paragraphs = try PackageTests.paragraphs(out.appendingPathComponent(report))
        let index = try #require(paragraphs.firstIndex(of: "附件1"))
        #expect(paragraphs[index + 1] == "项目支出绩效自评表")
    }

    /// The date under the signature, and docProps naming the document and the unit.
    @Test func signatureDateAndDocumentProperties() throws {
        let out = try PackageTests.generate("ippe-demo")
        let report = try #require(try Self.files(out, prefix: "项目支出绩效自评报告-", suffix: ".docx").first)
        let paragraphs = try PackageTests.paragraphs(out.appendingPathComponent(report))
        // "filledOn": "2022-03-15", unit 示例县医疗保障局: the signature is unit, line break, date.
        #expect(paragraphs.contains("示例县医疗保障局2022年3月15日"))
        let package = try DocxPackage(path: out.appendingPathComponent(report).path)
        let core = String(decoding: try package.bytes(of: "docProps/core.xml"), as: UTF8.self)
        #expect(core.contains("<dc:title>2021年度项目支出绩效自评报告（医保政策宣传与经办能力提升）</dc:title>"))
        #expect(core.contains("<dc:creator>示例县医疗保障局</dc:creator>"))
        #expect(!core.contains("reportgen"))
    }
}
