import ArgumentParser
import Foundation
import JSONValue
import ReportKit
import Templating

struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "template", abstract: "模板维护：检查模板、列出标签、预览。", discussion: """
        修改模板的完整说明见 docs/模板维护指南.md。

        示例（在仓库根目录运行）：
          reportgen template check templates/self-evaluation-sheet.docx
        """, subcommands: [TemplateCheckCommand.self, TemplateFieldsCommand.self, TemplatePreviewCommand.self])
}

struct TemplateCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "检查模板中的全部错误及其位置（有错误时退出码为 1）。",
        discussion: """
        除标签写法外，还按模板种类的数据约定核对每个标签：拼错的字段（给出最接近的字段名及中文名）、
        写在循环之外的列表项字段、用在不合适的值上的过滤器；中文输入法误输入的全角符号（｛｛ ｝｝、｜、：、＃、“ ”、＝、！）
        与多打的大括号；删掉的必需标签（如 {{> body}}，警告）；删掉的“合计”行（逐项印出得分或金额的
        表格没有印对应的合计，如自评得分、等次）。每条消息写明位置（正文/页眉/页脚/脚注、第几个文本框、
        第几个表格第几行第几列或第几段）、原文与改法。
        模板种类由 --for 指定，省略时按文件名判断（如 project-report.docx 为 project）。

        示例（在仓库根目录运行）：
          reportgen template check templates/self-evaluation-sheet.docx
          reportgen template check templates/summary.docx --for summary
        """
    )
    @Argument(help: ArgumentHelp("模板文件（.docx）。", valueName: "模板文件")) var template: String
    @Option(name: .customLong("for"), help: CommandSupport.forHelp) var kind: Choice<TemplateKindWord>?
    @Option(help: ArgumentHelp("标签定界符，例如 \"{ }\"。", valueName: "开 闭")) var delimiters: String?

    func run() throws {
        let kind = CommandSupport.kind(template: template, option: try self.kind?.value())
        let options = CommandSupport.options(delimiters: delimiters, missing: .error, kind: kind)
        let result = CommandSupport.check(template: template, options: options)
        Self.report(Self.problems(result, kind: kind, options: options), template: template, kindGuessed: kind != nil || self.kind != nil)
        let against = kind.map { "，已按 \($0.rawValue)（\($0.chineseName)）的数据约定核对字段" } ?? "；" + Self.unchecked
        print("模板 \(template) 检查通过，共 \(result.fields.count) 个标签\(against)。")
    }
}

extension TemplateCheckCommand {
    /// What `template check` finds, and `template preview` refuses to preview: the tags' own
    /// errors and, for a report template kind, every tag checked against the kind's data contract.
    static func problems(_ result: (errors: [TemplateError], fields: [TemplateField]), kind: TemplateContract.Kind?,
                         options: TemplateOptions) -> [TemplateError] {
        TemplateContract.problems(errors: result.errors, fields: result.fields, kind: kind, options: options)
    }

    static let unchecked = "未核对字段（无法从文件名判断模板种类，可加 --for project|sheet|target|summary|document）"

    /// Prints the warnings, then exits with every error (status 1) if there is one.
    /// `kindGuessed` false (no `--for`, a file name no kind has): the fields were not checked,
    /// which is said with the errors too — a person who renamed their copy fixed the errors
    /// listed and only then learnt that misspelt fields had gone unseen.
    static func report(_ problems: [TemplateError], template: String, kindGuessed: Bool) {
        let errors = problems.filter { !$0.isWarning }
        let warnings = problems.filter(\.isWarning)
        if !warnings.isEmpty {
            Console.write("模板 \(template) 有 \(warnings.count) 处警告：\n" + warnings.map { "  " + $0.description }.joined(separator: "\n") + "\n")
        }
        if !errors.isEmpty {
            CommandSupport.fail("模板 \(template) 有 \(errors.count) 处错误：\n" + errors.map { "  " + $0.description }.joined(separator: "\n")
                                // A file that is no DOCX has no fields to check: the note would send the
                                // person to --for for nothing.
                                + (kindGuessed || errors.allSatisfy { $0.code == .package } ? "" : "\n另外，" + unchecked + "，拼错的字段名不在上面。"))
        }
    }
}

