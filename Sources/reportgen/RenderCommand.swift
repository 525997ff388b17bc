import ArgumentParser
import ErrorCodes
import Foundation
import OOXML
import ReportKit
import Reports
import JSONValue
import Templating

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "用任意 JSON 数据填充一个 DOCX 模板。",
        discussion: """
        不依赖报告模型，供制作和调试模板使用。标签写法：{{路径}}、{{路径 | 过滤器:参数}}、
        {{#列表}}…{{/列表}}、{{^列表}}…{{/列表}}、{{> body}}。
        使用 --each 时数据须为数组，每个元素生成一份文档，写入 -o 指定的目录（自动创建），
        文件名由 --name 决定；模板只解析一次，并使用全部 CPU 核心。任何一项失败时不写入任何文件
        （先写入临时目录，全部成功后才移入）；加 --keep-going 则写入成功的各项，并列出失败的各项。

        示例（在仓库根目录运行）：
          reportgen render --template templates/self-evaluation-sheet.docx \\
            --data templates/samples/project-report-mof.json -o 自评表.docx
        """
    )
    @Option(help: ArgumentHelp("模板文件（.docx）。", valueName: "模板文件")) var template: String
    @Option(help: ArgumentHelp("数据文件（JSON）。", valueName: "数据文件")) var data: String
    @Option(name: .shortAndLong, help: ArgumentHelp("输出文件（.docx）；使用 --each 时为输出目录。", valueName: "输出文件或目录")) var output: String
    @Option(help: ArgumentHelp("标签定界符，开、闭两部分以空格分开，例如 \"{ }\" 或 \"[[ ]]\"。", valueName: "开 闭")) var delimiters: String?
    @Option(help: ArgumentHelp("数据缺少标签所需的值时：error（列出全部缺失路径并失败，默认）或 empty（留空）。", valueName: "处理方式")) var missing = Choice(MissingPolicy.error)
    @Flag(help: "数据为数组，每个元素生成一份文档。") var each = false
    @Option(help: ArgumentHelp("使用 --each 时的文件名模式。", valueName: "文件名模式")) var name: String = "{{id}}.docx"
    @Flag(help: "使用 --each 时，有项失败也写入其余成功的文档（默认：任何一项失败则不写入任何文件）。") var keepGoing = false
    @Option(name: .customLong("for"), help: CommandSupport.forHelp) var kind: Choice<TemplateKindWord>?

    func run() throws {
        try CommandSupport.requireDocxName(each ? name : output, option: each ? "--name" : "-o")
        let options = try CommandSupport.options(delimiters: delimiters, missing: missing.value(),
                                                 kind: CommandSupport.kind(template: template, option: kind?.value()))
        let root = try CommandSupport.readJSON(data)
        let compiled: Template
        do {
            compiled = try Template(path: template, options: options)
        } catch {
            CommandSupport.fail(error.description)
        }
        if each {
            guard case .array(let items) = root else {
                CommandSupport.fail(CommandError(.eachNeedsArray, "使用 --each 时数据文件 \(data) 的顶层须为数组"))
            }
            let pattern: NameTemplate
            do { pattern = try NameTemplate(name, delimiters: options.delimiters, filters: options.filters) } catch {
                CommandSupport.fail(error.description)
            }
            // Names Windows cannot hold, or holds as one, are refused as `package` avoids them
            // (newcomer review 9: `c:d.docx`, `CON.docx`, `.docx`, and `A.docx` beside `a.docx`
            // were written, to fail or overwrite each other once copied to the office's share).
            let names = MailMerge.fileNames(items, pattern: pattern, unportable: FileNaming.unportable, key: FileNaming.collisionKey)
            do {
                try SystemFiles.makeDirectories(output)
            } catch {
                CommandSupport.fail(error)
            }
            if !keepGoing, !names.failures.isEmpty {
                CommandSupport.fail("共 \(items.count) 项，\(names.failures.count) 项的文件名有错误，未写入任何文件：\n"
                                    + names.failures.map(\.description).joined(separator: "\n"))
            }
            // All or nothing: rendered into a hidden folder inside the output folder (same file
            // system, so moving the files in is a rename each), moved in only when every item succeeded.
            // A locked scratch folder: removed on SIGINT/SIGTERM, and by the next run when this one
            // was killed outright (its lock then held by nobody), as the PDF scratch folders are.
            var scratch: ScratchFolder?
            if !keepGoing {
                do { scratch = try ScratchFolder.make(prefix: ScratchFolder.renderPrefix, in: URL(fileURLWithPath: output)) } catch { CommandSupport.fail(error) }
            }
            let staging = scratch?.url.path ?? output
            // `fail` exits the process, so the staging folder is removed before any failure is reported.
            func removeStaging() { scratch?.remove() }
            let report = MailMerge.run(template: compiled, items: items, names: names.names, directory: staging,
                                       images: ImageSettings(directory: CommandSupport.directory(of: data)))
            CommandSupport.printWarnings(report.warnings)
            let failures = (names.failures + report.failures).sorted { $0.index < $1.index }
            if !failures.isEmpty {
                removeStaging()
                let outcome = keepGoing ? "已生成 \(report.written.count) 份" : "未写入任何文件"
                CommandSupport.fail("共 \(items.count) 项，\(failures.count) 项失败，\(outcome)：\n"
                                    + failures.map(\.description).joined(separator: "\n")
                                    + CommandSupport.missingHint(failures.flatMap(\.errors), template: template, data: data))
            }
            if !keepGoing {
                for file in report.written {
                    // rename(2) replaces an existing file of that name in one step.
                    do { try SystemFiles.rename(staging + "/" + file, to: output + "/" + file) } catch {
                        removeStaging()
                        CommandSupport.fail(error)
                    }
                }
                removeStaging()
            }
            print("已生成 \(report.written.count) 份文档，位于 \(output)")
        } else {
            do {
                let renderer = try compiled.makeRenderer()
                renderer.images = ImageSettings(directory: CommandSupport.directory(of: data))
                let document = try renderer.render(root)
                CommandSupport.printWarnings(document.warnings)
                try CommandSupport.writeAtomically(document.bytes, to: output)
            } catch let error as RenderErrors {
                CommandSupport.fail(error.description + CommandSupport.missingHint(error.errors, template: template, data: data))
            }
            print("已生成 \(output)")
        }
    }
}

