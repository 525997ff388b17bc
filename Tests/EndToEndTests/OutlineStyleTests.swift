import Foundation
import JSONValue
import OOXML
import Testing

/// The outline of every generated report, read from document.xml: each `heading` node is a
/// paragraph in the heading style of its depth, each `item` node a body paragraph (the body
/// style, not bold) holding its number and its text, numbered in one sequence per level.
@Suite(.serialized) struct OutlineStyleTests {
    /// (style id, bold run present, text) of every body paragraph, tables' cells included.
    static func styledParagraphs(_ docx: URL) throws -> [(style: String, bold: Bool, text: String)] {
        let package = try DocxPackage(path: docx.path)
        let document = try package.xml(package.mainDocumentPartName)
        var result: [(String, Bool, String)] = []
        func walk(_ element: XMLElement) {
            if element.is(Namespace.w, "p") {
                var text = ""
                var style = ""
                var bold = false
                func collect(_ e: XMLElement) {
                    for c in e.elements {
                        if c.is(Namespace.w, "t") {
                            for case .text(let t) in c.children { text += t }
                        } else if c.is(Namespace.w, "pStyle") {
                            style = c.attribute("w:val") ?? ""
                        } else if c.is(Namespace.w, "b") {
                            bold = c.attribute("w:val").map { $0 != "0" && $0 != "false" } ?? true
                        } else {
                            collect(c)
                        }
                    }
                }
                collect(element)
                result.append((style, bold, text))
                return
            }
            for child in element.elements { walk(child) }
        }
        walk(document.root)
        return result
    }

    /// The seeds' numbering, written out independently of the renderer: 一、（一）1.（1）①.
    static func number(level: Int, index: Int) -> String {
        let chinese = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五",
                       "十六", "十七", "十八", "十九", "二十"]
        let circled = Array("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")
        switch level {
        case 1: return chinese[index - 1] + "、"
        case 2: return "（" + chinese[index - 1] + "）"
        case 3: return "\(index)."
        case 4: return "（\(index)）"
        default: return String(circled[index - 1])
        }
    }

    /// Expected (style, text) of the numbered paragraphs of an outline, in document order.
    static func expected(_ nodes: [JSONValue], level: Int = 1) -> [(style: String, text: String)] {
        var out: [(String, String)] = []
        var index = 0
        for node in nodes {
            if let heading = node["heading"]?.stringValue {
                index += 1
                out.append(("Heading\(level)", number(level: level, index: index) + heading))
            } else if let item = node["item"]?.stringValue {
                index += 1
                out.append(("BodyText", number(level: level, index: index) + item))
            }
            // `numbering` names the children's style where the seed skips levels.
            let styles = ["一、", "（一）", "1.", "（1）", "①"]
            let childLevel = node["numbering"]?.stringValue.flatMap { styles.firstIndex(of: $0) }.map { $0 + 1 } ?? level + 1
            out += expected(node["children"]?.arrayValue ?? [], level: childLevel)
        }
        return out
    }

    /// A paragraph's text against the JSON's: a fund tag (`{{资金.执行数}}`, docs/数据格式.md §2.7)
    /// prints a figure, so the text around each tag must be there in order.
    static func matches(_ printed: String, _ written: String) -> Bool {
        guard written.contains("{{") else { return printed == written }
        var pieces: [Substring] = []
        var rest = Substring(written)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            pieces.append(rest[..<open.lowerBound])
            rest = rest[close.upperBound...]
        }
        pieces.append(rest)
        guard printed.hasPrefix(pieces[0]), printed.hasSuffix(pieces[pieces.count - 1]) else { return false }
        var cursor = printed.index(printed.startIndex, offsetBy: pieces[0].count)
        for piece in pieces.dropFirst().dropLast() {
            guard let found = printed[cursor...].range(of: piece) else { return false }
            cursor = found.upperBound
        }
        return true
    }

    /// Every report of every example (and the 部门整体 report), each outline paragraph in order
    /// with its style; items are never bold.
    @Test(arguments: PackageTests.examples)
    func outlineParagraphsHaveTheirStyles(_ example: String) throws {
        let out = try PackageTests.generate(example)
        let root = EndToEnd.packageRoot.appendingPathComponent("examples/\(example)")
        var documents: [(json: JSONValue, docx: String)] = []
        let projects = root.appendingPathComponent("projects")
        for file in try FileManager.default.contentsOfDirectory(atPath: projects.path).sorted() where file.hasSuffix(".json") {
            let project = try JSONParser.parse(Array(try Data(contentsOf: projects.appendingPathComponent(file)))).root
            let name = try #require(project["name"]?.stringValue)
            documents.append((project, "项目支出绩效自评报告-\(name).docx"))
        }
        let department = root.appendingPathComponent("department.json")
        if FileManager.default.fileExists(atPath: department.path) {
            documents.append((try JSONParser.parse(Array(try Data(contentsOf: department))).root, "部门整体绩效自评报告.docx"))
        }
        var items = 0
        for (json, docx) in documents {
            let paragraphs = try Self.styledParagraphs(out.appendingPathComponent(docx))
            var position = 0
            for want in Self.expected(json["body"]?.arrayValue ?? []) {
                guard let found = paragraphs[position...].firstIndex(where: { Self.matches($0.text, want.text) }) else {
                    Issue.record("\(example)/\(docx): not found in order: \(want.text.prefix(40))")
                    continue
                }
                let got = paragraphs[found]
                #expect(got.style == want.style, "\(docx): \(want.text.prefix(30)) has style \(got.style), expected \(want.style)")
                if want.style == "BodyText" {
                    items += 1
                    #expect(!got.bold, "\(docx): item \(want.text.prefix(30)) is bold")
                }
                position = found + 1
            }
        }
        if example == "panzhihua-2021" || example == "yanbian-2021" {
            // Seed 004 (机构职能 1.–11., 数量指标。（1）…) and seed 000 (资金计划。该项目为…) print
            // numbered paragraphs in body text; the examples carry them as items.
            #expect(items >= 10, "\(example): \(items) item paragraphs")
        }
    }
}
