import OOXML

/// Which style of a template is probably a block style renamed in Word or WPS when the new
/// name shares nothing with the old one (标题 1 → 大标题, 表头 → 首行): a rename keeps the
/// style's outline level and the paragraphs that were in it, so the template's own headings,
/// table rows and captions give it away (W-TPL-026's hint, staff review 13).
struct StyleClues {
    let styles: StyleCatalog
    let root: XMLElement
    /// Styles that are already something else (the other block styles found, the other
    /// heading levels, 部分标题, the default style): never offered as the renamed one.
    let taken: Set<String>

    /// The candidates for `style`, most likely first, each with why (after the name, in
    /// parentheses): at most one for table rows and captions, every style of the level for an
    /// outline level (a renamed 标题 1 and a style based on it both carry level 0).
    func candidates(for style: BlockStyle) -> [(id: String, why: String)] {
        switch style.clue {
        case .none:
            return []
        case .outlineLevel(let level):
            return styles.styles(atOutlineLevel: level).filter { !taken.contains($0) }
                .map { ($0, "大纲级别为 \(level + 1) 级，与 “\(style.name)” 相同") }
        case .tableRows(let header):
            var counts: [String: Int] = [:]
            countTableRows(root, header: header, into: &counts)
            return Self.mostUsed(counts, excluding: taken).map {
                [($0, header ? "模板自己的表格的表头行多用这个样式" : "模板自己的表格的数据行多用这个样式")]
            } ?? []
        case .captionField:
            var counts: [String: Int] = [:]
            countCaptions(root, into: &counts)
            return Self.mostUsed(counts, excluding: taken).map { [($0, "模板中插入的题注用的是这个样式")] } ?? []
        }
    }

    /// The style used most often (ties: the first id in sorted order, for the same message
    /// every time), if any is left after `excluding`.
    private static func mostUsed(_ counts: [String: Int], excluding: Set<String>) -> String? {
        counts.filter { !excluding.contains($0.key) }.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.first?.key
    }

    /// The paragraph style `p` states (nil: the default style).
    private static func style(of p: XMLElement) -> String? {
        p.elements.first { $0.is(Namespace.w, "pPr") }?.elements.first { $0.is(Namespace.w, "pStyle") }?.attribute("w:val")
    }

    /// Counts the styles of the paragraphs in the header rows (or the other rows) of every
    /// table under `element`, nested ones included.
    private func countTableRows(_ element: XMLElement, header: Bool, into counts: inout [String: Int]) {
        for child in element.elements {
            if child.is(Namespace.w, "tbl") {
                for (index, row) in child.elements.filter({ $0.is(Namespace.w, "tr") }).enumerated() {
                    let marked = row.elements.first { $0.is(Namespace.w, "trPr") }?.elements.contains { $0.is(Namespace.w, "tblHeader") } ?? false
                    guard (index == 0 || marked) == header else { continue }
                    for cell in row.elements where cell.is(Namespace.w, "tc") {
                        for p in cell.elements where p.is(Namespace.w, "p") {
                            if let id = Self.style(of: p) { counts[id, default: 0] += 1 }
                        }
                    }
                }
            }
            countTableRows(child, header: header, into: &counts)
        }
    }

    /// Counts the styles of the paragraphs holding a figure's `SEQ` field (a caption's number).
    private func countCaptions(_ element: XMLElement, into counts: inout [String: Int]) {
        for child in element.elements {
            if child.is(Namespace.w, "p"), Self.holdsSequence(child) {
                if let id = Self.style(of: child) { counts[id, default: 0] += 1 }
            }
            countCaptions(child, into: &counts)
        }
    }

    private static func holdsSequence(_ element: XMLElement) -> Bool {
        for child in element.elements {
            if child.is(Namespace.w, "fldSimple"), isSequence(child.attribute("w:instr") ?? "") { return true }
            if child.is(Namespace.w, "instrText"), isSequence(child.children.map { if case .text(let t) = $0 { t } else { "" } }.joined()) { return true }
            // Nested paragraphs (a text box's) are counted on their own.
            if !child.is(Namespace.w, "p"), holdsSequence(child) { return true }
        }
        return false
    }

    /// A `SEQ` field numbering figures: a table's (`SEQ 表格`, `SEQ Table`) is a table title.
    private static func isSequence(_ instruction: String) -> Bool {
        let words = instruction.split(separator: " ")
        guard words.count >= 2, words[0].uppercased() == "SEQ" else { return false }
        return !words[1].hasPrefix("表") && !words[1].lowercased().hasPrefix("table")
    }
}
