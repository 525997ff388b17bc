/// Parts and relationships added to an existing package, and the one rule that writes them:
/// `[Content_Types].xml` with its new `Default`s and `Override`s, each extended or new `.rels`
/// part, the new parts. A rendered document (`RenderAttachments` in Templating) and an edited
/// `DocxPackage` (`add`) both go through it, so a part is added the same way everywhere.
///
/// Everything is decided by call order (the smallest free `rIdN`, parts in the order added),
/// so the same calls give the same bytes.
public struct PackageAdditions: Sendable {
    /// What the package holds already, as far as adding to it needs.
    public struct Existing: Sendable {
        /// Lowercased part names (OPC part names compare case-insensitively).
        public var names: Set<String> = []
        /// Part names as stored, in archive order.
        public var orderedNames: [String] = []
        /// Nil when the package has no readable `[Content_Types].xml`: nothing can be added then.
        public var contentTypes: XMLDocument?
        /// `Default` content types by lowercased extension.
        public var defaults: [String: String] = [:]
        /// The parsed `.rels` parts that relationships may be added to, by rels part name, and
        /// the message for each one that is unreadable. Any other existing `.rels` part is
        /// refused as a source: it was not read.
        public var relationships: [String: XMLDocument] = [:]
        public var brokenRelationships: [String: String] = [:]

        public init() {}

        /// The names and content types of `package`; `.rels` parts are read with `readRelationships`.
        public init(package: DocxPackage) {
            orderedNames = package.partNames
            names = Set(orderedNames.map { $0.lowercased() })
            contentTypes = package.contentTypes.document
            defaults = package.contentTypes.defaults
        }

        /// Reads the `.rels` part of `part` (if it has one) so relationships can be added from
        /// `part`; returns it, or nil when there is none or it is unreadable (then recorded).
        @discardableResult
        public mutating func readRelationships(of part: String, in package: DocxPackage) -> XMLDocument? {
            let relsPart = PartName.relationshipsPart(of: part)
            guard package.contains(relsPart) else { return nil }
            do {
                let rels = try package.xml(relsPart)
                guard rels.root.is(Namespace.packageRelationships, "Relationships") else {
                    brokenRelationships[relsPart] = "关系部件 \(relsPart) 的根元素不是 Relationships"
                    return nil
                }
                relationships[relsPart] = rels
                return rels
            } catch {
                brokenRelationships[relsPart] = "无法解析关系部件 \(relsPart)：\(error)"
                return nil
            }
        }

        public func defaultType(of part: String) -> String? {
            Self.extensionOf(part).flatMap { defaults[$0] }
        }

        static func extensionOf(_ part: String) -> String? {
            let file = PartName.split(part).file
            guard let dot = file.lastIndex(of: ".") else { return nil }
            return file[file.index(after: dot)...].lowercased()
        }
    }

    struct Part: Sendable {
        var name: String
        /// Nil: a `Default` covers it.
        var contentType: String?
        var bytes: [UInt8]
    }

    public let existing: Existing
    private(set) var parts: [Part] = []
    private var addedNames: Set<String> = []
    /// `Default` content types added (extension, type), in order.
    private var addedDefaults: [(String, String)] = []
    /// Sources in the order they first gained a relationship, and what they gained.
    private var sources: [String] = []
    private var added: [String: [Relationship]] = [:]
    /// Relationships of the package to leave out, by source part.
    private var dropped: [String: Set<String>] = [:]

    public init(existing: Existing) {
        self.existing = existing
    }

    /// True when nothing was added or left out.
    public var isEmpty: Bool { parts.isEmpty && sources.isEmpty && dropped.isEmpty }

    /// Names of the parts added so far, in order.
    public var addedPartNames: [String] { parts.map(\.name) }

    /// Lowercased names of the parts added so far.
    public var addedLowercasedNames: Set<String> { addedNames }

    /// Whether the package or an earlier addition has `part`.
    public func contains(_ part: String) -> Bool {
        let key = part.lowercased()
        return existing.names.contains(key) || addedNames.contains(key)
    }

