import ErrorCodes
import Charts
import Foundation
import JSONValue
import OOXML
import Templating

/// The `chart` block: a body node's `"chart": {…}` (handed on by the outline) or
/// `{{> chart:path}}` becomes a chart part with its embedded workbook, a centred paragraph
/// holding the drawing, and a caption `图N：title` below it (N counts the document's charts).
///
/// The chart object: `kind` (`bar` `column` `pie` or 条形图 柱状图 饼状图…), `title`, optional
/// `unit`, `categories`, `series: [{name, values}]` (numbers or decimal strings) and optional
/// `decimals`; keys starting with `_` are comments.
public struct ChartBlock: BlockGenerator {
    /// 15 cm × 6.5 cm: fits the 156 mm text width of the GB/T 9704 page; with its caption it
    /// takes about 8 of the page's 22 lines, so a chart after a short paragraph still fits
    /// below it instead of leaving half a page empty.
    public var widthEMU: Int
    public var heightEMU: Int

    public init(widthEMU: Int = 5_400_000, heightEMU: Int = 2_340_000) {
        self.widthEMU = widthEMU
        self.heightEMU = heightEMU
    }

    static let keys = ["kind", "title", "unit", "categories", "series", "decimals"]
    /// Caption styles tried in order (style ids or names, as Word and WPS spell them): a
    /// figure's caption style, else a table title's, which is not a caption's look.
    static let captionStyles = figureCaptionStyles + ["TableTitle", "表名"]
    static let figureCaptionStyles = ["Caption", "caption", "题注", "FigureTitle", "图名"]

    /// Part names that carry the chart number: the number must be free under both.
    static let indexedPrefixes = [
        String(ChartPackaging.chartPartName(index: 0).dropLast("0.xml".count)),
        String(ChartPackaging.workbookPartName(index: 0).dropLast("0.xlsx".count)),
    ]

    /// Only for `{{> chart:path}}` (the outline calls `render` directly).
    public func validate(_ context: BlockContext) -> String? {
        context.argument.isEmpty ? "图表块需要数据路径，例如 {{> chart:charts.income}}" : nil
    }

    /// The caption's style: a template whose 题注 was renamed in Word or WPS (or deleted) put
    /// every chart's caption in the table titles' style or in plain centred text, and nothing
    /// said why (W-TPL-026, staff review 13).
    public func styles(_ context: BlockContext) -> [BlockStyle] {
        let stand = Self.captionStyles.dropFirst(Self.figureCaptionStyles.count).lazy.compactMap { context.styles.styleID($0) }.first
        let fallback = stand.map { "表格标题所用的样式 “\(context.styles.name(ofStyle: $0) ?? $0)”" } ?? "居中的正文格式"
        return [BlockStyle(name: "题注", ids: Self.figureCaptionStyles, use: "图表下方的题注（图1：……）", fallback: fallback,
                           builtIn: "caption", clue: .captionField)]
    }

