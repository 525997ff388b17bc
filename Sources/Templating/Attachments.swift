import OOXML

/// What adding parts to a rendered document needs to know about the template package.
/// Gathered once when the template is compiled, so a render that adds parts parses nothing.
struct PackageFacts: Sendable {
    /// Lowercased entry names (OPC part names compare case-insensitively).
    var names: Set<String> = []
    /// Entry names as stored, in archive order.
    var orderedNames: [String] = []
    var contentTypes: XMLDocument?
    /// `Default` content types by lowercased extension.
    var defaults: [String: String] = [:]
    /// Parsed `.rels` parts of the templated parts (the sources generated content relates
    /// from), by rels part name; the message when one is unreadable.
    var relationships: [String: XMLDocument] = [:]
    var brokenRelationships: [String: String] = [:]
    /// Hyperlink relationships (id → target) of each templated part: a target may hold tags.
    var hyperlinks: [String: [String: String]] = [:]
    /// Every `wp:docPr` id the templated parts use.
    var drawingIDs: Set<Int> = []
    var largestDrawingID = 0

    static let maxDrawingID = Int(UInt32.max)

    func defaultType(of part: String) -> String? {
        let file = part.split(separator: "/").last ?? Substring(part)
        guard let dot = file.lastIndex(of: ".") else { return nil }
        return defaults[file[file.index(after: dot)...].lowercased()]
    }

    /// Reads `[Content_Types].xml` defaults and records the package's entries.
    mutating func read(package: DocxPackage) {
        orderedNames = package.archive.entries.map(\.name).filter { !$0.hasSuffix("/") }
        names = Set(orderedNames.map { $0.lowercased() })
        if let types = try? package.xml(DocxPackage.contentTypesPartName) {
            contentTypes = types
            for element in types.root.elements where element.is(Namespace.contentTypes, "Default") {
                if let ext = element.attribute("Extension"), let type = element.attribute("ContentType") {
                    defaults[ext.lowercased()] = type
                }
            }
        }
    }

    /// Keeps the `.rels` part of a templated part and the drawing ids of its tree.
    mutating func read(templatedPart partName: String, document: XMLDocument, package: DocxPackage) {
        collectDrawingIDs(document.root)
        let relsPart = PartName.relationshipsPart(of: partName)
        guard package.contains(relsPart) else { return }
        do {
            let rels = try package.xml(relsPart)
            guard rels.root.is(Namespace.packageRelationships, "Relationships") else {
                brokenRelationships[relsPart] = "关系部件 \(relsPart) 的根元素不是 Relationships"
                return
            }
            relationships[relsPart] = rels
            for element in rels.root.elements {
                guard let type = element.attribute("Type"), RelationshipType.matches(type, RelationshipType.hyperlink),
                      let id = element.attribute("Id"), let target = element.attribute("Target") else { continue }
                hyperlinks[partName, default: [:]][id] = target
            }
        } catch {
            brokenRelationships[relsPart] = "无法解析关系部件 \(relsPart)：\(error)"
        }
    }

    private mutating func collectDrawingIDs(_ element: XMLElement) {
        for child in element.children {
            guard case .element(let e) = child else { continue }
            if e.localName == "docPr", e.namespaceURI == Namespace.wp,
               let text = e.attribute("id"), let id = Int(text), id >= 0 {
                drawingIDs.insert(id)
                largestDrawingID = max(largestDrawingID, id)
            }
            collectDrawingIDs(e)
        }
    }
}

/// Parts that generated content adds to the document being rendered (charts, images), and
/// the relationships that reach them. `DocumentRenderer.render` makes one per document,
/// block generators reach it through `BlockScope.attachments`, and the renderer writes the
/// parts, their `[Content_Types].xml` entries and the `.rels` entries when the document is
/// done. A render that adds nothing writes exactly what it wrote before attachments existed.
///
/// Everything is decided by call order (first free number, next id), so the same data gives
/// the same bytes. Not thread-safe: it belongs to one render.
public final class RenderAttachments {
    struct AddedPart {
        var name: String
        var contentType: String?
        var bytes: [UInt8]
    }

    struct AddedRelationship {
        var id: String
        var type: String
        var target: String
        var external = false
    }

