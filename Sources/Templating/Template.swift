import Foundation
import ErrorCodes
import JSONValue
import OOXML

// Tag syntax (delimiters `{{ }}` by default, any pair per template):
//   {{a.b.c}} {{items.0.name}} {{.}} {{@index}} {{@number}} {{@first}} {{@last}}
//   {{value | number:2 | default:"无"}}   filters: number percent money date default upper lower cn join merge
//   {{#list}}…{{/list}}  {{^list}}…{{/list}}  {{/}} closes the innermost section
//   placement: both tags in one paragraph → inline; each alone in its paragraph and siblings →
//   the paragraphs (and tables) between repeat; otherwise in one table row (or rows of one
//   table) → the rows repeat; anything else is E-TPL-006.
//   {{> body}} / {{> outline:body | headings:"标题 1,标题 2"}}: a block generator replaces the paragraph.
// Pipeline: Lexer (Document.swift) cuts tags out of runs → Compiler places sections and emits
// a Program (literal byte chunks + ops) → Renderer walks the program per data item.
// Block generators may add parts (charts) through `BlockScope.attachments`; only a document
// that gained parts rewrites [Content_Types].xml and .rels (Attachments.swift).

/// A .docx template compiled once: every templated part (headers, footers, main document,
/// footnotes, endnotes — text boxes are inside them) becomes a program; the other parts are
/// copied through as stored. Immutable and shared between threads; each thread renders
/// through its own `DocumentRenderer` (a zip archive handle is not thread-safe).
public final class Template: Sendable {
    public let name: String
    public let options: TemplateOptions
    /// Compiled parts that hold tags, in `templatedPartNames` order.
    public let parts: [PartTemplate]
    let templateBytes: [UInt8]
    /// What a render that adds parts needs (content types, `.rels` trees, drawing ids).
    let packageFacts: PackageFacts

    /// The template file's bytes (a record of rendered pieces is scoped by their hash).
    public var fileBytes: [UInt8] { templateBytes }

    /// Every tag of every part, in part order.
    public var fields: [TemplateField] { parts.flatMap(\.fields) }
    /// The warnings (`W-TPL-…`) found while compiling (tracked changes, comments, a TOC,
    /// 限制编辑…), as `template check` lists them: `package` lists them too.
    public let warnings: [TemplateError]

    public convenience init(path: String, options: TemplateOptions = TemplateOptions()) throws(TemplateErrors) {
        let bytes: [UInt8]
        do {
            bytes = try SystemFiles.readFile(path, limit: ZipLimits.maximumArchiveSize, followSymlinks: true)
        } catch {
            throw TemplateErrors([TemplateError(.package, "无法读取模板文件 \(path)：\(error.message)")])
        }
        try self.init(bytes: bytes, name: path, options: options)
    }

    public init(bytes: [UInt8], name: String, options: TemplateOptions = TemplateOptions()) throws(TemplateErrors) {
        // Documents rendered from a Word template (.dotx) are documents, typed as such.
        let bytes = WordTemplateFile.asDocument(bytes, name: name)
        let result = Self.compile(bytes: bytes, name: name, options: options)
        let errors = result.errors.filter { !$0.isWarning }
        if !errors.isEmpty { throw TemplateErrors(errors) }
        self.name = name
        self.options = options
        self.parts = result.parts
        self.warnings = result.errors.filter(\.isWarning)
        self.templateBytes = bytes
        self.packageFacts = result.facts
    }

    /// All problems of a template (warnings, `W-TPL-…`, included) and all its tags (for
    /// `template check` / `template fields`).
    public static func check(bytes: [UInt8], name: String, options: TemplateOptions = TemplateOptions())
        -> (errors: [TemplateError], fields: [TemplateField]) {
        let result = compile(bytes: bytes, name: name, options: options)
        return (result.errors, result.fields)
    }