    public func render(_ context: BlockContext, scope: BlockScope, into out: inout XMLOutput) throws(FilterFailure) {
        let path = scope.nodePath ?? context.argument
        let value: JSONValue
        if let node = scope.node {
            value = node
        } else if let found = scope.value(at: context.argument), found != .null {
            value = found
        } else {
            if scope.missing == .empty { return }
            throw FilterFailure("数据中没有 \(path)", path: path)
        }
        let spec = try Self.spec(from: value, path: path)
        guard let attachments = scope.attachments else {
            throw FilterFailure("\(path)：图表只能在渲染整个文档时生成（没有可添加部件的文档）", path: path)
        }

        let index = attachments.uniqueIndex(prefixes: Self.indexedPrefixes)
        let parts: ChartParts
        do {
            parts = try ChartBuilder.parts(for: spec, index: index)
        } catch {
            throw Self.failure(Self.full(error.problems, base: path), path: path)
        }
        let id = try attachments.addRelated(partName: ChartPackaging.chartPartName(index: index),
                                            contentType: ChartPackaging.chartContentType, bytes: parts.chartXML,
                                            relationshipType: ChartPackaging.chartRelationshipType)
        try attachments.addPart(partName: ChartPackaging.chartRelsPartName(index: index), contentType: nil, bytes: parts.chartRelsXML)
        try attachments.addPart(partName: ChartPackaging.workbookPartName(index: index),
                                contentType: ChartPackaging.workbookContentType, bytes: parts.workbook)
        let figure = attachments.nextNumber("图")
        let drawing = ChartBuilder.inlineDrawingXML(relationshipID: id, docPrID: attachments.nextDrawingID(),
                                                    name: "图表 \(figure)", widthEMU: widthEMU, heightEMU: heightEMU)

        // Body styles use exact line spacing, which would crop the drawing to one line; the
        // paragraph also drops any first-line indent so the chart sits in the middle.
        out.append("<w:p><w:pPr><w:keepNext/><w:spacing w:before=\"120\" w:after=\"60\" w:line=\"240\" w:lineRule=\"auto\"/>"
            + "<w:ind w:left=\"0\" w:leftChars=\"0\" w:right=\"0\" w:rightChars=\"0\" w:firstLine=\"0\" w:firstLineChars=\"0\"/>"
            + "<w:jc w:val=\"center\"/></w:pPr>")
        out.append(drawing)
        out.append("</w:p>")

        out.append("<w:p><w:pPr>")
        if let style = Self.captionStyles.lazy.compactMap({ context.styles.styleID($0) }).first {
            out.append("<w:pStyle w:val=\"")
            out.appendEscapedAttribute(style)
            out.append("\"/>")
        }
        out.append("<w:ind w:left=\"0\" w:leftChars=\"0\" w:firstLine=\"0\" w:firstLineChars=\"0\"/><w:jc w:val=\"center\"/></w:pPr>")
        out.append("<w:r><w:t xml:space=\"preserve\">")
        out.appendEscapedText(XMLText.sanitized("图\(figure)：\(spec.title)").text)
        out.append("</w:t></w:r></w:p>")
    }

    // MARK: - Decoding

    /// The spec a chart object describes; every problem (shape, values, and `ChartSpec`'s own
    /// checks) is reported at once with its JSON path below `path`.
    public static func spec(from value: JSONValue, path: String) throws(FilterFailure) -> ChartSpec {
        let decoded = decode(value, path: path)
        guard let spec = decoded.spec, decoded.problems.isEmpty else { throw failure(decoded.problems, path: path) }
        return spec
    }

    /// One render failure listing every problem; shape problems (E-CHART-012) without their
    /// code, as the block's message always had them.
    static func failure(_ problems: [ChartError.Problem], path: String) -> FilterFailure {
        let text = problems.map { problem in
            "\(problem.path)：" + (problem.code == .definition ? "" : problem.code.rawValue + " ") + problem.message
        }
        return FilterFailure(text.joined(separator: "；"), path: problems.first?.path ?? path)
    }