enum CommandSupport {
    /// Template options from the command line. The block generators are the ones `package`
    /// renders with (outline, tables, charts), so every command reads a template the same way.
    static func options(delimiters: String?, missing: MissingPolicy, kind: TemplateContract.Kind? = nil) -> TemplateOptions {
        var options = kind.map { TemplateContract.options($0) } ?? TemplateOptions(blocks: ReportBlocks.registry)
        if let delimiters {
            do { options.delimiters = try Delimiters(parsing: delimiters) } catch { fail(error.description) }
        }
        options.missing = missing
        return options
    }

    /// The report template kind: `--for` when given (`none`: a template of one's own, no
    /// contract and no aliases), else inferred from the file name (`project-report.docx`).
    static func kind(template: String, option: TemplateKindWord?) -> TemplateContract.Kind? {
        switch option {
        case nil: return TemplateContract.Kind(inferringFrom: template)
        case .none?: return nil
        case .kind(let kind)?: return kind
        }
    }

    static let forHelp = ArgumentHelp("模板种类：project、sheet、target、summary、document（省略时按文件名判断；none 表示自制模板，不核对字段、不用中文别名）。", valueName: "种类")

    /// All errors and tags of a template file.
    static func check(template path: String, options: TemplateOptions) -> (errors: [TemplateError], fields: [TemplateField]) {
        Template.check(bytes: readInput(path, role: "模板文件"), name: path, options: options)
    }

    /// A file the user named (symlinks followed), or one coded line saying why not, naming the
    /// file by its role (`数据文件`) as typed from where the command ran.
    static func readInput(_ path: String, limit: Int = ZipLimits.maximumArchiveSize, role: String) -> [UInt8] {
        do {
            return try SystemFiles.readFile(path, limit: limit, followSymlinks: true)
        } catch {
            fail(error, role: role)
        }
    }