    /// The relationships added from `source` so far.
    public func relationships(from source: String) -> [Relationship] {
        added[source] ?? []
    }

    /// The `Default` content type that covers a part name: the package's or one added here.
    public func defaultType(of part: String) -> String? {
        if let type = existing.defaultType(of: part) { return type }
        guard let ext = Existing.extensionOf(part) else { return nil }
        return addedDefaults.first { $0.0 == ext }?.1
    }

    /// Covers the extension `ext` with `contentType` unless a `Default` covers it already.
    public mutating func addDefault(extension ext: String, contentType: String) {
        let key = ext.lowercased()
        guard existing.defaults[key] == nil, !addedDefaults.contains(where: { $0.0 == key }) else { return }
        addedDefaults.append((key, contentType))
    }

    /// Adds a part. `contentType` nil: a `Default` must cover it (`.rels` parts always are). A
    /// type equal to the covering `Default` adds no `Override`.
    public mutating func addPart(_ name: String, contentType: String?, bytes: [UInt8]) throws(OOXMLError) {
        if let reason = ZipArchive.unsafeNameReason(name) {
            throw OOXMLError(.unsafeEntryName, "部件名 “\(name)” 不可用（\(reason)）", part: name)
        }
        if name.hasSuffix("/") {
            throw OOXMLError(.unsafeEntryName, "部件名 “\(name)” 不可用", part: name)
        }
        if name == DocxPackage.contentTypesPartName || contains(name) {
            throw OOXMLError(.partExists, "部件 \(name) 已存在，不能重复添加", part: name)
        }
        if sources.contains(where: { PartName.relationshipsPart(of: $0).lowercased() == name.lowercased() }) {
            throw OOXMLError(.relationships, "部件 \(name) 是已添加关系的关系部件，不能作为部件添加", part: name)
        }
        let isRelationships = name.lowercased().hasSuffix(".rels")
        let covering = defaultType(of: name)
        if contentType == nil, covering == nil, !isRelationships {
            throw OOXMLError(.contentTypes, "部件 \(name) 没有内容类型，[Content_Types].xml 也没有适用的 Default", part: name)
        }
        let type = isRelationships || contentType == covering ? nil : contentType
        parts.append(Part(name: name, contentType: type, bytes: bytes))
        addedNames.insert(name.lowercased())
    }

    /// A relationship from `source` (`""`: the package) to `target`, an existing or added
    /// part; returns its id.
    @discardableResult
    public mutating func addRelationship(from source: String, to target: String, type: String) throws(OOXMLError) -> String {
        guard source.isEmpty || contains(source) else {
            throw OOXMLError(.entryMissing, "关系的源部件 \(source) 不存在", part: source)
        }
        guard contains(target) else { throw OOXMLError(.entryMissing, "关系的目标部件 \(target) 不存在", part: target) }
        return try append(Relationship(id: "", type: type, target: PartName.relativeTarget(for: target, from: source)), from: source)
    }

    /// A relationship from `source` to an address outside the package (`TargetMode="External"`).
    public mutating func addExternalRelationship(from source: String, to address: String, type: String) throws(OOXMLError) -> String {
        try append(Relationship(id: "", type: type, target: address, targetMode: "External"), from: source)
    }

    /// Leaves the package's relationship `id` of `source` out.
    public mutating func dropRelationship(_ id: String, from source: String) {
        dropped[source, default: []].insert(id)
    }

    private mutating func append(_ relationship: Relationship, from source: String) throws(OOXMLError) -> String {
        var relationship = relationship
        relationship.id = try freeID(for: source)
        if added[source] == nil { sources.append(source) }
        added[source, default: []].append(relationship)
        return relationship.id
    }