    private static func compile(bytes: [UInt8], name: String, options: TemplateOptions)
        -> (parts: [PartTemplate], errors: [TemplateError], fields: [TemplateField], facts: PackageFacts) {
        let package: DocxPackage
        let partNames: [String]
        do {
            package = try DocxPackage(bytes: bytes, name: name)
            partNames = try package.templatedPartNames()
        } catch {
            // The template named once, by this message (the reader's error named it again, as
            // typed and then absolute); the reader's part and line stay.
            var inner = error
            inner.file = nil
            let reason = inner.description
            return ([], [TemplateError(.package, "模板 \(ShownPath.shown(name)) 不是可读的 DOCX：\(reason)")], [], PackageFacts())
        }
        var styles = StyleCatalog()
        if let stylesPart = try? package.relatedParts(of: package.mainDocumentPartName, type: RelationshipType.styles).first,
           let document = try? package.xml(stylesPart) {
            styles = StyleCatalog(styles: document)
        }
        var parts: [PartTemplate] = []
        var errors: [TemplateError] = []
        var fields: [TemplateField] = []
        var facts = PackageFacts()
        facts.read(package: package)
        if let macro = macroEnabledError(package) { errors.append(macro) }
        if let protection = protectionWarning(package) { errors.append(protection) }
        let areaNames = partNames.count > 1 ? HeaderFooterNames.names(package: package) : [:]
        for partName in partNames {
            let document: XMLDocument
            do {
                document = try package.xml(partName)
            } catch {
                errors.append(TemplateError(.package, "无法解析部件 \(partName)：\(error)", location: TemplateLocation(part: partName, paragraph: 0)))
                continue
            }
            if let strict = strictError(document, partName: partName, package: package) {
                // None of its elements is read as WordprocessingML: every tag would be missed.
                errors.append(strict)
                break
            }
            facts.read(templatedPart: partName, document: document, package: package)
            // Hyperlinks whose address holds a tag are filled like the text.
            let links = (facts.hyperlinks[partName] ?? [:]).filter { $0.value.contains(options.delimiters.open) }
            let objectTexts = UnfilledObjects.texts(of: package, partName: partName, open: Array(options.delimiters.open.unicodeScalars),
                                                    close: Array(options.delimiters.close.unicodeScalars))
            let result = PartTemplate.check(document: document, partName: partName, options: options, styles: styles, links: links,
                                            objectTexts: objectTexts, areaName: areaNames[partName])
            errors += result.errors
            fields += result.fields
            if let part = result.template, part.hasTags { parts.append(part) }
        }
        return (parts, errors, fields, facts)
    }

    /// A macro-enabled Word file (.docm, or .dotm: Word's 另存为 → 启用宏的 Word 文档/模板). Filled
    /// as is, every report was a .docx whose main part is typed macro-enabled — Word refuses it
    /// (the format does not match the extension), python-docx too — and carried the macros.
    /// Removing a VBA project cleanly is Word's job, so the staff are told how to save it.
    static func macroEnabledError(_ package: DocxPackage) -> TemplateError? {
        let type = package.contentType(of: package.mainDocumentPartName)
        let vba = (try? package.relationships(of: package.mainDocumentPartName))?
            .contains { $0.type == RelationshipType.vbaProject } ?? false
        guard type == ContentType.macroEnabledDocument || type == ContentType.macroEnabledTemplate || vba else { return nil }
        let what = type == ContentType.macroEnabledTemplate ? "启用宏的 Word 模板（.dotm）" : "启用宏的 Word 文档（.docm）"
        return TemplateError(.macroEnabledTemplate,
            "模板是\(what)：用它生成的报告虽然名为 .docx，内容仍是启用宏的格式，Word 不能打开，还会把模板中的宏带进每份报告。"
            + "请在 Word 中打开它，选“文件 → 另存为”，保存类型选“Word 文档 (*.docx)”（Word 提示不能在未启用宏的文档中保存 VB 项目时选“是”；"
            + "WPS：“文件 → 另存为”，文件类型选“Word 文档 (*.docx)”），文件名仍用原来的模板名，再检查。")
    }