    /// The folder of a file the user named: picture paths in its data are relative to it.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func readJSON(_ path: String) throws -> JSONValue {
        // Data files are held as JSON values: the definition files' size limit, not the templates'.
        let data = readInput(path, limit: DefinitionLoader.maximumFileSize, role: "数据文件")
        let document: JSONDocument
        do {
            document = try JSONParser.parse(data)
        } catch {
            fail(CommandError(error.code, error.message, place: ErrorPlace(words: "数据文件 \(path) " + (error.place.words ?? ""))))
        }
        // A key written twice: one of the two values is silently dropped, and which one the
        // person meant only they know (review 7: `render` filled the template from either
        // without a word, while `validate` reports the same slip as E-DEF-003).
        if !document.duplicateKeys.isEmpty {
            fail(document.duplicateKeys.map { duplicate in
                CommandError(.duplicateDataKey, "键重复：同一对象中第二次出现「\(duplicate.path)」，只有一个值会生效；请删除或合并。",
                             place: ErrorPlace(words: "数据文件 \(path) \(duplicate.location)"))
            })
        }
        return document.root
    }

    /// A missing folder of the output is made, as `import -o` and `render --each -o` make theirs:
    /// `render -o 新目录/x.docx` failed naming a hidden scratch file in it (`新目录/.x.docx.reportgen-…`)
    /// the person never asked for. A failure to write is said about the file they named.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let folder = directory(of: path)
        do {
            try SystemFiles.makeDirectories(folder)
        } catch {
            fail(error)
        }
        do {
            try SystemFiles.replaceFile(path, bytes)
        } catch {
            // The scratch file beside it is reportgen's business: the file named is what failed.
            fail(error.path == path || error.limit != nil ? error : SystemFileError(errno: error.errno, operation: "写入", path: path))
        }
    }

    /// `render` writes DOCX documents only: a name ending otherwise (`-o 报告.pdf`, `--name "{{id}}"`)
    /// made a DOCX that the name says is something else, which nothing then opened. E-CLI-015, exit 2.
    static func requireDocxName(_ name: String, option: String) throws(CommandError) {
        guard !name.lowercased().hasSuffix(".docx") else { return }
        throw CommandError(.outputNotDocx,
                           "\(option) 应是以 .docx 结尾的文件名（render 写出的是 Word 文档），收到的是 “\(name)”；"
                           + "要 PDF 或 PNG 请用 reportgen template preview 模板 --data 数据 -o 文件.pdf（或 .png）",
                           isUsage: true)
    }

    static func printWarnings(_ warnings: [RenderWarning]) {
        for warning in warnings.prefix(50) { standardError("警告 " + warning.description) }
        if warnings.count > 50 { standardError("……另有 \(warnings.count - 50) 条警告") }
    }

    static func standardError(_ text: String) {
        Console.write(text + "\n")
    }

    static func fail(_ message: String) -> Never {
        standardError(message)
        Foundation.exit(1)
    }

    /// Exits after printing coded errors, one line each: the one place the commands format them.
    static func fail(_ errors: [any CodedError]) -> Never {
        fail(errors.map(\.description).joined(separator: "\n"))
    }

    static func fail(_ error: any CodedError) -> Never { fail([error]) }

    /// A failed system call, its file named as every message names files (`ShownPath`:
    /// relative to where the command ran), after its role when given (`数据文件 `).
    static func fail(_ error: SystemFileError, role: String = "") -> Never {
        let shown = ShownPath.shown(error.path)
        fail(CommandError(error.code, error.message, place: ErrorPlace(words: role.isEmpty ? shown : role + " " + shown)))
    }

    /// The line after E-RND-001 errors: which data file lacks the values, and the option that
    /// leaves them empty instead (render's errors name the template place, not the data file).
    static func missingHint(_ errors: [RenderError], template: String, data: String) -> String {
        guard errors.contains(where: { $0.code == .missingValue }) else { return "" }
        return "\nE-RND-001 是模板 \(template) 需要而数据文件 \(data) 中没有的值；若有意留空，请加 --missing empty。"
    }
}
