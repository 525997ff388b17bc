import OOXML

/// One compiled XML part.
public struct PartTemplate: Sendable {
    public let partName: String
    public let fields: [TemplateField]
    /// False when the part has no tag: it is copied through untouched.
    public let hasTags: Bool
    let program: Program
    let sizeHint: Int
    /// The template's hyperlink relationships whose target holds a tag: each rendered link
    /// gets its own, these are left out.
    var linkIDs: [String] = []

    /// Compiles; every problem is collected and thrown together.
    public init(document: XMLDocument, partName: String, options: TemplateOptions = TemplateOptions(),
                styles: StyleCatalog = StyleCatalog()) throws(TemplateErrors) {
        var compiler = Compiler(partName: partName, options: options, styles: styles)
        let result = compiler.compile(document)
        if compiler.errors.contains(where: { !$0.isWarning }) { throw TemplateErrors(compiler.errors.filter { !$0.isWarning }) }
        self.partName = partName
        self.fields = compiler.fields
        self.hasTags = !compiler.tags.isEmpty
        self.program = result
        self.sizeHint = result.arena.count
    }

    /// Only the errors (for `template check`, which wants every part's problems).
    static func check(document: XMLDocument, partName: String, options: TemplateOptions, styles: StyleCatalog,
                      links: [String: String] = [:], objectTexts: [String: [String]] = [:], areaName: String? = nil)
        -> (template: PartTemplate?, errors: [TemplateError], fields: [TemplateField]) {
        var compiler = Compiler(partName: partName, options: options, styles: styles)
        compiler.links = links
        compiler.objectTexts = objectTexts
        compiler.areaName = areaName
        let result = compiler.compile(document)
        if compiler.errors.contains(where: { !$0.isWarning }) { return (nil, compiler.errors, compiler.fields) }
        var part = PartTemplate(partName: partName, fields: compiler.fields, hasTags: !compiler.tags.isEmpty,
                                program: result, sizeHint: result.arena.count)
        part.linkIDs = links.keys.sorted()
        return (part, compiler.errors, compiler.fields)
    }

    private init(partName: String, fields: [TemplateField], hasTags: Bool, program: Program, sizeHint: Int) {
        self.partName = partName
        self.fields = fields
        self.hasTags = hasTags
        self.program = program
        self.sizeHint = sizeHint
    }

    /// Renders the part's XML bytes.
    /// `attachments`: where block generators add parts (nil: a generator that needs it fails).
    /// `payload`: typed data for block generators (`BlockScope.payload`), beside the JSON.
    public func render(_ data: JSONValueType, missing: MissingPolicy, attachments: RenderAttachments? = nil,
                       payload: (any Sendable)? = nil, images: ImageSettings = ImageSettings(),
                       showsEveryCondition: Bool = false) throws(RenderErrors) -> (bytes: [UInt8], warnings: [RenderWarning]) {
        let renderer = try rendered(data, missing: missing, attachments: attachments, payload: payload, images: images,
                                    showsEveryCondition: showsEveryCondition, spoolThreshold: .max)
        return (renderer.out.bytes, renderer.warnings)
    }

    /// As `render`, for a zip entry: once the part's rows pass `spoolThreshold` bytes they go
    /// to a temporary file as they are rendered (`SpoolFile`), and the entry reads them from it.
    func renderEntry(_ data: JSONValueType, missing: MissingPolicy, attachments: RenderAttachments?, payload: (any Sendable)?,
                     rows: LazyItems? = nil, images: ImageSettings, showsEveryCondition: Bool,
                     spoolThreshold: Int, chunking: RowChunking? = nil,
                     compressionLevel: Int = ZipWriter.defaultCompressionLevel) throws(RenderErrors) -> (content: ZipEntryContent, warnings: [RenderWarning]) {
        var renderer = try rendered(data, missing: missing, attachments: attachments, payload: payload, rows: rows, images: images,
                                    showsEveryCondition: showsEveryCondition, spoolThreshold: spoolThreshold,
                                    chunking: chunking, compressionLevel: compressionLevel)
        let content = renderer.finishedContent()
        if let error = renderer.spoolError {
            throw RenderErrors([RenderError(.output, "\(partName)：\(error.message)")])
        }
        return (content, renderer.warnings)
    }

    private func rendered(_ data: JSONValueType, missing: MissingPolicy, attachments: RenderAttachments?, payload: (any Sendable)?,
                          rows: LazyItems? = nil, images: ImageSettings, showsEveryCondition: Bool, spoolThreshold: Int,
                          chunking: RowChunking? = nil, compressionLevel: Int = ZipWriter.defaultCompressionLevel) throws(RenderErrors) -> Renderer {
        var renderer = Renderer(program: program, missing: missing, data: data, capacity: sizeHint + sizeHint / 2)
        renderer.attachments = attachments
        renderer.payload = payload
        renderer.rows = rows
        renderer.partName = partName
        renderer.images = images
        renderer.showsEveryCondition = showsEveryCondition
        renderer.spoolThreshold = spoolThreshold
        renderer.chunking = chunking
        renderer.chunkLevel = max(1, min(9, compressionLevel))
        renderer.run()
        if !renderer.errors.isEmpty { throw RenderErrors(renderer.errors) }
        return renderer
    }
}