    let facts: PackageFacts
    /// The part whose tags are being rendered: `addRelated` relates from it.
    public internal(set) var partName: String
    private(set) var parts: [AddedPart] = []
    private var addedNames: Set<String> = []
    /// Sources in the order they first gained a relationship, and what they gained.
    private(set) var sources: [String] = []
    private(set) var relationships: [String: [AddedRelationship]] = [:]
    private var reservedIndices: [String: Set<Int>] = [:]
    private var drawingIDs: Set<Int>
    private var nextDrawing: Int
    private var counters: [String: Int] = [:]
    /// Pictures stored so far by their bytes: the same picture twice is one media part.
    private var media: [[UInt8]: String] = [:]
    /// `Default` content types this render adds (extension, type), in order.
    private var addedDefaults: [(String, String)] = []

    init(facts: PackageFacts, partName: String) {
        self.facts = facts
        self.partName = partName
        drawingIDs = facts.drawingIDs
        nextDrawing = facts.largestDrawingID + 1
    }

    /// An attachment list for a package holding `existingParts` (for testing generators on
    /// their own; `DocumentRenderer` builds the real one from the template).
    public convenience init(existingParts: [String] = [], partName: String = "word/document.xml") {
        var facts = PackageFacts()
        facts.orderedNames = existingParts
        facts.names = Set(existingParts.map { $0.lowercased() })
        self.init(facts: facts, partName: partName)
    }

    /// Relationships of the template to leave out, by source part: hyperlinks whose target
    /// was a tag (each rendered link has its own relationship instead).
    private var dropped: [String: Set<String>] = [:]

    /// True when the render added neither parts nor relationships.
    public var isEmpty: Bool { parts.isEmpty && sources.isEmpty && dropped.isEmpty }

    /// Leaves the template's relationship `id` of `source` out of the document.
    func dropRelationship(_ id: String, from source: String) {
        dropped[source, default: []].insert(id)
    }

    /// An external hyperlink from the part being rendered; one relationship per address and part.
    func addHyperlink(_ url: String) throws(FilterFailure) -> String {
        if let existing = relationships[partName]?.first(where: { $0.external && $0.target == url }) { return existing.id }
        let id = try freeID(for: partName)
        if relationships[partName] == nil { sources.append(partName) }
        relationships[partName, default: []].append(AddedRelationship(id: id, type: RelationshipType.hyperlink, target: url, external: true))
        return id
    }

    /// Names of the parts added so far, in order.
    public var addedPartNames: [String] { parts.map(\.name) }

    /// Whether the template or an earlier addition already has `partName`.
    public func contains(partName: String) -> Bool {
        let key = partName.lowercased()
        return facts.names.contains(key) || addedNames.contains(key)
    }

    /// Adds a part. `contentType` nil: the template's `Default` for the extension must cover
    /// it (`.rels` parts are always covered). A type equal to the covering `Default` adds no
    /// `Override`.
    public func addPart(partName name: String, contentType: String?, bytes: [UInt8]) throws(FilterFailure) {
        if let reason = ZipArchive.unsafeNameReason(name) {
            throw FilterFailure("部件名 “\(name)” 不可用（\(reason)）")
        }
        if name.hasSuffix("/") || name == DocxPackage.contentTypesPartName {
            throw FilterFailure("部件名 “\(name)” 不可用")
        }
        if contains(partName: name) {
            throw FilterFailure("部件 \(name) 已存在，不能重复添加")
        }
        if sources.contains(where: { PartName.relationshipsPart(of: $0).lowercased() == name.lowercased() }) {
            throw FilterFailure("部件 \(name) 是已添加关系的关系部件，不能作为部件添加")
        }
        var type = contentType
        let covering = defaultType(of: name)
        if type == nil, covering == nil, !name.lowercased().hasSuffix(".rels") {
            throw FilterFailure("部件 \(name) 没有内容类型，模板的 [Content_Types].xml 也没有适用的 Default")
        }
        if let given = type, given == covering { type = nil }
        if name.lowercased().hasSuffix(".rels") { type = nil }
        parts.append(AddedPart(name: name, contentType: type, bytes: bytes))
        addedNames.insert(name.lowercased())
    }

    /// The `Default` content type that covers a part name: the template's or one added here.
    private func defaultType(of part: String) -> String? {
        if let type = facts.defaultType(of: part) { return type }
        let file = part.split(separator: "/").last ?? Substring(part)
        guard let dot = file.lastIndex(of: ".") else { return nil }
        let ext = file[file.index(after: dot)...].lowercased()
        return addedDefaults.first { $0.0 == ext }?.1
    }

