/// A .docx package: its parts, `[Content_Types].xml` and relationships.
///
/// Opening reads only the zip directory, the content types and the package relationships.
/// Replaced and added parts live in memory; writing copies every other entry through from
/// the source archive without recompressing it. Copies of a `DocxPackage` share the source
/// archive, so a template opened once can be specialised and written many times cheaply.
/// Use one thread at a time (the shared `ZipArchive` is not thread-safe).
public struct DocxPackage {
    public static let contentTypesPartName = "[Content_Types].xml"
    public static let packageRelationshipsPartName = "_rels/.rels"

    /// The name errors use (usually the file path).
    public let name: String
    public let archive: ZipArchive
    public private(set) var mainDocumentPartName: String
    private var replaced: [String: [UInt8]] = [:]
    private var added: [String] = []
    private(set) var contentTypes: ContentTypes

    public init(path: String) throws(OOXMLError) {
        try self.init(archive: ZipArchive(path: path))
    }

    public init(bytes: [UInt8], name: String) throws(OOXMLError) {
        try self.init(archive: ZipArchive(bytes: bytes, name: name))
    }

    public init(archive: ZipArchive) throws(OOXMLError) {
        self.archive = archive
        self.name = archive.name
        let name = archive.name

        // The main part is whatever _rels/.rels names; word/document.xml when that is missing,
        // so a zip that is no Word document at all gets the clearest message.
        var main = "word/document.xml"
        var packageRelationships: [Relationship]?
        if let relsEntry = archive.entry(named: Self.packageRelationshipsPartName) {
            let document = try Self.parse(archive.read(relsEntry.name), part: relsEntry.name, file: name, charging: archive)
            do {
                packageRelationships = try Relationship.list(in: document, partName: relsEntry.name)
            } catch {
                throw error.with(file: name)
            }
            if let office = packageRelationships?.first(where: { RelationshipType.matches($0.type, RelationshipType.officeDocument) && !$0.isExternal }) {
                guard let resolved = PartName.resolve(office.target, from: "") else {
                    throw OOXMLError(.relationships, "主文档关系的目标「\(office.target)」无效", file: name, part: relsEntry.name)
                }
                main = resolved
            }
        }
        guard archive.entry(named: main) != nil else {
            let what = packageRelationships == nil ? "缺少 \(main)" : "缺少主文档部件 \(main)"
            throw OOXMLError(.missingMainDocument, "不是有效的 Word 文档：\(what)", file: name)
        }
        guard packageRelationships != nil else {
            throw OOXMLError(.relationships, "缺少包关系部件 \(Self.packageRelationshipsPartName)", file: name)
        }
        guard archive.entry(named: Self.contentTypesPartName) != nil else {
            throw OOXMLError(.contentTypes, "缺少内容类型部件 \(Self.contentTypesPartName)", file: name)
        }
        let typesDocument = try Self.parse(archive.read(Self.contentTypesPartName), part: Self.contentTypesPartName, file: name, charging: archive)
        do {
            contentTypes = try ContentTypes(typesDocument)
        } catch {
            throw error.with(file: name)
        }
        mainDocumentPartName = main
    }

    // MARK: - Reading

    /// Archive order (directories left out), then added parts.
    public var partNames: [String] {
        archive.entries.lazy.map(\.name).filter { !$0.hasSuffix("/") } + added
    }

    public func contains(_ part: String) -> Bool {
        replaced[part] != nil || archive.entry(named: part) != nil
    }

    public func contentType(of part: String) -> String? {
        contentTypes.type(of: part)
    }

    public func bytes(of part: String) throws(OOXMLError) -> [UInt8] {
        if let bytes = replaced[part] { return bytes }
        guard archive.entry(named: part) != nil else {
            throw OOXMLError(.entryMissing, "文档中没有部件「\(part)」", file: name)
        }
        return try archive.read(part)
    }

    /// A part parsed; parts read from the archive count against its `XMLLimits`.
    public func xml(_ part: String) throws(OOXMLError) -> XMLDocument {
        try Self.parse(bytes(of: part), part: part, file: name, charging: replaced[part] == nil ? archive : nil)
    }

