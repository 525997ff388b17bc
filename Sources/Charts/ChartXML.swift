import Foundation
import OOXML
import TextFormats

/// Writes `c:chartSpace` for a validated spec. Element order follows dml-chart.xsd
/// (sequence order matters to Word, which refuses a chart with misordered children).
struct ChartXML {

    /// 宋体 for everything: the face official 决算 charts use; both slots are set so digits
    /// and Latin text do not fall back to a theme font.
    static let titleFont = "宋体"
    static let bodyFont = "宋体"
    static let titleSize = 1400   // 14 pt, about 四号
    static let bodySize = 1000    // 10 pt
    static let textColor = "000000"
    static let gridColor = "D9D9D9"
    static let axisColor = "808080"
    /// Office's default accents: distinct in colour and in grey print.
    static let palette = ["4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47",
                          "264478", "9E480E", "636363", "997300", "255E91", "43682B"]
    static let categoryAxisID = "500000001"
    static let valueAxisID = "500000002"

    let spec: ChartSpec
    let layout: SheetLayout
    let decimals: Int
    var x = XMLBuffer()

    init(spec: ChartSpec) {
        self.spec = spec
        self.layout = SheetLayout(categoryCount: spec.categories.count, seriesCount: spec.series.count)
        self.decimals = spec.decimals
            ?? min(ChartSpec.maxDecimals, spec.series.flatMap(\.values).map(DecimalText.scale).max() ?? 0)
    }

    static func bytes(for spec: ChartSpec) -> [UInt8] {
        var writer = ChartXML(spec: spec)
        writer.write()
        return writer.x.bytes
    }

