/// What `reportgen docx inspect` shows: parts with content types and sizes, every part's
/// relationships, the main document and the templated parts.
public struct DocxInspection: Sendable, Codable, Equatable {
    public struct Part: Sendable, Codable, Equatable {
        public var name: String
        public var contentType: String?
        public var uncompressedSize: Int
        public var compressedSize: Int
        /// `deflate`, `stored` or the zip method number.
        public var compression: String
    }

    public struct Link: Sendable, Codable, Equatable {
        public var id: String
        public var type: String
        /// The last segment of the type URI (`header`, `image`).
        public var typeName: String
        public var target: String
        public var targetMode: String?
        /// The part the target resolves to, for internal targets.
        public var part: String?
    }

    public struct PartRelationships: Sendable, Codable, Equatable {
        /// The part the relationships start from; `""` for the package.
        public var source: String
        public var relationshipsPart: String
        public var relationships: [Link]
    }

    public var file: String
    public var mainDocument: String
    public var templatedParts: [String]
    public var parts: [Part]
    public var relationships: [PartRelationships]
}

extension DocxPackage {
    public func inspection() throws(OOXMLError) -> DocxInspection {
        var parts: [DocxInspection.Part] = []
        var relationshipSets: [DocxInspection.PartRelationships] = []
        for part in partNames {
            let entry = archive.entry(named: part)
            let size = entry?.uncompressedSize ?? 0
            let method = entry?.compressionMethod ?? 8
            parts.append(DocxInspection.Part(
                name: part, contentType: contentType(of: part),
                uncompressedSize: size, compressedSize: entry?.compressedSize ?? size,
                compression: method == 8 ? "deflate" : method == 0 ? "stored" : String(method)))
            guard let source = Self.relationshipsSource(part) else { continue }
            let links = try relationships(of: source).map { relationship in
                DocxInspection.Link(
                    id: relationship.id, type: relationship.type, typeName: relationship.typeName,
                    target: relationship.target, targetMode: relationship.targetMode,
                    part: relationship.isExternal ? nil : PartName.resolve(relationship.target, from: source))
            }
            relationshipSets.append(DocxInspection.PartRelationships(source: source, relationshipsPart: part, relationships: links))
        }
        return DocxInspection(
            file: name, mainDocument: mainDocumentPartName,
            templatedParts: (try? templatedPartNames()) ?? [mainDocumentPartName],
            parts: parts, relationships: relationshipSets)
    }

    /// The part whose relationships `relsPart` holds (`word/_rels/document.xml.rels` →
    /// `word/document.xml`, `_rels/.rels` → `""`), or nil when it is no relationships part.
    static func relationshipsSource(_ relsPart: String) -> String? {
        let (folder, file) = PartName.split(relsPart)
        guard folder.hasSuffix("_rels/"), file.hasSuffix(".rels"),
              folder == "_rels/" || folder.hasSuffix("/_rels/") else { return nil }
        return String(folder.dropLast("_rels/".count)) + String(file.dropLast(".rels".count))
    }
}

extension DocxInspection {
    /// A plain-text report for people (Chinese labels).
    public var text: String {
        var lines: [String] = []
        lines.append("文件：\(file)")
        lines.append("主文档：\(mainDocument)")
        lines.append("模板化部件（按处理顺序）：\(templatedParts.joined(separator: "、"))")
        lines.append("")
        let total = parts.reduce(0) { $0 + $1.uncompressedSize }
        let compressed = parts.reduce(0) { $0 + $1.compressedSize }
        lines.append("部件（\(parts.count) 个，原始 \(total) 字节，压缩后 \(compressed) 字节）：")
        let sizeWidth = max(8, parts.map { String($0.uncompressedSize).count }.max() ?? 0)
        let nameWidth = parts.map { $0.name.count }.max() ?? 0
        lines.append("  " + pad("原始大小", sizeWidth, left: true) + "  " + pad("压缩后", sizeWidth, left: true)
            + "  " + pad("方式", 7) + "  " + pad("名称", nameWidth) + "  内容类型")
        for part in parts {
            lines.append("  " + pad(String(part.uncompressedSize), sizeWidth, left: true)
                + "  " + pad(String(part.compressedSize), sizeWidth, left: true)
                + "  " + pad(part.compression, 7)
                + "  " + pad(part.name, nameWidth)
                + "  " + (part.contentType ?? "（无内容类型）"))
        }
        lines.append("")
        lines.append("关系：")
        for set in relationships {
            let source = set.source.isEmpty ? "包" : set.source
            lines.append("  \(source)（\(set.relationshipsPart)，\(set.relationships.count) 个）")
            let idWidth = set.relationships.map { $0.id.count }.max() ?? 0
            let typeWidth = set.relationships.map { $0.typeName.count }.max() ?? 0
            for link in set.relationships {
                var line = "    " + pad(link.id, idWidth) + "  " + pad(link.typeName, typeWidth) + "  " + link.target
                if let mode = link.targetMode { line += "（\(mode)）" }
                if let part = link.part, part != link.target { line += " → " + part }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        // Wide (CJK) characters take two columns in a terminal.
        let columns = text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
        guard columns < width else { return text }
        let padding = String(repeating: " ", count: width - columns)
        return left ? padding + text : text + padding
    }
}