    /// The relationships of `part` (`""` for the package); empty when it has no `.rels` part.
    public func relationships(of part: String) throws(OOXMLError) -> [Relationship] {
        let relsPart = PartName.relationshipsPart(of: part)
        guard contains(relsPart) else { return [] }
        do {
            return try Relationship.list(in: xml(relsPart), partName: relsPart)
        } catch {
            throw error.with(file: name)
        }
    }

    /// The parts `part` relates to with `type`, in relationship order, as absolute part names.
    /// External targets are skipped; a target that is missing from the package is an error.
    public func relatedParts(of part: String, type: String) throws(OOXMLError) -> [String] {
        var result: [String] = []
        for relationship in try relationships(of: part)
        where RelationshipType.matches(relationship.type, type) && !relationship.isExternal {
            result.append(try resolve(relationship, from: part))
        }
        return result
    }

    /// Parts whose text is templated, stable order: headers and footers (in the order the main
    /// document's relationships list them), main document, footnotes, endnotes.
    public func templatedPartNames() throws(OOXMLError) -> [String] {
        let main = mainDocumentPartName
        var headersAndFooters: [String] = []
        var notes: [String] = []
        let relationships = try relationships(of: main).filter { !$0.isExternal }
        for relationship in relationships
        where RelationshipType.matches(relationship.type, RelationshipType.header)
            || RelationshipType.matches(relationship.type, RelationshipType.footer) {
            let part = try resolve(relationship, from: main)
            if !headersAndFooters.contains(part) { headersAndFooters.append(part) }
        }
        for type in [RelationshipType.footnotes, RelationshipType.endnotes] {
            for relationship in relationships where RelationshipType.matches(relationship.type, type) {
                let part = try resolve(relationship, from: main)
                if !notes.contains(part) { notes.append(part) }
            }
        }
        return headersAndFooters + [main] + notes
    }

    private func resolve(_ relationship: Relationship, from source: String) throws(OOXMLError) -> String {
        let relsPart = PartName.relationshipsPart(of: source)
        guard let resolved = PartName.resolve(relationship.target, from: source) else {
            throw OOXMLError(.relationships, "关系 \(relationship.id) 的目标「\(relationship.target)」无效", file: name, part: relsPart)
        }
        guard contains(resolved) else {
            throw OOXMLError(.relationships, "关系 \(relationship.id) 指向的部件 \(resolved) 不存在", file: name, part: relsPart)
        }
        return resolved
    }

    // MARK: - Changing

    /// Replaces a part's bytes. A part that does not exist yet is added as is, without a
    /// content type or relationship (use `add` for those).
    public mutating func replace(_ part: String, with bytes: [UInt8]) {
        if !contains(part) { added.append(part) }
        replaced[part] = bytes
        if part == Self.contentTypesPartName,
           let document = try? XMLDocument(parsing: bytes, partName: part),
           let types = try? ContentTypes(document) {
            contentTypes = types
        }
    }

    /// Adds a new part, its content type (an `Override` unless a `Default` gives the same) and
    /// a relationship from `source` (`""` for the package); returns the new relationship id.
    /// Written by `PackageAdditions`, as parts a render adds are.
    @discardableResult
    public mutating func add(_ part: String, contentType: String, bytes: [UInt8], relatedFrom source: String, type: String) throws(OOXMLError) -> String {
        var existing = PackageAdditions.Existing(package: self)
        let relsPart = PartName.relationshipsPart(of: source)
        if contains(relsPart) {
            // The `.rels` part the new relationship joins must be readable, every entry of it.
            let document = try xml(relsPart)
            do {
                _ = try Relationship.list(in: document, partName: relsPart)
            } catch {
                throw error.with(file: name)
            }
            existing.relationships[relsPart] = document
        }
        var additions = PackageAdditions(existing: existing)
        let id: String
        let written: PackageAdditions.Written
        do {
            try additions.addPart(part, contentType: contentType, bytes: bytes)
            id = try additions.addRelationship(from: source, to: part, type: type)
            written = try additions.written()
        } catch {
            throw error.with(file: name)
        }
        for (partName, partBytes) in written.parts + written.relationshipParts { replace(partName, with: partBytes) }
        replace(Self.contentTypesPartName, with: written.contentTypes)
        return id
    }

