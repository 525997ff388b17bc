import OOXML

/// What adding parts to a rendered document needs to know about the template package.
/// Gathered once when the template is compiled, so a render that adds parts parses nothing.
struct PackageFacts: Sendable {
    /// Names, content types and the `.rels` parts of the templated parts (the sources
    /// generated content relates from), as `PackageAdditions` needs them.
    var existing = PackageAdditions.Existing()
    /// Hyperlink relationships (id → target) of each templated part: a target may hold tags.
    var hyperlinks: [String: [String: String]] = [:]
    /// Every `wp:docPr` id the templated parts use.
    var drawingIDs: Set<Int> = []
    var largestDrawingID = 0
    /// Every content control id (`w:sdtPr/w:id`) the templated parts use, and every `w:id`
    /// attribute (tracked changes, bookmarks, comment anchors): copies in a repeated section
    /// take ids none of them uses (`RenderAttachments.nextControlID`).
    var controlIDs: Set<Int> = []
    var largestControlID = 0

    /// The main document's comments part (`word/comments.xml`) as the template has it: a copy
    /// of a repeated section that holds a comment's anchors gets a copy of the comment there.
    var comments: (partName: String, document: XMLDocument)?
    /// The comments' threads and resolved marks (`word/commentsExtended.xml`): a copy of a
    /// reply is tied there to the copy of its comment.
    var commentsExtended: (partName: String, document: XMLDocument)?
    /// Every paragraph id (`w14:paraId`) of the templated parts and the comments: a copied
    /// comment's paragraphs take ids none of them uses.
    var paragraphIDs: Set<Int> = []
    var largestParagraphID = 0

    static let maxDrawingID = Int(UInt32.max)
    /// Paragraph ids are below 0x80000000 (ECMA-376 Part 1 §17.18.57 as Word reads them).
    static let maxParagraphID = 0x7FFF_FFFE

    /// Records the package's entries and content types, and its comments part.
    mutating func read(package: DocxPackage) {
        existing = PackageAdditions.Existing(package: package)
        if let part = try? package.relatedParts(of: package.mainDocumentPartName, type: RelationshipType.comments).first,
           let document = try? package.xml(part) {
            comments = (part, document)
            // The comments' own ids are taken too: a copy's comment must not reuse one.
            for comment in document.root.elements {
                guard let text = comment.attribute("w:id"), let id = Int(text) else { continue }
                controlIDs.insert(id)
                largestControlID = max(largestControlID, id)
            }
            collectParagraphIDs(document.root)
            if let extended = try? package.relatedParts(of: package.mainDocumentPartName, type: RelationshipType.commentsExtended).first,
               let tree = try? package.xml(extended) {
                commentsExtended = (extended, tree)
            }
        }
    }

    /// The paragraph id of `element` (`w14:paraId`, eight hex digits), if it has one.
    static func paragraphID(_ element: XMLElement) -> Int? {
        guard let text = element.attributes.first(where: { $0.name.hasSuffix(":paraId") })?.value, text.count <= 8 else { return nil }
        return Int(text, radix: 16)
    }

    private mutating func collectParagraphIDs(_ element: XMLElement) {
        for e in element.elements {
            if e.is(Namespace.w, "p"), let id = Self.paragraphID(e) {
                paragraphIDs.insert(id)
                largestParagraphID = max(largestParagraphID, id)
            }
            collectParagraphIDs(e)
        }
    }