    /// A picture for the part being rendered: stored once per document under
    /// `word/media/imageN.ext` (N the first free number), covered by a `Default` content type,
    /// related once per part; returns the relationship id to put in `a:blip r:embed`.
    func addImage(bytes: [UInt8], format: ImageFile.Format) throws(FilterFailure) -> String {
        let name: String
        if let stored = media[bytes] {
            name = stored
        } else {
            // An extension the template already maps to the type is kept (`jpg`), else png/jpeg.
            let ext = facts.defaults.filter { $0.value == format.contentType }.keys.sorted().first ?? format.fileExtension
            if facts.defaults[ext] == nil, !addedDefaults.contains(where: { $0.0 == ext }) {
                addedDefaults.append((ext, format.contentType))
            }
            name = "word/media/image\(uniqueIndex(prefix: "word/media/image")).\(ext)"
            try addPart(partName: name, contentType: format.contentType, bytes: bytes)
            media[bytes] = name
        }
        let target = PartName.relativeTarget(for: name, from: partName)
        if let existing = relationships[partName]?.first(where: { $0.target == target && $0.type == RelationshipType.image }) {
            return existing.id
        }
        return try addRelationship(from: partName, to: name, type: RelationshipType.image)
    }

    /// Adds a part and a relationship to it from the part being rendered; returns the new
    /// relationship id (unique in that part's `.rels`).
    @discardableResult
    public func addRelated(partName name: String, contentType: String?, bytes: [UInt8], relationshipType: String) throws(FilterFailure) -> String {
        try addPart(partName: name, contentType: contentType, bytes: bytes)
        return try addRelationship(from: partName, to: name, type: relationshipType)
    }

    /// A relationship from `source` (the part being rendered, or a part added earlier) to
    /// `target`, an existing or added part; returns its id.
    @discardableResult
    public func addRelationship(from source: String, to target: String, type: String) throws(FilterFailure) -> String {
        guard contains(partName: source) else { throw FilterFailure("关系的源部件 \(source) 不存在") }
        guard contains(partName: target) else { throw FilterFailure("关系的目标部件 \(target) 不存在") }
        let id = try freeID(for: source)
        if relationships[source] == nil { sources.append(source) }
        relationships[source, default: []].append(AddedRelationship(
            id: id, type: type, target: PartName.relativeTarget(for: target, from: source)))
        return id
    }

    /// The smallest `rIdN` neither the template's `.rels` of `source` nor this render uses.
    private func freeID(for source: String) throws(FilterFailure) -> String {
        let relsPart = PartName.relationshipsPart(of: source)
        if let reason = facts.brokenRelationships[relsPart] { throw FilterFailure(reason) }
        if addedNames.contains(relsPart.lowercased()) {
            throw FilterFailure("关系部件 \(relsPart) 已作为部件添加，不能再添加关系")
        }
        var used = Set<String>()
        if let document = facts.relationships[relsPart] {
            for element in document.root.elements { if let id = element.attribute("Id") { used.insert(id) } }
        } else if facts.names.contains(relsPart.lowercased()) {
            // A .rels part of a part that is not templated: the template was not read for it.
            throw FilterFailure("不能向部件 \(source) 添加关系（其关系部件未在编译模板时读取）")
        }
        let mine = relationships[source] ?? []
        for relationship in mine { used.insert(relationship.id) }
        // The smallest free number: predictable, and never one the template uses.
        var number = 1
        while used.contains("rId\(number)") { number += 1 }
        return "rId\(number)"
    }

    /// The smallest N ≥ 1 such that no part of the template or of this render is named
    /// `prefix` + N followed by a non-digit (`word/charts/chart` → 2 when `chart1.xml`
    /// exists). The number is reserved: a second call returns another one.
    public func uniqueIndex(prefix: String) -> Int {
        uniqueIndex(prefixes: [prefix])
    }

    /// One N free under every prefix (a chart needs `chartN.xml` and `…WorksheetN.xlsx`).
    public func uniqueIndex(prefixes: [String]) -> Int {
        var taken = Set<Int>()
        let lowered = prefixes.map { $0.lowercased() }
        for name in facts.names.union(addedNames) {
            for prefix in lowered where name.hasPrefix(prefix) {
                let digits = name.dropFirst(prefix.count).prefix(while: { $0.isASCII && $0.isNumber })
                if !digits.isEmpty, digits.count < 10, let n = Int(digits) { taken.insert(n) }
            }
        }
        for prefix in lowered { taken.formUnion(reservedIndices[prefix] ?? []) }
        var n = 1
        while taken.contains(n) { n += 1 }
        for prefix in lowered { reservedIndices[prefix, default: []].insert(n) }
        return n
    }