    // MARK: - Writing

    /// Zip entries in writing order: `[Content_Types].xml` first, then the archive's order,
    /// then added parts. Unchanged entries are raw copies.
    public var zipEntries: [(name: String, content: ZipEntryContent)] {
        var result: [(name: String, content: ZipEntryContent)] = []
        result.reserveCapacity(archive.entries.count + added.count)
        func content(_ part: String) -> ZipEntryContent {
            if let bytes = replaced[part] { return .bytes(bytes) }
            return .copy(archive, entryName: part)
        }
        result.append((Self.contentTypesPartName, content(Self.contentTypesPartName)))
        for entry in archive.entries where entry.name != Self.contentTypesPartName {
            result.append((entry.name, content(entry.name)))
        }
        for part in added where part != Self.contentTypesPartName {
            result.append((part, content(part)))
        }
        return result
    }

    public func serialized(compressionLevel: Int = ZipWriter.defaultCompressionLevel) throws(OOXMLError) -> [UInt8] {
        do {
            return try ZipWriter.bytes(zipEntries, compressionLevel: compressionLevel)
        } catch {
            throw error.with(file: name)
        }
    }

    public func write(to path: String, compressionLevel: Int = ZipWriter.defaultCompressionLevel) throws(OOXMLError) {
        try ZipWriter.write(zipEntries, to: path, compressionLevel: compressionLevel)
    }

    static func parse(_ bytes: [UInt8], part: String, file: String, charging archive: ZipArchive? = nil) throws(OOXMLError) -> XMLDocument {
        do {
            try archive?.chargeXML(bytes, part: part)
            return try XMLDocument(parsing: bytes, partName: part)
        } catch {
            throw error.with(file: file)
        }
    }
}

/// `[Content_Types].xml`: defaults by extension, overrides by part name; both compared
/// case-insensitively, as OPC requires.
struct ContentTypes {
    private(set) var document: XMLDocument
    /// By lowercased extension.
    private(set) var defaults: [String: String] = [:]
    private var overrides: [String: String] = [:]

    init(_ document: XMLDocument) throws(OOXMLError) {
        let part = DocxPackage.contentTypesPartName
        guard document.root.is(Namespace.contentTypes, "Types") else {
            throw OOXMLError(.contentTypes, "根元素应为 Types，实为 \(document.root.name)", part: part)
        }
        self.document = document
        for element in document.root.elements {
            if element.is(Namespace.contentTypes, "Default") {
                guard let ext = element.attribute("Extension"), let type = element.attribute("ContentType") else {
                    throw OOXMLError(.contentTypes, "Default 元素缺少 Extension 或 ContentType 属性", part: part)
                }
                defaults[ext.lowercased()] = type
            } else if element.is(Namespace.contentTypes, "Override") {
                guard let name = element.attribute("PartName"), let type = element.attribute("ContentType") else {
                    throw OOXMLError(.contentTypes, "Override 元素缺少 PartName 或 ContentType 属性", part: part)
                }
                overrides[Self.key(name)] = type
            }
        }
    }

    private static func key(_ partName: String) -> String {
        (partName.hasPrefix("/") ? String(partName.dropFirst()) : partName).lowercased()
    }

    func type(of part: String) -> String? {
        if let type = overrides[Self.key(part)] { return type }
        let file = PartName.split(part).file
        guard let dot = file.lastIndex(of: ".") else { return nil }
        return defaults[file[file.index(after: dot)...].lowercased()]
    }
}

extension XMLElement {
    /// `local` with this element's prefix, so a new child matches how the file spells names.
    func siblingName(_ local: String) -> String {
        guard let colon = name.firstIndex(of: ":") else { return local }
        return String(name[...colon]) + local
    }
}