    /// The chart a node's JSON describes, or every problem in it, each with its full JSON path.
    public static func decode(_ value: JSONValue, path: String) -> (spec: ChartSpec?, problems: [ChartError.Problem]) {
        var problems: [ChartError.Problem] = []
        func add(_ relative: String, _ message: String) { problems.append(ChartError.Problem(code: .definition, path: relative, message: message)) }
        func sub(_ key: String) -> String { JSONPath.appending("", key: key) }

        guard case .object(let object) = value else {
            add("", "图表应为对象（含 kind、title、categories、series），实为\(value.typeName)")
            return (nil, full(problems, base: path))
        }
        for key in object.keys where !key.hasPrefix("_") && !keys.contains(key) {
            add(sub(key), "未知字段（可用：\(keys.joined(separator: "、"))）")
        }

        var kind: ChartSpec.Kind?
        switch object["kind"] {
        case nil, .null?:
            add("kind", "缺少图表类型（bar、column、pie 或 条形图、柱状图、饼状图）")
        case .string(let text)?:
            kind = ChartSpec.Kind(name: text)
            if kind == nil { add("kind", "未知的图表类型 “\(text)”（可用：bar、column、pie 或 条形图、柱状图、饼状图）") }
        case let other?:
            add("kind", "图表类型应为字符串，实为\(other.typeName)")
        }

        var title = ""
        switch object["title"] {
        case .string(let text)? where !text.trimmingCharacters(in: .whitespaces).isEmpty: title = text
        case .string?, nil, .null?: add("title", "缺少图表标题（用于图题 “图N：标题”）")
        case let other?: add("title", "图表标题应为字符串，实为\(other.typeName)")
        }

        var unit: String?
        switch object["unit"] {
        case nil, .null?: break
        case .string(let text)?: unit = text.isEmpty ? nil : text
        case let other?: add("unit", "单位应为字符串，实为\(other.typeName)")
        }

        var categories: [String] = []
        switch object["categories"] {
        case nil, .null?: add("categories", "缺少分类（categories 数组）")
        case .array(let items)?:
            for (i, item) in items.enumerated() {
                switch item {
                case .string(let text): categories.append(text)
                // A year written as a number (2021) prints as written.
                case .number(let literal): categories.append(literal)
                default:
                    categories.append("")
                    add(JSONPath.appending("categories", index: i), "分类名应为字符串，实为\(item.typeName)")
                }
            }
        case let other?: add("categories", "分类应为数组，实为\(other.typeName)")
        }

        var series: [ChartSpec.Series] = []
        switch object["series"] {
        case nil, .null?: add("series", "缺少数据系列（series 数组）")
        case .array(let items)?:
            for (s, item) in items.enumerated() {
                let base = JSONPath.appending("series", index: s)
                guard case .object(let one) = item else {
                    add(base, "数据系列应为对象（含 name、values），实为\(item.typeName)")
                    continue
                }
                for key in one.keys where !key.hasPrefix("_") && key != "name" && key != "values" {
                    add(JSONPath.appending(base, key: key), "未知字段（可用：name、values）")
                }
                var name = ""
                switch one["name"] {
                case .string(let text)?: name = text
                case nil, .null?: add(base + ".name", "缺少系列名称")
                case let other?: add(base + ".name", "系列名称应为字符串，实为\(other.typeName)")
                }
                var values: [Decimal] = []
                switch one["values"] {
                case .array(let numbers)?:
                    for (i, number) in numbers.enumerated() {
                        if let decimal = number.decimal, decimal.isFinite {
                            values.append(decimal)
                        } else {
                            values.append(0)
                            let shown = number.stringValue.map { "“\($0)”" } ?? number.typeName
                            add(JSONPath.appending(base + ".values", index: i), "数值应为数字或数字字符串（如 645.55），实为\(shown)")
                        }
                    }
                case nil, .null?: add(base + ".values", "缺少数值（values 数组）")
                case let other?: add(base + ".values", "数值应为数组，实为\(other.typeName)")
                }
                series.append(ChartSpec.Series(name: name, values: values))
            }
        case let other?: add("series", "数据系列应为数组，实为\(other.typeName)")
        }

        var decimals: Int?
        switch object["decimals"] {
        case nil, .null?: break
        case .number(let literal)? where literal.allSatisfy(\.isNumber) && literal.count <= 2:
            decimals = Int(literal)
        case let other?: add("decimals", "小数位数应为 0 到 \(ChartSpec.maxDecimals) 的整数，实为\(ValueText.describe(other))")
        }

        guard let kind else { return (nil, full(problems, base: path)) }
        let spec = ChartSpec(kind: kind, title: title, categories: categories, series: series, unit: unit, decimals: decimals)
        // The spec's own checks, except on fields decoding already reported, so one mistake
        // is not reported twice.
        func top(_ path: String) -> Substring { path.prefix(while: { $0 != "." && $0 != "[" }) }
        let reported = Set(problems.map { top($0.path) })
        problems += spec.problems().filter { !reported.contains(top($0.path)) }
        return (spec, full(problems, base: path))
    }

    /// The problems with their full JSON paths (`base` + the path below the chart object).
    static func full(_ problems: [ChartError.Problem], base: String) -> [ChartError.Problem] {
        problems.map { problem in
            var full = problem
            if problem.path.isEmpty { full.path = base } else if !base.isEmpty {
                full.path = problem.path.hasPrefix("[") ? base + problem.path : base + "." + problem.path
            }
            return full
        }
    }
}
