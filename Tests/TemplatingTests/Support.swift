import JSONValue
import OOXML
@testable import Templating

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(String(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { (key: $0.0, value: $0.1) }))
    }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
}

let wNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

/// A document part around `body` (WordprocessingML, `w:` prefix).
func documentXML(_ body: String) -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"\(wNS)\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>\(body)<w:sectPr/></w:body></w:document>"
}

func compile(_ body: String, options: TemplateOptions = TemplateOptions(), styles: StyleCatalog = StyleCatalog()) throws -> PartTemplate {
    let doc = try XMLDocument(parsing: Array(documentXML(body).utf8), partName: "word/document.xml")
    return try PartTemplate(document: doc, partName: "word/document.xml", options: options, styles: styles)
}

func compileErrors(_ body: String, options: TemplateOptions = TemplateOptions()) throws -> [TemplateError] {
    do {
        _ = try compile(body, options: options)
        return []
    } catch let errors as TemplateErrors {
        return errors.errors
    }
}

/// Renders and parses the result again (so every test also checks well-formedness).
func render(_ body: String, _ data: JSONValue, options: TemplateOptions = TemplateOptions(), styles: StyleCatalog = StyleCatalog()) throws -> XMLDocument {
    let template = try compile(body, options: options, styles: styles)
    let bytes = try template.render(data, missing: options.missing).bytes
    return try XMLDocument(parsing: bytes, partName: "out")
}

/// One line per body paragraph; a table row is its cells joined by " | ", a cell's
/// paragraphs joined by "¶"; `w:br` is "↵", `w:tab` is "→".
func lines(_ doc: XMLDocument) -> [String] {
    guard let body = doc.root.elements.first(where: { $0.localName == "body" }) else { return [] }
    return blockLines(body)
}

func blockLines(_ container: XMLElement) -> [String] {
    var out: [String] = []
    for e in container.elements {
        switch e.localName {
        case "p": out.append(paragraphText(e))
        case "tbl":
            for row in e.elements where row.localName == "tr" {
                out.append(row.elements.filter { $0.localName == "tc" }.map { blockLines($0).joined(separator: "¶") }.joined(separator: " | "))
            }
        default: break
        }
    }
    return out
}

func paragraphText(_ p: XMLElement) -> String {
    var s = ""
    func walk(_ e: XMLElement) {
        for child in e.children {
            guard case .element(let c) = child else { continue }
            switch c.localName {
            case "t": for case .text(let t) in c.children { s += t }
            case "br": s += "↵"
            case "tab": s += "→"
            case "p", "pPr", "rPr": break
            default: walk(c)
            }
        }
    }
    walk(p)
    return s
}

func run(_ text: String, _ rPr: String = "") -> String {
    "<w:r>\(rPr.isEmpty ? "" : "<w:rPr>\(rPr)</w:rPr>")<w:t xml:space=\"preserve\">\(text)</w:t></w:r>"
}

func para(_ runs: String, pPr: String = "") -> String {
    "<w:p>\(pPr.isEmpty ? "" : "<w:pPr>\(pPr)</w:pPr>")\(runs)</w:p>"
}

func p(_ text: String) -> String { para(run(text)) }

func cell(_ content: String) -> String { "<w:tc><w:tcPr><w:tcW w:w=\"1000\" w:type=\"dxa\"/></w:tcPr>\(content)</w:tc>" }
func row(_ cells: String...) -> String { "<w:tr>" + cells.joined() + "</w:tr>" }
func table(_ rows: String...) -> String { "<w:tbl><w:tblPr/><w:tblGrid/>" + rows.joined() + "</w:tbl>" }

/// Elements with local name `name` anywhere below `e`.
func descendants(_ e: XMLElement, _ name: String) -> [XMLElement] {
    var out: [XMLElement] = []
    for c in e.elements {
        if c.localName == name { out.append(c) }
        out += descendants(c, name)
    }
    return out
}