    /// W-TPL-025: 限制编辑 (Word: 审阅 → 限制编辑; WPS: 审阅 → 限制编辑) enforced in the template's
    /// settings (`w:documentProtection w:enforcement="1"`). The settings part is copied into
    /// every report, so each came out read-only (or comments / tracked changes / forms only):
    /// the officer could not correct a word without the template's password.
    static func protectionWarning(_ package: DocxPackage) -> TemplateError? {
        guard let part = try? package.relatedParts(of: package.mainDocumentPartName, type: RelationshipType.settings).first,
              let settings = try? package.xml(part),
              let protection = settings.root.elements.first(where: { $0.is(Namespace.w, "documentProtection") }),
              let enforcement = protection.attribute("w:enforcement"), ["1", "true", "on"].contains(enforcement.lowercased()) else { return nil }
        let kinds = ["readOnly": "只读", "comments": "只能批注", "trackedChanges": "只能以修订方式修改", "forms": "只能填写窗体"]
        let kind = protection.attribute("w:edit").flatMap { kinds[$0] }.map { "，\($0)" } ?? ""
        return TemplateError(.protectedTemplate,
            "模板设置了限制编辑（文档保护\(kind)）：生成的每份报告同样受保护，打开后不能修改（改一个错字、补一句说明都不行），"
            + "要修改就得有模板的保护密码。请在 Word 中选“审阅 → 限制编辑 → 停止保护”（WPS：“审阅 → 限制编辑”，取消勾选），保存后再检查；"
            + "要防止别人改动模板，请把模板放在只有经办人能改的文件夹里")
    }

    /// A Word “Strict Open XML 文档” (另存为 → Strict Open XML 文档): its parts are in the Strict
    /// namespaces, which reportgen does not read as Word text. Such a template used to pass
    /// `template check` with 0 tags, and every report printed its `{{…}}` tags as typed.
    static func strictError(_ document: XMLDocument, partName: String, package: DocxPackage) -> TemplateError? {
        guard partName == package.mainDocumentPartName, document.root.namespaceURI == Namespace.wStrict else { return nil }
        return TemplateError(.strictTemplate,
            "模板是 Word 的“Strict Open XML 文档”格式：reportgen 只读普通的 Word 文档，读不出其中的标签，生成的报告会原样印出 {{…}}。"
            + "请在 Word 中打开它，选“文件 → 另存为”，保存类型选“Word 文档 (*.docx)”（不要选“Strict Open XML 文档 (*.docx)”），"
            + "文件名仍用原来的模板名，再检查。")
    }

    /// A renderer for the calling thread.
    public func makeRenderer() throws(RenderErrors) -> DocumentRenderer {
        try DocumentRenderer(template: self)
    }

    /// Renders one document to .docx bytes.
    public func render(_ data: JSONValue) throws(RenderErrors) -> [UInt8] {
        try makeRenderer().render(data).bytes
    }
}

/// The result of one render.
/// The core properties a rendered document carries (`docProps/core.xml`): what the document
/// is and who issued it, in place of the template's generic ones.
public struct DocumentProperties: Sendable, Equatable {
    public var title: String
    /// dc:creator and cp:lastModifiedBy: the issuing unit.
    public var author: String

    public init(title: String, author: String) {
        self.title = title
        self.author = author
    }

    public static let partName = "docProps/core.xml"

    /// The part, without dates so that the same input gives the same bytes.
    public var coreXML: [UInt8] {
        var out = XMLOutput()
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n")
        out.append("<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">")
        for (tag, value) in [("dc:title", title), ("dc:creator", author), ("cp:lastModifiedBy", author)] {
            out.append("<\(tag)>")
            out.appendEscapedText(XMLText.sanitized(value).text)
            out.append("</\(tag)>")
        }
        out.append("</cp:coreProperties>")
        return out.bytes
    }
}

public struct RenderedDocument: Sendable {
    public var bytes: [UInt8]
    public var warnings: [RenderWarning]
    /// Parts that grew past `DocumentRenderer.spoolThreshold` and were streamed through a
    /// temporary file rather than held in memory.
    public var spooledParts: [String] = []
    /// Parts whose long row loop was rendered and deflated in chunks (`RowChunking`).
    public var chunkedParts: [String] = []
}

/// Renders documents from one template on one thread.
public final class DocumentRenderer {
    public let template: Template
    private let archive: ZipArchive
    private let order: [String]
    private let compiled: [String: Int]
    /// zlib level for the rendered parts (the copied parts keep their stored bytes).
    public var compressionLevel = ZipWriter.defaultCompressionLevel
    /// Where image tags read relative picture paths, or that they print placeholders (preview).
    public var images = ImageSettings()
    /// Preview: both branches of every `{{#x == "…"}}` / `{{^x == "…"}}` show, an inline one
    /// after a marker (`〔若 等次 == "优"〕`), so the conditional text can be read.
    public var showsEveryCondition = false
    /// A part whose rendered rows pass this many bytes is written to a temporary file as it
    /// renders and deflated from there (`SpoolFile`), not held whole in memory: a table with
    /// one row per project grows with the package. Smaller parts never touch the disk.
    public var spoolThreshold = DocumentRenderer.defaultSpoolThreshold
    public static let defaultSpoolThreshold = 1 << 20

