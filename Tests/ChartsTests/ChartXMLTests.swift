import Foundation
import OOXML
import Testing
@testable import Charts

@Suite struct ChartXMLTests {
    static let specs = [Seed004.totals, Seed004.income, Seed004.expenditure,
                        ChartSpec(kind: .bar, title: "", categories: ["甲 & 乙", "<丙>"],
                                  series: [.init(name: "金额\"x\"", values: [Seed004.d("-1.5"), Seed004.d("1E3")])])]

    @Test(.enabled(if: Tools.canValidate, "xmllint or dml-chart.xsd missing"), arguments: specs)
    func chartIsSchemaValid(spec: ChartSpec) throws {
        let parts = try ChartBuilder.parts(for: spec, index: 1)
        let dir = try Tools.temporaryDirectory("xsd")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("chart1.xml")
        try Data(parts.chartXML).write(to: file)
        let result = try Tools.run(try #require(Tools.find("xmllint")),
                                   ["--noout", "--nonet", "--schema", Tools.chartSchema.path, file.path])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func cachesCarryCategoriesSeriesAndPlainValues() throws {
        let xml = try ChartBuilder.parts(for: Seed004.totals, index: 3).chartXML
        let doc = try XMLDocument(parsing: xml, partName: "chart3.xml")
        let series = doc.root.descendants(named: "c:ser")
        #expect(series.count == 2)
        let first = try #require(series.first)
        #expect(first.descendants(named: "c:tx").first?.descendants(named: "c:v").map(\.textContent) == ["收入总计"])
        #expect(first.descendants(named: "c:f").map(\.textContent) == ["Sheet1!$B$1", "Sheet1!$A$2:$A$3", "Sheet1!$B$2:$B$3"])
        let categories = first.descendants(named: "c:strCache").last?.descendants(named: "c:v").map(\.textContent)
        #expect(categories == ["2020年", "2021年"])
        #expect(first.descendants(named: "c:numCache").first?.descendants(named: "c:v").map(\.textContent) == ["411.09", "645.55"])
        #expect(series.last?.descendants(named: "c:f").last?.textContent == "Sheet1!$C$2:$C$3")
        #expect(doc.root.descendants(named: "c:barDir").first?.attribute("val") == "col")
        #expect(doc.root.descendants(named: "c:externalData").first?.attribute("r:id") == "rId1")
        // Value labels with two decimals; unit in the value axis title.
        #expect(first.descendants(named: "c:dLbls").first?.descendants(named: "c:numFmt").first?.attribute("formatCode") == "0.00")
        #expect(first.descendants(named: "c:showVal").first?.attribute("val") == "1")
        #expect(doc.root.descendants(named: "c:valAx").first?.descendants(named: "a:t").map(\.textContent) == ["单位：万元"])
        #expect(doc.root.descendants(named: "a:ea").allSatisfy { $0.attribute("typeface") == "宋体" })
        #expect(doc.root.descendants(named: "a:latin").count > 0)
    }

    /// Pie labels carry the percentage only and the legend names the slices (名称 beside thin
    /// slices collide, 图6); a zero slice stays in the caches but draws, labels and lists nothing.
    @Test func pieLabelsShowPercentagesAndZeroSlicesDrawNothing() throws {
        let xml = try ChartBuilder.parts(for: Seed004.income, index: 2).chartXML
        let doc = try XMLDocument(parsing: xml, partName: "chart2.xml")
        let labels = try #require(doc.root.descendants(named: "c:dLbls").first)
        #expect(labels.descendants(named: "c:showPercent").first?.attribute("val") == "1")
        #expect(labels.descendants(named: "c:showCatName").first?.attribute("val") == "0")
        #expect(labels.descendants(named: "c:showVal").first?.attribute("val") == "0")
        // The series' own format comes after the points' (each point prints its share with the
        // digits the text gives it, OfficerReviewTests).
        #expect(labels.descendants(named: "c:numFmt").last?.attribute("formatCode") == "0.00%")
        let deleted = labels.descendants(named: "c:dLbl").filter { !$0.descendants(named: "c:delete").isEmpty }
            .compactMap { $0.descendants(named: "c:idx").first?.attribute("val") }
        #expect(deleted == ["2"])
        let points = doc.root.descendants(named: "c:dPt")
        #expect(points.count == 3)
        // The zero slice (其他收入, index 2) has neither fill nor outline; the others have both.
        for point in points {
            let zero = point.descendants(named: "c:idx").first?.attribute("val") == "2"
            #expect(point.descendants(named: "a:solidFill").isEmpty == zero)
        }
        #expect(doc.root.descendants(named: "c:numCache").first?.descendants(named: "c:v").map(\.textContent) == ["644.52", "1.01", "0"])
        let legend = try #require(doc.root.descendants(named: "c:legend").first)
        #expect(legend.descendants(named: "c:legendPos").first?.attribute("val") == "r")
        #expect(legend.descendants(named: "c:legendEntry").compactMap { $0.descendants(named: "c:idx").first?.attribute("val") } == ["2"])
    }

    /// Amounts start at 0 (seed 004: 411.09 → 645.55 must not look like a fivefold rise); a
    /// chart with a negative value keeps the automatic minimum.
    @Test func valueAxisStartsAtZero() throws {
        for spec in [Seed004.totals, Seed004.generalBudgetChange] {
            let doc = try XMLDocument(parsing: try ChartBuilder.parts(for: spec, index: 1).chartXML, partName: "chart1.xml")
            let scaling = try #require(doc.root.descendants(named: "c:valAx").first?.descendants(named: "c:scaling").first)
            #expect(scaling.descendants(named: "c:min").first?.attribute("val") == "0", "\(spec.title)")
        }
        let negative = ChartSpec(kind: .bar, title: "增减", categories: ["甲", "乙"],
                                 series: [.init(name: "增减额", values: [Seed004.d("-1.5"), Seed004.d("3")])])
        let doc = try XMLDocument(parsing: try ChartBuilder.parts(for: negative, index: 1).chartXML, partName: "chart1.xml")
        #expect(doc.root.descendants(named: "c:min").isEmpty)
    }

    /// Last year against this year: two series, each its own colour, with a legend below.
    @Test func twoSeriesHaveDistinctColoursAndALegend() throws {
        let doc = try XMLDocument(parsing: try ChartBuilder.parts(for: Seed004.totals, index: 1).chartXML, partName: "chart1.xml")
        let series = doc.root.descendants(named: "c:ser")
        #expect(series.count == 2)
        let colours = series.compactMap { $0.descendants(named: "c:spPr").first?.descendants(named: "a:srgbClr").first?.attribute("val") }
        #expect(colours.count == 2 && Set(colours).count == 2)
        #expect(doc.root.descendants(named: "c:legend").first?.descendants(named: "c:legendPos").first?.attribute("val") == "b")
        let single = try XMLDocument(parsing: try ChartBuilder.parts(for: Seed004.generalBudgetChange, index: 1).chartXML, partName: "chart1.xml")
        #expect(single.root.descendants(named: "c:legend").isEmpty)
    }

    @Test func textIsEscapedAndNumbersArePlain() throws {
        let spec = ChartSpec(kind: .bar, title: "A&B <图>", categories: ["甲 & 乙"],
                             series: [.init(name: "x\"y", values: [Seed004.d("3.7E1")])])
        let parts = try ChartBuilder.parts(for: spec, index: 1)
        let doc = try XMLDocument(parsing: parts.chartXML, partName: "chart1.xml")
        #expect(doc.root.descendants(named: "c:title").first?.descendants(named: "a:t").map(\.textContent) == ["A&B <图>"])
        #expect(doc.root.descendants(named: "c:numCache").first?.descendants(named: "c:v").map(\.textContent) == ["37"])
        #expect(!parts.chartXML.text.contains("E1"))
        #expect(doc.root.descendants(named: "c:barDir").first?.attribute("val") == "bar")
    }

    @Test func relationshipPointsAtTheEmbeddedWorkbook() throws {
        let parts = try ChartBuilder.parts(for: Seed004.expenditure, index: 7)
        let doc = try XMLDocument(parsing: parts.chartRelsXML, partName: "chart7.xml.rels")
        let rel = try #require(doc.root.elements.first)
        #expect(rel.attribute("Id") == "rId1")
        #expect(rel.attribute("Type") == "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package")
        #expect(rel.attribute("Target") == "../embeddings/Microsoft_Excel_Worksheet7.xlsx")
        #expect(ChartPackaging.workbookPartName(index: 7) == "word/embeddings/Microsoft_Excel_Worksheet7.xlsx")
        #expect(ChartPackaging.chartPartName(index: 7) == "word/charts/chart7.xml")
    }

    @Test func sameSpecGivesSameBytes() throws {
        let a = try ChartBuilder.parts(for: Seed004.income, index: 2)
        let b = try ChartBuilder.parts(for: Seed004.income, index: 2)
        #expect(a.chartXML == b.chartXML)
        #expect(a.chartRelsXML == b.chartRelsXML)
        #expect(a.workbook == b.workbook)
    }

    @Test func inlineDrawingRunIsWellFormedAndEscaped() throws {
        let run = ChartBuilder.inlineDrawingXML(relationshipID: "rId9", docPrID: 4, name: "图表 \"1\" & 2",
                                                widthEMU: 5_486_400, heightEMU: 3_200_400)
        let wrapped = "<w:p xmlns:w=\"\(Namespace.w)\">\(run)</w:p>"
        let doc = try XMLDocument(parsing: Array(wrapped.utf8), partName: "fragment")
        #expect(doc.root.descendants(named: "wp:extent").first?.attribute("cx") == "5486400")
        #expect(doc.root.descendants(named: "wp:extent").first?.attribute("cy") == "3200400")
        #expect(doc.root.descendants(named: "wp:docPr").first?.attribute("id") == "4")
        #expect(doc.root.descendants(named: "wp:docPr").first?.attribute("name") == "图表 \"1\" & 2")
        let chart = try #require(doc.root.descendants(named: "c:chart").first)
        #expect(chart.namespaceURI == Namespace.c)
        #expect(chart.attribute("r:id") == "rId9")
        #expect(doc.root.descendants(named: "a:graphicData").first?.attribute("uri") == Namespace.c)
    }
}

@Suite struct ChartSpecValidationTests {
    @Test func allProblemsAreReportedTogether() {
        let spec = ChartSpec(kind: .pie, title: "图\u{1}", categories: ["a", "b"],
                             series: [.init(name: "s", values: [Seed004.d("-1")]),
                                      .init(name: "t", values: [Seed004.d("1"), .nan])],
                             decimals: 9)
        #expect {
            _ = try ChartBuilder.parts(for: spec, index: 0)
        } throws: { error in
            guard let error = error as? ChartError else { return false }
            let codes = Set(error.problems.map(\.code))
            let paths = Set(error.problems.map(\.path))
            return codes == [.forbiddenCharacter, .seriesCount, .decimals, .valueCount, .notANumber, .pieNegative, .index]
                && paths.isSuperset(of: ["title", "series", "decimals", "series[0].values", "series[1].values[1]", "series[0].values[0]"])
        }
    }

    @Test func emptyAndZeroPiesAreRejected() {
        let empty = ChartSpec(kind: .column, title: "t", categories: [], series: [])
        #expect(Set(empty.problems().map(\.code)) == [.noCategories, .seriesCount])
        let zero = ChartSpec(kind: .pie, title: "t", categories: ["a"], series: [.init(name: "s", values: [0])])
        #expect(zero.problems().map(\.code) == [.pieEmpty])
        #expect(Seed004.totals.problems().isEmpty)
    }

    @Test func kindsByEnglishOrChineseName() {
        #expect(ChartSpec.Kind(name: "柱状图") == .column)
        #expect(ChartSpec.Kind(name: "饼状图") == .pie)
        #expect(ChartSpec.Kind(name: "bar") == .bar)
        #expect(ChartSpec.Kind(name: "折线图") == nil)
    }

    @Test func messagesAreChineseWithStableCodes() {
        let spec = ChartSpec(kind: .column, title: "t", categories: ["a", "b"], series: [.init(name: "s", values: [1])])
        let text = ChartError(spec.problems()).description
        #expect(text == "E-CHART-003 series[0].values：有 1 个数值，但分类有 2 个，两者应一一对应")
    }
}