struct TemplateFieldsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fields",
        abstract: "列出模板中的全部标签：路径、过滤器与位置。",
        discussion: """
        给出模板文件时列出其中的每个标签（标签、类型、路径、过滤器、位置）；只给 --for 时列出该种类模板
        可用的全部字段（中文名、路径、含义、示例），中文名可直接当标签用，如 {{项目名称}}。

        示例（在仓库根目录运行）：
          reportgen template fields templates/summary.docx
          reportgen template fields --for sheet
          reportgen template fields --for sheet --json
        """)
    @Argument(help: ArgumentHelp("模板文件（.docx）；与 --for 同用时可省略，只列出该种类可用的字段。", valueName: "模板文件")) var template: String?
    @Option(name: .customLong("for"), help: CommandSupport.forHelp) var kind: Choice<TemplateKindWord>?
    @Option(help: ArgumentHelp("标签定界符，例如 \"{ }\"。", valueName: "开 闭")) var delimiters: String?
    @Flag(help: "以 JSON 输出。") var json = false

    func run() throws {
        let word = try kind?.value()
        guard let template else {
            guard case .kind(let kind)? = word else {
                CommandSupport.fail(CommandError(.badOption, "请给出模板文件，或用 --for project|sheet|target|summary|document 列出该种类可用的字段"))
            }
            try ContractListing.print(kind, json: json)
            return
        }
        let options = CommandSupport.options(delimiters: delimiters, missing: .error,
                                             kind: CommandSupport.kind(template: template, option: word))
        let result = CommandSupport.check(template: template, options: options)
        // In the order `template check` names places: 正文 first, then 页眉, 页脚 (they were listed first).
        let fields = TemplateLocation.inDocumentOrder(result.fields, \.location)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let text = String(decoding: try encoder.encode(fields), as: UTF8.self)
            print(text)
        } else {
            print(["标签", "类型", "路径", "过滤器", "位置"].joined(separator: "\t"))
            for field in fields {
                let kind: String
                switch field.kind {
                case .value: kind = "取值"
                case .section: kind = "区段" + (field.placement.map { "（\(Self.placementName($0))）" } ?? "")
                case .inverted: kind = "反向区段" + (field.placement.map { "（\(Self.placementName($0))）" } ?? "")
                case .close: kind = "结束"
                case .block: kind = "块"
                case .image: kind = "图片"
                }
                let filters = field.filters.map { ([$0.name] + $0.arguments).joined(separator: ":") }.joined(separator: " | ")
                print([field.tag, kind, field.path, filters, field.location.description].joined(separator: "\t"))
            }
        }
        let errors = result.errors.filter { !$0.isWarning }
        if !errors.isEmpty {
            CommandSupport.fail(CommandError(.fieldsIncomplete, "模板 \(template) 有 \(errors.count) 处错误，以上标签列表可能不完整：\n"
                + errors.map { "  " + $0.description }.joined(separator: "\n")))
        }
    }

    static func placementName(_ p: String) -> String {
        switch p {
        case "rows": return "重复表格行"
        case "paragraphs": return "重复段落"
        default: return "段内重复"
        }
    }
}

