/// One `<Relationship>` of a `.rels` part.
public struct Relationship: Sendable, Equatable {
    public var id: String
    public var type: String
    /// As written: relative to the source part's folder, or absolute from the package root.
    public var target: String
    /// `External` for hyperlinks and linked files; nil for parts inside the package.
    public var targetMode: String?

    public init(id: String, type: String, target: String, targetMode: String? = nil) {
        self.id = id
        self.type = type
        self.target = target
        self.targetMode = targetMode
    }

    public var isExternal: Bool { targetMode?.lowercased() == "external" }

    /// The last segment of the type URI (`header`, `officeDocument`), for display.
    public var typeName: String {
        type.split(separator: "/").last.map(String.init) ?? type
    }
}

/// Relationship type URIs (ECMA-376 transitional, as Word writes them). Strict-conformance
/// URIs (`http://purl.oclc.org/ooxml/officeDocument/relationships/…`) are matched too.
public enum RelationshipType {
    static let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    static let strictBase = "http://purl.oclc.org/ooxml/officeDocument/relationships/"

    public static let officeDocument = base + "officeDocument"
    public static let coreProperties = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
    public static let extendedProperties = base + "extended-properties"
    public static let customProperties = base + "custom-properties"
    public static let thumbnail = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
    public static let header = base + "header"
    public static let footer = base + "footer"
    public static let footnotes = base + "footnotes"
    public static let endnotes = base + "endnotes"
    public static let comments = base + "comments"
    /// Word 2013's comment threads and resolved marks (`w15:commentEx`, commentsExtended.xml).
    public static let commentsExtended = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
    public static let styles = base + "styles"
    public static let stylesWithEffects = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
    public static let settings = base + "settings"
    public static let webSettings = base + "webSettings"
    public static let fontTable = base + "fontTable"
    public static let theme = base + "theme"
    public static let numbering = base + "numbering"
    public static let image = base + "image"
    public static let chart = base + "chart"
    /// Word 2016's newer charts (瀑布图, 旭日图…), `cx:chart`.
    public static let chartEx = "http://schemas.microsoft.com/office/2014/relationships/chartEx"
    /// A SmartArt graphic's text and structure (`dgm:relIds r:dm`).
    public static let diagramData = base + "diagramData"
    /// From a chart's embedded workbook to its sheet.
    public static let worksheet = base + "worksheet"
    public static let sharedStrings = base + "sharedStrings"
    /// The workbook's styles.xml (the same type as a document's styles part).
    public static let spreadsheetStyles = base + "styles"
    public static let package = base + "package"
    public static let hyperlink = base + "hyperlink"
    public static let customXml = base + "customXml"
    /// The VBA project of a macro-enabled file (.docm, .dotm).
    public static let vbaProject = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"

    /// Whether `type` names the same relationship as `known`, in either conformance class.
    public static func matches(_ type: String, _ known: String) -> Bool {
        if type == known { return true }
        if type.hasPrefix(strictBase), known.hasPrefix(base) {
            return type.dropFirst(strictBase.count) == known.dropFirst(base.count)
        }
        return false
    }
}

/// Content type strings of the parts reportgen reads or adds.
public enum ContentType {
    static let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    public static let mainDocument = wml + "document.main+xml"
    public static let template = wml + "template.main+xml"
    public static let macroEnabledDocument = "application/vnd.ms-word.document.macroEnabled.main+xml"
    public static let macroEnabledTemplate = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
    public static let header = wml + "header+xml"
    public static let footer = wml + "footer+xml"
    public static let footnotes = wml + "footnotes+xml"
    public static let endnotes = wml + "endnotes+xml"
    public static let styles = wml + "styles+xml"
    public static let settings = wml + "settings+xml"
    public static let numbering = wml + "numbering+xml"
    public static let relationships = "application/vnd.openxmlformats-package.relationships+xml"
    public static let chart = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
    public static let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    public static let png = "image/png"
    public static let jpeg = "image/jpeg"
}

/// Part names as reportgen writes them: zip entry names, no leading slash (`word/document.xml`).
public enum PartName {
    /// The relationships part of `part`; `""` is the package itself (`_rels/.rels`).
    public static func relationshipsPart(of part: String) -> String {
        let (folder, file) = split(part)
        return folder + "_rels/" + file + ".rels"
    }

    /// The folder of `part`, with a trailing slash, or `""` at the root.
    public static func folder(of part: String) -> String {
        split(part).folder
    }

    static func split(_ part: String) -> (folder: String, file: String) {
        guard let slash = part.lastIndex(of: "/") else { return ("", part) }
        return (String(part[...slash]), String(part[part.index(after: slash)...]))
    }

    /// The part a relationship target names, resolved against the source part's folder;
    /// nil when the target climbs above the package root or is empty.
    public static func resolve(_ target: String, from source: String) -> String? {
        var path = target
        if let hash = path.firstIndex(of: "#") { path = String(path[..<hash]) }
        path = percentDecoded(path)
        let joined = path.hasPrefix("/") ? String(path.dropFirst()) : folder(of: source) + path
        var segments: [Substring] = []
        for segment in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..":
                guard !segments.isEmpty else { return nil }
                segments.removeLast()
            default: segments.append(segment)
            }
        }
        guard !segments.isEmpty else { return nil }
        return segments.joined(separator: "/")
    }

    /// The target to write in `source`'s relationships for `part` (relative, as Word writes).
    public static func relativeTarget(for part: String, from source: String) -> String {
        let from = folder(of: source).split(separator: "/")
        let to = part.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
        let up = Array(repeating: "..", count: from.count - common)
        return (up + to[common...].map(String.init)).joined(separator: "/")
    }

    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.first {
            utf8 = utf8.dropFirst()
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
               let high = hexValue(utf8[utf8.startIndex]), let low = hexValue(utf8[utf8.startIndex + 1]) {
                bytes.append(high << 4 | low)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension Relationship {
    /// The relationships listed in a parsed `.rels` part.
    static func list(in document: XMLDocument, partName: String) throws(OOXMLError) -> [Relationship] {
        guard document.root.is(Namespace.packageRelationships, "Relationships") else {
            throw OOXMLError(.relationships, "关系部件的根元素应为 Relationships，实为 \(document.root.name)", part: partName)
        }
        var result: [Relationship] = []
        var ids = Set<String>()
        for (position, element) in document.root.elements.enumerated()
        where element.is(Namespace.packageRelationships, "Relationship") {
            guard let id = element.attribute("Id"), let type = element.attribute("Type"),
                  let target = element.attribute("Target") else {
                throw OOXMLError(.relationships, "第 \(position + 1) 个关系缺少 Id、Type 或 Target 属性", part: partName)
            }
            guard ids.insert(id).inserted else {
                throw OOXMLError(.relationships, "关系 Id「\(id)」重复", part: partName)
            }
            result.append(Relationship(id: id, type: type, target: target, targetMode: element.attribute("TargetMode")))
        }
        return result
    }
}
