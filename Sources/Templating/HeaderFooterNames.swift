import OOXML

/// What Word calls each header and footer part — 页眉, 偶数页页脚, 首页页眉, with 第 N 节 when
/// the document has several sections — so a message names the one a person can open: the
/// default templates have two footers (odd and even pages), and `页脚 第 1 段` fitted both.
enum HeaderFooterNames {
    /// Part name → name in Word, from the sections' header and footer references.
    static func names(package: DocxPackage) -> [String: String] {
        let main = package.mainDocumentPartName
        guard let document = try? package.xml(main), let relationships = try? package.relationships(of: main) else { return [:] }
        var evenAndOdd = false
        if let settings = try? package.relatedParts(of: main, type: RelationshipType.settings).first,
           let xml = try? package.xml(settings),
           let flag = xml.root.elements.first(where: { $0.is(Namespace.w, "evenAndOddHeaders") }) {
            evenAndOdd = !["0", "false", "off"].contains(flag.attribute("w:val") ?? "true")
        }
        var sections: [XMLElement] = []
        collectSections(document.root, into: &sections)
        var names: [String: String] = [:]
        for (index, section) in sections.enumerated() {
            for reference in section.elements {
                let isHeader = reference.is(Namespace.w, "headerReference")
                guard isHeader || reference.is(Namespace.w, "footerReference"),
                      let id = reference.attributes.first(where: { $0.name.hasSuffix(":id") })?.value,
                      let target = relationships.first(where: { $0.id == id })?.target,
                      let part = PartName.resolve(target, from: main), names[part] == nil else { continue }
                let kind = isHeader ? "页眉" : "页脚"
                let name: String
                switch reference.attribute("w:type") {
                case "first": name = "首页" + kind
                case "even": name = "偶数页" + kind
                default: name = evenAndOdd ? "奇数页" + kind : kind
                }
                names[part] = sections.count > 1 ? "第 \(index + 1) 节 " + name : name
            }
        }
        return names
    }

    /// Every `w:sectPr` in document order (in paragraphs' properties, then the body's last).
    private static func collectSections(_ element: XMLElement, into sections: inout [XMLElement]) {
        for child in element.elements {
            if child.is(Namespace.w, "sectPr") { sections.append(child) } else { collectSections(child, into: &sections) }
        }
    }
}