    /// Keeps the `.rels` part of a templated part and the drawing, content control and
    /// paragraph ids of its tree.
    mutating func read(templatedPart partName: String, document: XMLDocument, package: DocxPackage) {
        collectDrawingIDs(document.root)
        guard let rels = existing.readRelationships(of: partName, in: package) else { return }
        for element in rels.root.elements {
            guard let type = element.attribute("Type"), RelationshipType.matches(type, RelationshipType.hyperlink),
                  let id = element.attribute("Id"), let target = element.attribute("Target") else { continue }
            hyperlinks[partName, default: [:]][id] = target
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
            if e.localName == "id", element.is(Namespace.w, "sdtPr"), e.namespaceURI == Namespace.w,
               let text = e.attribute("w:val"), let id = Int(text) {
                controlIDs.insert(id)
                largestControlID = max(largestControlID, id)
            }
            if e.namespaceURI == Namespace.w, let text = e.attribute("w:id"), let id = Int(text) {
                controlIDs.insert(id)
                largestControlID = max(largestControlID, id)
            }
            if e.is(Namespace.w, "p"), let id = Self.paragraphID(e) {
                paragraphIDs.insert(id)
                largestParagraphID = max(largestParagraphID, id)
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
    let facts: PackageFacts
    /// The part whose tags are being rendered: `addRelated` relates from it.
    public internal(set) var partName: String
    private var additions: PackageAdditions
    private var reservedIndices: [String: Set<Int>] = [:]
    private var drawingIDs: FreeIDs
    private var controlIDs: FreeIDs
    private var counters: [String: Int] = [:]
    /// Comments copied with a repeated section, in the order their copies were numbered: the
    /// template's id and the copy's.
    private(set) var commentCopies: [(original: Int, copy: Int)] = []
    /// The copy's id for each comment whose range started or ended in the copy being rendered
    /// and whose mark (`w:commentReference`) has not been written yet.
    private var openComments: [Int: Int] = [:]
    /// The template's comments whose first copy has been numbered (it keeps the template's id).
    private var copiedComments: Set<Int> = []
    /// Pictures stored so far by their bytes: the same picture twice is one media part.
    private var media: [[UInt8]: String] = [:]

    init(facts: PackageFacts, partName: String) {
        self.facts = facts
        self.partName = partName
        additions = PackageAdditions(existing: facts.existing)
        drawingIDs = FreeIDs(used: facts.drawingIDs, largest: facts.largestDrawingID, limit: PackageFacts.maxDrawingID)
        controlIDs = FreeIDs(used: facts.controlIDs, largest: facts.largestControlID, limit: Int(Int32.max))
    }

    /// An attachment list for a package holding `existingParts` (for testing generators on
    /// their own; `DocumentRenderer` builds the real one from the template).
    public convenience init(existingParts: [String] = [], partName: String = "word/document.xml") {
        var facts = PackageFacts()
        facts.existing.orderedNames = existingParts
        facts.existing.names = Set(existingParts.map { $0.lowercased() })
        self.init(facts: facts, partName: partName)
    }

    /// True when the render added neither parts nor relationships.
    public var isEmpty: Bool { additions.isEmpty }

    /// Leaves the template's relationship `id` of `source` out of the document.
    func dropRelationship(_ id: String, from source: String) {
        additions.dropRelationship(id, from: source)
    }

    /// An external hyperlink from the part being rendered; one relationship per address and part.
    func addHyperlink(_ url: String) throws(FilterFailure) -> String {
        if let existing = additions.relationships(from: partName).first(where: { $0.isExternal && $0.target == url }) {
            return existing.id
        }
        return try Self.filter { () throws(OOXMLError) in
            try additions.addExternalRelationship(from: partName, to: url, type: RelationshipType.hyperlink)
        }
    }

    /// Names of the parts added so far, in order.
    public var addedPartNames: [String] { additions.addedPartNames }

    /// Whether the template or an earlier addition already has `partName`.
    public func contains(partName: String) -> Bool {
        additions.contains(partName)
    }

    /// Adds a part. `contentType` nil: the template's `Default` for the extension must cover
    /// it (`.rels` parts are always covered). A type equal to the covering `Default` adds no
    /// `Override`.
    public func addPart(partName name: String, contentType: String?, bytes: [UInt8]) throws(FilterFailure) {
        try Self.filter { () throws(OOXMLError) in try additions.addPart(name, contentType: contentType, bytes: bytes) }
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
            let ext = facts.existing.defaults.filter { $0.value == format.contentType }.keys.sorted().first ?? format.fileExtension
            additions.addDefault(extension: ext, contentType: format.contentType)
            name = "word/media/image\(uniqueIndex(prefix: "word/media/image")).\(ext)"
            try addPart(partName: name, contentType: format.contentType, bytes: bytes)
            media[bytes] = name
        }
        let target = PartName.relativeTarget(for: name, from: partName)
        if let existing = additions.relationships(from: partName).first(where: { $0.target == target && $0.type == RelationshipType.image }) {
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
        return try Self.filter { () throws(OOXMLError) in try additions.addRelationship(from: source, to: target, type: type) }
    }

    /// A generator's failure carries the package's message.
    private static func filter<T>(_ body: () throws(OOXMLError) -> T) throws(FilterFailure) -> T {
        do { return try body() } catch { throw FilterFailure(error.message) }
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
        for name in facts.existing.names.union(additions.addedLowercasedNames) {
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

    /// A `wp:docPr` id no drawing of the template uses (unsigned 32-bit, see `FreeIDs`).
    public func nextDrawingID() -> Int { drawingIDs.next() }

    /// A content control id (`w:sdtPr/w:id`) or a tracked change's `w:id` that no control, mark
    /// or tracked change of the template uses (in the signed 32-bit range Word reads them in,
    /// see `FreeIDs`). One counter serves both, so a copy's ids are unique in either reading.
    public func nextControlID() -> Int { controlIDs.next() }

    /// The id a copy's comment anchor takes for the template's comment `original`: a range's
    /// start numbers a new copy, its end and the mark after it use that number, a mark without
    /// a range (a comment on a point) numbers one of its own. The first copy keeps the
    /// template's id; each later one is a copy of the comment (`commentCopies`), written into
    /// the comments part by `withCommentCopies`.
    func commentID(copying original: Int, _ anchor: Program.FreshID) -> Int {
        if anchor != .commentStart, let open = openComments[original] {
            if anchor == .commentReference { openComments[original] = nil }
            return open
        }
        // The first copy is the template's comment: its anchors are nowhere else.
        let copy: Int
        if copiedComments.insert(original).inserted {
            copy = original
        } else {
            copy = controlIDs.next()
            commentCopies.append((original, copy))
        }
        if anchor != .commentReference { openComments[original] = copy }
        return copy
    }

    /// 1, 2, 3… per `counter` name for this document (figure numbers of `图N`).
    public func nextNumber(_ counter: String) -> Int {
        let n = (counters[counter] ?? 0) + 1
        counters[counter] = n
        return n
    }

    // MARK: - Writing

    /// `entries` with the comments part holding a copy of each comment copied with a repeated
    /// section (`commentCopies`), after the template's comments: the same author, date and text
    /// under the copy's id. A paragraph id (`w14:paraId`) names one paragraph of the document,
    /// so each copied paragraph that had one gets a new one (its `w14:textId` dropped); and
    /// since `commentsExtended.xml` ties a reply to its comment and marks a comment resolved by
    /// the last paragraph's id, each copy gets an entry there too: the copy of a reply answers
    /// the copy of its comment made with it (the n-th copy of each, the copies of one repeated
    /// item), else the template's comment. Without them the copies of a thread (a reviewer's
    /// note and the staff's reply in the indicator row) came apart into loose comments
    /// (staff review 13).
    func withCommentCopies(_ entries: [(name: String, content: ZipEntryContent)]) -> [(name: String, content: ZipEntryContent)] {
        guard !commentCopies.isEmpty, let comments = facts.comments,
              let at = entries.firstIndex(where: { $0.name == comments.partName }) else { return entries }
        var document = comments.document
        var byID: [String: XMLElement] = [:]
        for comment in document.root.elements where comment.is(Namespace.w, "comment") {
            if let id = comment.attribute("w:id"), byID[id] == nil { byID[id] = comment }
        }
        var paragraphIDs = FreeIDs(used: facts.paragraphIDs, largest: facts.largestParagraphID, limit: PackageFacts.maxParagraphID)
        // The last paragraph ids of the template's comment and of its copy, in the order made.
        var copiedLast: [(template: Int, copy: Int)] = []
        for (original, copy) in commentCopies {
            guard var comment = byID[String(original)] else { continue }
            comment.attributes = comment.attributes.map { $0.name == "w:id" ? XMLAttribute("w:id", String(copy)) : $0 }
            var last: (template: Int, copy: Int)?
            comment = Self.renumberingParagraphs(comment, ids: &paragraphIDs, last: &last)
            if let last { copiedLast.append(last) }
            document.root.children.append(.element(comment))
        }
        var result = entries
        result[at].content = .bytes(document.serialized())
        if let extended = facts.commentsExtended, let place = result.firstIndex(where: { $0.name == extended.partName }),
           let tree = Self.extended(extended.document, copies: copiedLast) {
            result[place].content = .bytes(tree.serialized())
        }
        return result
    }

    /// `element` with each paragraph id replaced by a new one; `last` the template's and the
    /// copy's id of the last paragraph that had one.
    private static func renumberingParagraphs(_ element: XMLElement, ids: inout FreeIDs, last: inout (template: Int, copy: Int)?) -> XMLElement {
        var copy = element
        if copy.is(Namespace.w, "p") {
            let template = PackageFacts.paragraphID(copy)
            copy.attributes.removeAll { $0.name.hasSuffix(":textId") }
            if let template, let at = copy.attributes.firstIndex(where: { $0.name.hasSuffix(":paraId") }) {
                let new = ids.next()
                copy.attributes[at].value = hex(new)
                last = (template, new)
            } else {
                copy.attributes.removeAll { $0.name.hasSuffix(":paraId") }
            }
        }
        copy.children = copy.children.map {
            if case .element(let e) = $0 { return .element(renumberingParagraphs(e, ids: &ids, last: &last)) } else { return $0 }
        }
        return copy
    }

    private static func hex(_ id: Int) -> String {
        let digits = String(id, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// commentsExtended.xml with an entry for each copy (`copies`: the template comment's and
    /// the copy's last paragraph ids, in the order made) after the template's: the same
    /// resolved mark, the parent the copy of the template's parent made in the same turn (the
    /// n-th of each), else the template's. nil when no copied comment has an entry.
    static func extended(_ tree: XMLDocument, copies: [(template: Int, copy: Int)]) -> XMLDocument? {
        var entries: [Int: XMLElement] = [:]
        for entry in tree.root.elements where entry.localName == "commentEx" {
            if let id = PackageFacts.paragraphID(entry), entries[id] == nil { entries[id] = entry }
        }
        var copiesOf: [Int: [Int]] = [:]
        for (template, copy) in copies { copiesOf[template, default: []].append(copy) }
        var turns: [Int: Int] = [:]
        var document = tree
        var added = false
        for (template, copy) in copies {
            let turn = turns[template, default: 0]
            turns[template] = turn + 1
            guard let entry = entries[template] else { continue }
            var new = entry
            new.attributes = entry.attributes.map { attribute in
                if attribute.name.hasSuffix(":paraId") { return XMLAttribute(attribute.name, hex(copy)) }
                if attribute.name.hasSuffix(":paraIdParent"), let parent = Int(attribute.value, radix: 16),
                   let parentCopies = copiesOf[parent], turn < parentCopies.count {
                    return XMLAttribute(attribute.name, hex(parentCopies[turn]))
                }
                return attribute
            }
            document.root.children.append(.element(new))
            added = true
        }
        return added ? document : nil
    }

    /// The zip entries of the finished document: `entries` (the template's order, rendered
    /// parts and raw copies) with `[Content_Types].xml` and the changed `.rels` parts
    /// replaced, then the added parts, then new `.rels` parts (`PackageAdditions.written`).
    func finish(_ entries: [(name: String, content: ZipEntryContent)]) throws(RenderErrors) -> [(name: String, content: ZipEntryContent)] {
        var position: [String: Int] = [:]
        for (i, entry) in entries.enumerated() { position[entry.name] = i }
        guard facts.existing.contentTypes != nil, let typesAt = position[DocxPackage.contentTypesPartName] else {
            throw RenderErrors([RenderError(.output, "模板缺少可读的 [Content_Types].xml，无法添加部件")])
        }
        let written: PackageAdditions.Written
        do { written = try additions.written() } catch { throw RenderErrors([RenderError(.output, error.message)]) }
        var result = entries
        var newRelationshipParts: [(name: String, content: ZipEntryContent)] = []
        for (name, bytes) in written.relationshipParts {
            if let at = position[name] { result[at].content = .bytes(bytes) } else { newRelationshipParts.append((name, .bytes(bytes))) }
        }
        result += written.parts.map { ($0.name, .bytes($0.bytes)) }
        result[typesAt].content = .bytes(written.contentTypes)
        return result + newRelationshipParts
    }
}

/// Ids a template's copies of an element take, none the template uses: above the template's
/// largest, or the smallest free positive one once those would pass `limit`.
struct FreeIDs {
    private var used: Set<Int>
    private var following: Int
    private let limit: Int

    init(used: Set<Int>, largest: Int, limit: Int) {
        self.used = used
        following = largest + 1
        self.limit = limit
    }

    mutating func next() -> Int {
        var id = following
        if id > limit {
            id = 1
            while used.contains(id) { id += 1 }
        } else {
            following += 1
        }
        used.insert(id)
        return id
    }
}