    init(template: Template) throws(RenderErrors) {
        self.template = template
        do {
            archive = try ZipArchive(bytes: template.templateBytes, name: template.name)
        } catch {
            throw RenderErrors([RenderError(.output, "无法打开模板：\(error)")])
        }
        let names = archive.entries.map(\.name)
        // [Content_Types].xml first, as Word writes it; then the template's order.
        order = names.filter { $0 == DocxPackage.contentTypesPartName } + names.filter { $0 != DocxPackage.contentTypesPartName }
        var compiled: [String: Int] = [:]
        for (i, part) in template.parts.enumerated() { compiled[part.partName] = i }
        self.compiled = compiled
    }

    /// Renders and writes a .docx atomically (a temporary file renamed into place).
    public func write(_ data: JSONValue, to path: String) throws(RenderErrors) -> [RenderWarning] {
        let document = try render(data)
        do {
            try SystemFiles.replaceFile(path, document.bytes)
        } catch {
            throw RenderErrors([RenderError(.output, "无法写入 \(path)：\(error.message)")])
        }
        return document.warnings
    }

    /// Renders one document; with `properties`, the template's `docProps/core.xml` (when it
    /// has one) is replaced by the document's own title and author.
    /// `rows`: a top-level list of `data` made item by item as its loop renders (`LazyItems`).
    /// `rowChunks`: a long row loop is rendered and deflated in chunks, reusing the store's
    /// pieces (`RowChunking`); the part's XML is the same either way.
    public func render(_ data: JSONValue, properties: DocumentProperties? = nil,
                       payload: (any Sendable)? = nil, rows: LazyItems? = nil, rowChunks: RowChunking? = nil) throws(RenderErrors) -> RenderedDocument {
        var entries: [(name: String, content: ZipEntryContent)] = []
        entries.reserveCapacity(order.count)
        var errors: [RenderError] = []
        var warnings: [RenderWarning] = []
        var spooled: [String] = []
        var chunked: [String] = []
        let attachments = RenderAttachments(facts: template.packageFacts, partName: "")
        for name in order {
            if let index = compiled[name] {
                do {
                    attachments.partName = name
                    let result = try template.parts[index].renderEntry(data, missing: template.options.missing,
                                                                       attachments: attachments, payload: payload, rows: rows, images: images,
                                                                       showsEveryCondition: showsEveryCondition,
                                                                       spoolThreshold: spoolThreshold, chunking: rowChunks,
                                                                       compressionLevel: compressionLevel)
                    warnings += result.warnings
                    if case .spool = result.content { spooled.append(name) }
                    if case .deflated = result.content { chunked.append(name) }
                    entries.append((name, result.content))
                    for id in template.parts[index].linkIDs { attachments.dropRelationship(id, from: name) }
                } catch {
                    errors += error.errors
                }
            } else if let properties, name == DocumentProperties.partName {
                entries.append((name, .bytes(properties.coreXML)))
            } else {
                entries.append((name, .copy(archive, entryName: name)))
            }
        }
        if !errors.isEmpty { throw RenderErrors(errors) }
        entries = attachments.withCommentCopies(entries)
        // Only a document that gained parts pays for rewriting content types and .rels.
        if !attachments.isEmpty { entries = try attachments.finish(entries) }
        do {
            return RenderedDocument(bytes: try ZipWriter.bytes(entries, compressionLevel: compressionLevel), warnings: warnings,
                                    spooledParts: spooled, chunkedParts: chunked)
        } catch {
            throw RenderErrors([RenderError(.output, "无法生成 DOCX：\(error)")])
        }
    }
}