    /// A `wp:docPr` id no drawing of the template uses: above the template's largest, or
    /// the smallest free one when those would leave the unsigned 32-bit range.
    public func nextDrawingID() -> Int {
        var id = nextDrawing
        if id > PackageFacts.maxDrawingID {
            id = 1
            while drawingIDs.contains(id) { id += 1 }
        } else {
            nextDrawing += 1
        }
        drawingIDs.insert(id)
        return id
    }

    /// 1, 2, 3… per `counter` name for this document (figure numbers of `图N`).
    public func nextNumber(_ counter: String) -> Int {
        let n = (counters[counter] ?? 0) + 1
        counters[counter] = n
        return n
    }

    // MARK: - Writing

    /// The zip entries of the finished document: `entries` (the template's order, rendered
    /// parts and raw copies) with `[Content_Types].xml` and the changed `.rels` parts
    /// replaced, then the added parts, then new `.rels` parts.
    func finish(_ entries: [(name: String, content: ZipEntryContent)]) throws(RenderErrors) -> [(name: String, content: ZipEntryContent)] {
        var result = entries
        var position: [String: Int] = [:]
        for (i, entry) in entries.enumerated() { position[entry.name] = i }

        guard var types = facts.contentTypes, let typesAt = position[DocxPackage.contentTypesPartName] else {
            throw RenderErrors([RenderError(.output, "模板缺少可读的 [Content_Types].xml，无法添加部件")])
        }
        var newRelsParts: [(String, [UInt8])] = []
        var needsRelsDefault = facts.defaults["rels"] == nil
        for source in sources + dropped.keys.sorted().filter({ !sources.contains($0) }) {
            let relsPart = PartName.relationshipsPart(of: source)
            var document: XMLDocument
            if let existing = facts.relationships[relsPart] {
                document = existing
            } else {
                document = XMLDocument(root: XMLElement(
                    name: "Relationships", namespaceURI: Namespace.packageRelationships,
                    attributes: [XMLAttribute("xmlns", Namespace.packageRelationships)]))
            }
            if let ids = dropped[source] {
                document.root.children.removeAll {
                    if case .element(let e) = $0, let id = e.attribute("Id") { return ids.contains(id) }
                    return false
                }
            }
            for relationship in relationships[source] ?? [] {
                var attributes = [XMLAttribute("Id", relationship.id), XMLAttribute("Type", relationship.type),
                                  XMLAttribute("Target", relationship.target)]
                if relationship.external { attributes.append(XMLAttribute("TargetMode", "External")) }
                document.root.children.append(.element(XMLElement(
                    name: Self.siblingName(document.root, "Relationship"), namespaceURI: Namespace.packageRelationships,
                    attributes: attributes)))
            }
            let bytes = document.serialized()
            if let at = position[relsPart] {
                result[at].content = .bytes(bytes)
            } else {
                newRelsParts.append((relsPart, bytes))
            }
        }
        if !parts.contains(where: { $0.name.lowercased().hasSuffix(".rels") }) && newRelsParts.isEmpty {
            needsRelsDefault = false
        }
        // A Default goes before the first Override, as the schema's sequence wants.
        func insertDefault(extension ext: String, contentType type: String) {
            let at = types.root.children.firstIndex(where: {
                if case .element(let element) = $0 { return element.is(Namespace.contentTypes, "Override") }
                return false
            }) ?? types.root.children.count
            types.root.children.insert(.element(XMLElement(
                name: Self.siblingName(types.root, "Default"), namespaceURI: Namespace.contentTypes,
                attributes: [XMLAttribute("Extension", ext), XMLAttribute("ContentType", type)])), at: at)
        }
        if needsRelsDefault { insertDefault(extension: "rels", contentType: ContentType.relationships) }
        for (ext, type) in addedDefaults { insertDefault(extension: ext, contentType: type) }
        for part in parts {
            if let type = part.contentType {
                types.root.children.append(.element(XMLElement(
                    name: Self.siblingName(types.root, "Override"), namespaceURI: Namespace.contentTypes,
                    attributes: [XMLAttribute("PartName", "/" + part.name), XMLAttribute("ContentType", type)])))
            }
            result.append((part.name, .bytes(part.bytes)))
        }
        result[typesAt].content = .bytes(types.serialized())
        for (name, bytes) in newRelsParts { result.append((name, .bytes(bytes))) }
        return result
    }

    /// `local` with the prefix `element` is written with, so new children match the file.
    static func siblingName(_ element: XMLElement, _ local: String) -> String {
        guard let colon = element.name.firstIndex(of: ":") else { return local }
        return String(element.name[...colon]) + local
    }
}