    /// The smallest `rIdN` neither the package's `.rels` of `source` nor an addition uses:
    /// predictable, and never one the package uses.
    private func freeID(for source: String) throws(OOXMLError) -> String {
        let relsPart = PartName.relationshipsPart(of: source)
        if let reason = existing.brokenRelationships[relsPart] { throw OOXMLError(.relationships, reason, part: relsPart) }
        if addedNames.contains(relsPart.lowercased()) {
            throw OOXMLError(.relationships, "关系部件 \(relsPart) 已作为部件添加，不能再添加关系", part: relsPart)
        }
        var used = Set<String>()
        if let document = existing.relationships[relsPart] {
            for element in document.root.elements { if let id = element.attribute("Id") { used.insert(id) } }
        } else if existing.names.contains(relsPart.lowercased()) {
            throw OOXMLError(.relationships, "不能向部件 \(source) 添加关系（其关系部件未读取）", part: relsPart)
        }
        for relationship in added[source] ?? [] { used.insert(relationship.id) }
        var number = 1
        while used.contains("rId\(number)") { number += 1 }
        return "rId\(number)"
    }

    // MARK: - Writing

    /// The package's changes as bytes: the new `[Content_Types].xml`, the `.rels` parts that
    /// changed or are new (sources in the order they first gained a relationship, then those
    /// only left out of, by name), and the added parts in order.
    public struct Written {
        public var contentTypes: [UInt8]
        public var relationshipParts: [(name: String, bytes: [UInt8])]
        public var parts: [(name: String, bytes: [UInt8])]
    }

    public func written() throws(OOXMLError) -> Written {
        guard var types = existing.contentTypes else {
            throw OOXMLError(.contentTypes, "缺少可读的 \(DocxPackage.contentTypesPartName)，无法添加部件",
                             part: DocxPackage.contentTypesPartName)
        }
        var relationshipParts: [(name: String, bytes: [UInt8])] = []
        var newRelationshipParts = false
        for source in sources + dropped.keys.sorted().filter({ !sources.contains($0) }) {
            let relsPart = PartName.relationshipsPart(of: source)
            var document: XMLDocument
            if let existing = existing.relationships[relsPart] {
                document = existing
            } else {
                newRelationshipParts = true
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
            for relationship in added[source] ?? [] {
                var attributes = [XMLAttribute("Id", relationship.id), XMLAttribute("Type", relationship.type),
                                  XMLAttribute("Target", relationship.target)]
                if let mode = relationship.targetMode { attributes.append(XMLAttribute("TargetMode", mode)) }
                document.root.children.append(.element(XMLElement(
                    name: document.root.siblingName("Relationship"), namespaceURI: Namespace.packageRelationships,
                    attributes: attributes)))
            }
            relationshipParts.append((relsPart, document.serialized()))
        }
        // A Default goes before the first Override, as the schema's sequence wants.
        func insertDefault(extension ext: String, contentType type: String) {
            let at = types.root.children.firstIndex(where: {
                if case .element(let element) = $0 { return element.is(Namespace.contentTypes, "Override") }
                return false
            }) ?? types.root.children.count
            types.root.children.insert(.element(XMLElement(
                name: types.root.siblingName("Default"), namespaceURI: Namespace.contentTypes,
                attributes: [XMLAttribute("Extension", ext), XMLAttribute("ContentType", type)])), at: at)
        }
        let addsRelationshipParts = newRelationshipParts || parts.contains { $0.name.lowercased().hasSuffix(".rels") }
        if existing.defaults["rels"] == nil, addsRelationshipParts {
            insertDefault(extension: "rels", contentType: ContentType.relationships)
        }
        for (ext, type) in addedDefaults { insertDefault(extension: ext, contentType: type) }
        for part in parts {
            guard let type = part.contentType else { continue }
            types.root.children.append(.element(XMLElement(
                name: types.root.siblingName("Override"), namespaceURI: Namespace.contentTypes,
                attributes: [XMLAttribute("PartName", "/" + part.name), XMLAttribute("ContentType", type)])))
        }
        return Written(contentTypes: types.serialized(), relationshipParts: relationshipParts,
                       parts: parts.map { ($0.name, $0.bytes) })
    }
}