    var valueFormat: String {
        decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals)
    }

    mutating func write() {
        x.open("c:chartSpace", ["xmlns:c": Namespace.c, "xmlns:a": Namespace.a, "xmlns:r": Namespace.r])
        x.val("c:date1904", false)
        x.val("c:lang", "zh-CN")
        // Absent means rounded in Word and Excel; official charts have square frames.
        x.val("c:roundedCorners", false)
        x.open("c:chart")
        let title = spec.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty {
            x.val("c:autoTitleDeleted", true)
        } else {
            writeTitle(lines: title.components(separatedBy: "\n"), size: Self.titleSize, bold: true, rotated: false)
            x.val("c:autoTitleDeleted", false)
        }
        x.open("c:plotArea")
        x.empty("c:layout")
        switch spec.kind {
        case .bar, .column: writeBarChart()
        case .pie: writePieChart()
        }
        writePlainShape()
        x.close("c:plotArea")
        // Pie labels carry only the percentage (names beside thin slices collide, 图6), so the
        // legend names the slices; bar and column charts need one only for two or more series.
        if spec.kind == .pie || spec.series.count > 1 {
            x.open("c:legend")
            x.val("c:legendPos", spec.kind == .pie ? "r" : "b")
            if spec.kind == .pie {
                for i in zeroSlices {
                    x.open("c:legendEntry"); x.val("c:idx", i); x.val("c:delete", true); x.close("c:legendEntry")
                }
            }
            x.val("c:overlay", false)
            writeTextProperties(size: Self.bodySize)
            x.close("c:legend")
        }
        x.val("c:plotVisOnly", true)
        x.val("c:dispBlanksAs", "gap")
        x.close("c:chart")
        x.open("c:spPr")
        x.open("a:solidFill"); x.val("a:srgbClr", "FFFFFF"); x.close("a:solidFill")
        x.open("a:ln"); x.empty("a:noFill"); x.close("a:ln")
        x.close("c:spPr")
        writeTextProperties(size: Self.bodySize)
        x.open("c:externalData", ["r:id": ChartPackaging.workbookRelationshipID])
        // Word would otherwise offer to refresh from the workbook on open.
        x.val("c:autoUpdate", false)
        x.close("c:externalData")
        x.close("c:chartSpace")
    }

    // MARK: bar / column

    mutating func writeBarChart() {
        x.open("c:barChart")
        x.val("c:barDir", spec.kind == .bar ? "bar" : "col")
        x.val("c:grouping", "clustered")
        x.val("c:varyColors", false)
        for (s, series) in spec.series.enumerated() {
            x.open("c:ser")
            x.val("c:idx", s)
            x.val("c:order", s)
            writeSeriesName(s, series.name)
            writeFill(Self.palette[s % Self.palette.count])
            x.val("c:invertIfNegative", false)
            writeDataLabels(position: "outEnd", value: true, category: false, percent: false, format: valueFormat,
                            pointFormats: spec.decimals == nil ? series.values.map { Self.format(decimals: Self.labelDecimals($0)) } : nil)
            writeCategories()
            writeValues(s, series.values)
            x.close("c:ser")
        }
        x.val("c:gapWidth", 100)
        x.val("c:overlap", spec.series.count > 1 ? -10 : 0)
        x.val("c:axId", Self.categoryAxisID)
        x.val("c:axId", Self.valueAxisID)
        x.close("c:barChart")
        writeCategoryAxis()
        writeValueAxis()
    }

    mutating func writeCategoryAxis() {
        let horizontal = spec.kind == .bar
        x.open("c:catAx")
        x.val("c:axId", Self.categoryAxisID)
        x.open("c:scaling")
        // Horizontal bars list categories bottom-up by default; reversed they read top-down
        // in input order, like the table above the chart.
        x.val("c:orientation", horizontal ? "maxMin" : "minMax")
        x.close("c:scaling")
        x.val("c:delete", false)
        x.val("c:axPos", horizontal ? "l" : "b")
        x.empty("c:numFmt", ["formatCode": "General", "sourceLinked": "1"])
        x.val("c:majorTickMark", "none")
        x.val("c:minorTickMark", "none")
        x.val("c:tickLblPos", "nextTo")
        writeLine(Self.axisColor)
        writeTextProperties(size: Self.bodySize)
        x.val("c:crossAx", Self.valueAxisID)
        x.val("c:crosses", "autoZero")
        x.val("c:auto", true)
        x.val("c:lblAlgn", "ctr")
        x.val("c:lblOffset", 100)
        x.val("c:noMultiLvlLbl", false)
        x.close("c:catAx")
    }

    mutating func writeValueAxis() {
        let horizontal = spec.kind == .bar
        x.open("c:valAx")
        x.val("c:axId", Self.valueAxisID)
        x.open("c:scaling")
        x.val("c:orientation", "minMax")
        // An automatic minimum starts near the smallest value (360 for 370 and 380) and makes
        // a small change look large: amounts start at 0 unless some value is negative.
        if spec.series.allSatisfy({ $0.values.allSatisfy { $0 >= 0 } }) {
            x.val("c:min", 0)
        }
        x.close("c:scaling")
        x.val("c:delete", false)
        x.val("c:axPos", horizontal ? "b" : "l")
        x.open("c:majorGridlines")
        writeLine(Self.gridColor)
        x.close("c:majorGridlines")
        if let unit = spec.unit?.trimmingCharacters(in: .whitespaces), !unit.isEmpty {
            writeTitle(lines: ["单位：\(unit)"], size: Self.bodySize, bold: false, rotated: !horizontal)
        }
        x.empty("c:numFmt", ["formatCode": "General", "sourceLinked": "0"])
        x.val("c:majorTickMark", "none")
        x.val("c:minorTickMark", "none")
        x.val("c:tickLblPos", "nextTo")
        x.open("c:spPr"); x.open("a:ln"); x.empty("a:noFill"); x.close("a:ln"); x.close("c:spPr")
        writeTextProperties(size: Self.bodySize)
        x.val("c:crossAx", Self.categoryAxisID)
        // With reversed categories the value axis would move to the top; keep it below.
        x.val("c:crosses", horizontal ? "max" : "autoZero")
        x.val("c:crossBetween", "between")
        x.close("c:valAx")
    }

    // MARK: pie

    /// Slices of value 0: kept in the data, not drawn, labelled or listed in the legend.
    var zeroSlices: [Int] {
        spec.series.first.map { series in series.values.indices.filter { series.values[$0] == 0 } } ?? []
    }

    mutating func writePieChart() {
        x.open("c:pieChart")
        x.val("c:varyColors", true)
        let series = spec.series[0]
        x.open("c:ser")
        x.val("c:idx", 0)
        x.val("c:order", 0)
        writeSeriesName(0, series.name)
        // A zero slice stays in the data (caches and workbook) but draws nothing: its white
        // border would otherwise show as a stray radius, its label ("0.00%") pile up on a neighbour.
        let hidden = zeroSlices
        for i in spec.categories.indices {
            x.open("c:dPt")
            x.val("c:idx", i)
            x.val("c:bubble3D", false)
            x.open("c:spPr")
            if hidden.contains(i) {
                x.empty("a:noFill")
                x.open("a:ln"); x.empty("a:noFill"); x.close("a:ln")
            } else {
                x.open("a:solidFill"); x.val("a:srgbClr", Self.palette[i % Self.palette.count]); x.close("a:solidFill")
                x.open("a:ln", ["w": "12700"]); x.open("a:solidFill"); x.val("a:srgbClr", "FFFFFF"); x.close("a:solidFill"); x.close("a:ln")
            }
            x.close("c:spPr")
            x.close("c:dPt")
        }
        writeDataLabels(position: "bestFit", value: false, category: false, percent: true, format: "0.00%", hidden: hidden,
                        pointFormats: Self.percentFormats(series.values))
        writeCategories()
        writeValues(0, series.values)
        x.close("c:ser")
        x.val("c:firstSliceAng", 0)
        x.close("c:pieChart")
    }

    // MARK: shared pieces

    mutating func writeSeriesName(_ s: Int, _ name: String) {
        x.open("c:tx")
        x.open("c:strRef")
        x.text("c:f", layout.seriesNameFormula(s))
        x.open("c:strCache")
        x.val("c:ptCount", 1)
        x.open("c:pt", ["idx": "0"]); x.text("c:v", name); x.close("c:pt")
        x.close("c:strCache")
        x.close("c:strRef")
        x.close("c:tx")
    }

    mutating func writeCategories() {
        x.open("c:cat")
        x.open("c:strRef")
        x.text("c:f", layout.categoriesFormula)
        x.open("c:strCache")
        x.val("c:ptCount", spec.categories.count)
        for (i, category) in spec.categories.enumerated() {
            x.open("c:pt", ["idx": String(i)]); x.text("c:v", category); x.close("c:pt")
        }
        x.close("c:strCache")
        x.close("c:strRef")
        x.close("c:cat")
    }

    mutating func writeValues(_ s: Int, _ values: [Decimal]) {
        x.open("c:val")
        x.open("c:numRef")
        x.text("c:f", layout.valuesFormula(s))
        x.open("c:numCache")
        x.text("c:formatCode", "General")
        x.val("c:ptCount", values.count)
        for (i, value) in values.enumerated() {
            x.open("c:pt", ["idx": String(i)]); x.text("c:v", DecimalText.plain(value)); x.close("c:pt")
        }
        x.close("c:numCache")
        x.close("c:numRef")
        x.close("c:val")
    }

    // MARK: label number formats

    /// `0`, `0.0`, `0.00`: a format with exactly the digits a label needs. A format like `0.##`
    /// would leave a trailing dot on whole numbers (`100.%`), so each point gets its own.
    static func format(decimals: Int, percent: Bool = false) -> String {
        (decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals)) + (percent ? "%" : "")
    }

    /// A value label as the 决算说明 text prints amounts: its own digits, trailing zeros dropped.
    static func labelDecimals(_ value: Decimal) -> Int { min(ChartSpec.maxDecimals, DecimalText.scale(value)) }

    /// Each slice's percentage as the text prints rates: half-up to two decimals, trailing zeros
    /// dropped (50.2%, 3.1%, 100%). The renderer computes the share itself; the format only
    /// fixes its digits, chosen from the same share computed here in Decimal.
    static func percentFormats(_ values: [Decimal]) -> [String] {
        let total = values.reduce(0, +)
        return values.map { value in
            guard total != 0 else { return format(decimals: 2, percent: true) }
            return format(decimals: DecimalText.scale(DecimalText.rounded(value / total * 100, places: 2)), percent: true)
        }
    }

    mutating func writeDataLabels(position: String, value: Bool, category: Bool, percent: Bool, format: String,
                                  hidden: [Int] = [], pointFormats: [String]? = nil) {
        x.open("c:dLbls")
        let count = spec.categories.count
        for i in 0..<count {
            if hidden.contains(i) {
                x.open("c:dLbl"); x.val("c:idx", i); x.val("c:delete", true); x.close("c:dLbl")
            } else if let pointFormats, i < pointFormats.count {
                x.open("c:dLbl")
                x.val("c:idx", i)
                writeLabelBody(position: position, value: value, category: category, percent: percent, format: pointFormats[i])
                x.close("c:dLbl")
            }
        }
        writeLabelBody(position: position, value: value, category: category, percent: percent, format: format)
        if spec.kind == .pie {
            x.val("c:showLeaderLines", true)
        }
        x.close("c:dLbls")
    }

    /// The shared tail of `c:dLbl` and `c:dLbls` (schema order: numFmt … separator).
    mutating func writeLabelBody(position: String, value: Bool, category: Bool, percent: Bool, format: String) {
        x.empty("c:numFmt", ["formatCode": format, "sourceLinked": "0"])
        x.open("c:spPr"); x.empty("a:noFill"); x.open("a:ln"); x.empty("a:noFill"); x.close("a:ln"); x.close("c:spPr")
        writeTextProperties(size: Self.bodySize)
        x.val("c:dLblPos", position)
        x.val("c:showLegendKey", false)
        x.val("c:showVal", value)
        x.val("c:showCatName", category)
        x.val("c:showSerName", false)
        x.val("c:showPercent", percent)
        x.val("c:showBubbleSize", false)
        if category && (value || percent) {
            x.text("c:separator", "\n")
        }
    }

    mutating func writeTitle(lines: [String], size: Int, bold: Bool, rotated: Bool) {
        x.open("c:title")
        x.open("c:tx")
        x.open("c:rich")
        if rotated {
            x.empty("a:bodyPr", ["rot": "-5400000", "vert": "horz"])
        } else {
            x.empty("a:bodyPr")
        }
        x.empty("a:lstStyle")
        for line in lines {
            x.open("a:p")
            x.open("a:pPr"); writeRunProperties("a:defRPr", size: size, bold: bold); x.close("a:pPr")
            x.open("a:r")
            writeRunProperties("a:rPr", size: size, bold: bold, language: true)
            x.text("a:t", line)
            x.close("a:r")
            x.close("a:p")
        }
        x.close("c:rich")
        x.close("c:tx")
        x.val("c:overlay", false)
        x.close("c:title")
    }

    mutating func writeTextProperties(size: Int) {
        x.open("c:txPr")
        x.empty("a:bodyPr")
        x.empty("a:lstStyle")
        x.open("a:p")
        x.open("a:pPr"); writeRunProperties("a:defRPr", size: size, bold: false); x.close("a:pPr")
        x.empty("a:endParaRPr", ["lang": "zh-CN"])
        x.close("a:p")
        x.close("c:txPr")
    }

    mutating func writeRunProperties(_ name: String, size: Int, bold: Bool, language: Bool = false) {
        let font = bold ? Self.titleFont : Self.bodyFont
        if language {
            x.open(name, ["lang": "zh-CN", "altLang": "en-US", "sz": String(size), "b": bold ? "1" : "0"])
        } else {
            x.open(name, ["sz": String(size), "b": bold ? "1" : "0"])
        }
        x.open("a:solidFill"); x.val("a:srgbClr", Self.textColor); x.close("a:solidFill")
        x.empty("a:latin", ["typeface": font])
        x.empty("a:ea", ["typeface": font])
        x.close(name)
    }

    mutating func writeFill(_ color: String) {
        x.open("c:spPr")
        x.open("a:solidFill"); x.val("a:srgbClr", color); x.close("a:solidFill")
        x.close("c:spPr")
    }

    mutating func writeLine(_ color: String) {
        x.open("c:spPr")
        x.open("a:ln", ["w": "9525"]); x.open("a:solidFill"); x.val("a:srgbClr", color); x.close("a:solidFill"); x.close("a:ln")
        x.close("c:spPr")
    }

    mutating func writePlainShape() {
        x.open("c:spPr"); x.empty("a:noFill"); x.open("a:ln"); x.empty("a:noFill"); x.close("a:ln"); x.close("c:spPr")
    }
}