struct TemplatePreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "预览模板：填入占位内容（或 --data 的数据），输出 DOCX、PDF 或 PNG。",
        discussion: """
        不给 --data 时，按模板自身的标签生成预览数据：
          · 取值标签显示占位符：报告模板显示字段的中文名，例如 {{project.name}} 显示为【项目名称】；
            自制模板（--for none，或无法从文件名判断种类）显示路径，例如【project.name】；
          · 带 number、money、cn、date 过滤器的标签显示能通过过滤器的示例值
            （12.5、3、2022-06-27），带 percent 的显示为【路径】%；显示示例值的标签会列在输出中；
          · 每个区段 {{#x}}…{{/x}} 显示一次（一项，项内标签同样显示占位符，嵌套路径照常解析）；
          · 反向区段 {{^x}}…{{/x}} 在 x 没有其他用途时显示；同一路径既有区段 {{#x}} 又有
            {{^x}} 时两支不能同时显示，预览显示区段 {{#x}} 一支，并列出未显示的反向区段；
          · 条件区段 {{#等次 == "优"}}…{{/}} 与 {{^…}} 的各支都显示，段内的条件前加
            标记〔若 等次 == "优"〕（整段、整行的条件没有标记）；
          · 图片标签 {{%公章}} 显示为文字【公章】，不读图片文件；
          · 大纲块 {{> body}} 显示两级示例大纲（含一段正文）；图表块 {{> chart:路径}} 显示
            一个示例柱状图；表格块（如 {{> table:funds}}）按报告表格的格式生成，数值单元格留空。
        给出 --data 时用该数据填充，缺少的值留空（相当于 render --missing empty）。
        模板有错误时与 template check 一样列出全部错误并以退出码 1 结束。
        输出格式由 -o 的扩展名决定：.docx 直接生成；.pdf 由 LibreOffice（soffice）转换；
        .png 为 PDF 第 1 页（或 --page 指定的页）的图像（80 dpi，需 pdftoppm）。

        示例（在仓库根目录运行）：
          reportgen template preview templates/summary.docx -o 预览.docx
          reportgen template preview templates/self-evaluation-sheet.docx \\
            --scheme mof-2020 -o 预览.pdf
          reportgen template preview templates/project-report.docx \\
            --sample --page 2 -o 预览.png
        """
    )
    @Argument(help: ArgumentHelp("模板文件（.docx）。", valueName: "模板文件")) var template: String
    @Option(name: .shortAndLong, help: ArgumentHelp("输出文件：.docx、.pdf 或 .png。", valueName: "输出文件")) var output: String
    @Option(help: ArgumentHelp("用此 JSON 数据代替自动生成的占位内容（缺少的值留空）。", valueName: "数据文件")) var data: String?
    @Option(help: ArgumentHelp("标签定界符，例如 \"{ }\"。", valueName: "开 闭")) var delimiters: String?
    @Option(help: ArgumentHelp("输出 .png 时的页码（从 1 开始，默认第 1 页）。", valueName: "页码")) var page: Int?
    @Option(name: .customLong("for"), help: CommandSupport.forHelp) var kind: Choice<TemplateKindWord>?
    @Option(help: ArgumentHelp("只显示一种评分方案的表格：mof-2020、ippe 或 none（其余方案的 {{#scheme.…}} 区段不显示）。", valueName: "方案")) var scheme: Choice<PreviewScheme>?
    @Flag(help: "用随附的示例数据（templates/samples，按模板种类与 --scheme 选择）代替占位符。") var sample = false

    func run() throws {
        let format = PreviewConversion.Format(path: output)
        guard let format else {
            CommandSupport.fail(CommandError(.previewFormat, "无法识别输出文件 \(output) 的格式：扩展名应为 .docx、.pdf 或 .png"))
        }
        if let page {
            guard format == .png else { CommandSupport.fail(CommandError(.previewPageOption, "--page 只用于 .png 输出")) }
            guard page >= 1 else { CommandSupport.fail(CommandError(.previewPageOption, "--page 应为从 1 开始的页码，收到的是 \(page)")) }
        }
        // Missing converters are reported before any work.
        let tools = PreviewConversion.requireTools(for: format)

        let kind = CommandSupport.kind(template: template, option: try self.kind?.value())
        let options = CommandSupport.options(delimiters: delimiters, missing: .empty, kind: kind)
        let scheme = try self.scheme?.value()
        if sample, data != nil { CommandSupport.fail(CommandError(.previewSampleOption, "--sample 与 --data 只能选一个")) }
        let bytes = CommandSupport.readInput(template, role: "模板文件")
        let result = Template.check(bytes: bytes, name: template, options: options)
        TemplateCheckCommand.report(TemplateCheckCommand.problems(result, kind: kind, options: options), template: template,
                                    kindGuessed: kind != nil || self.kind != nil)

        let root: JSONValue
        var preview: PreviewData?
        if let data {
            root = try CommandSupport.readJSON(data)
        } else if sample {
            root = try CommandSupport.readJSON(PreviewScheme.samplePath(kind: kind, scheme: scheme))
        } else {
            // Chinese placeholders (【项目名称】) for a report template kind.
            let names = kind.map { kind in
                Dictionary(TemplateContract.contract(kind).fields.filter { !$0.chinese.isEmpty }.map { ($0.path, $0.chinese) },
                           uniquingKeysWith: { first, _ in first })
            } ?? [:]
            var built = PreviewData.build(fields: result.fields, options: options, blockSamples: ["chart": Self.sampleChart], names: names)
            if let scheme { built.data = PreviewScheme.apply(scheme, to: built.data) }
            preview = built
            root = built.data
        }

        let document: RenderedDocument
        do {
            let renderer = try Template(bytes: bytes, name: template, options: options).makeRenderer()
            // Placeholders print the picture's name (【公章】) in its place; real data reads real files.
            renderer.showsEveryCondition = preview != nil
            renderer.images = preview != nil ? ImageSettings(placeholders: true)
                : ImageSettings(directory: CommandSupport.directory(of: data ?? PreviewScheme.samplePath(kind: kind, scheme: scheme)))
            document = try renderer.render(root)
        } catch let error as TemplateErrors {
            CommandSupport.fail(error.description)
        } catch let error as RenderErrors {
            CommandSupport.fail(error.description)
        }
        CommandSupport.printWarnings(document.warnings)

        let outputBytes: [UInt8]
        switch format {
        case .docx:
            outputBytes = document.bytes
        case .pdf, .png:
            do {
                outputBytes = try PreviewConversion.convert(document.bytes, to: format, page: page ?? 1, tools: tools)
            } catch {
                CommandSupport.fail(error.description)
            }
        }
        try CommandSupport.writeAtomically(outputBytes, to: output)

        if let preview {
            if !preview.samples.isEmpty {
                print("以下标签的过滤器需要数值或日期，预览中显示示例值：")
                for sample in preview.samples {
                    print("  \(sample.tag) → \(sample.value)（\(sample.location.description)）")
                }
            }
            if !preview.hiddenInverted.isEmpty {
                print("以下反向区段未显示（同一路径的区段已显示）：")
                for field in preview.hiddenInverted {
                    print("  \(field.tag)（\(field.location.description)）")
                }
            }
        }
        print("已生成预览 \(output)")
    }

    /// `{{> chart:path}}`: a small column chart in the format of ChartBlock, titled with the path.
    static let sampleChart: PreviewData.BlockSample = { path in
        .object(JSONObject([
            (key: "kind", value: .string("column")),
            (key: "title", value: .string("示例图表" + PreviewData.placeholder(path))),
            (key: "unit", value: .string("万元")),
            (key: "categories", value: .array([.string("类别一"), .string("类别二"), .string("类别三")])),
            (key: "series", value: .array([.object(JSONObject([
                (key: "name", value: .string("示例")),
                (key: "values", value: .array([.number("12.5"), .number("20"), .number("8.3")])),
            ]))])),
        ]))
    }
}
