import OOXML

/// E-TPL-049: a footnote or endnote reference inside a section that repeats (a footnote put on
/// 三级指标 in the indicator row). Every copy of the row refers to the one note of the template:
/// LibreOffice printed the note's text under the first reference and empty notes numbered 2, 3…
/// under the others, and the check passed. Found in document order between a section's open
/// and close tags (for a row section, from its first row's start to its last row's end).
enum RepeatedNotes {
    struct Note: Sendable, Equatable {
        /// 脚注 or 尾注.
        var kind: String
        /// The table column of the reference's cell (nil outside a table).
        var column: Int?
    }

    /// The first note reference of each section that holds one, by section index.
    /// `sections`: (open tag's text node, close tag's text node, whether it repeats rows).
    static func find(in root: TNode, sections: [(open: TNode, close: TNode, rows: Bool)]) -> [Int: Note] {
        var order: [ObjectIdentifier: (first: Int, last: Int)] = [:]
        var notes: [(at: Int, node: TNode)] = []
        var counter = 0
        func walk(_ node: TNode) {
            let first = counter
            counter += 1
            if node.isW("footnoteReference") || node.isW("endnoteReference") { notes.append((first, node)) }
            for child in node.children where child.kind == .element { walk(child) }
            order[ObjectIdentifier(node)] = (first, counter - 1)
        }
        walk(root)
        guard !notes.isEmpty else { return [:] }
        var found: [Int: Note] = [:]
        for (index, section) in sections.enumerated() {
            let from = section.rows ? section.open.ancestor(w: "tr") ?? section.open : section.open
            let to = section.rows ? section.close.ancestor(w: "tr") ?? section.close : section.close
            guard let start = order[ObjectIdentifier(from)]?.first, let end = order[ObjectIdentifier(to)]?.last,
                  let note = notes.first(where: { $0.at > start && $0.at <= end })?.node else { continue }
            var column: Int?
            if let cell = note.ancestor(w: "tc"), let row = cell.parent {
                column = row.children.filter { $0.isW("tc") }.firstIndex { $0 === cell }.map { $0 + 1 }
            }
            found[index] = Note(kind: note.isW("footnoteReference") ? "脚注" : "尾注", column: column)
        }
        return found
    }

    static func message(tag: String, path: String, placement: String?, note: Note, close: String) -> String {
        let what = placement == "rows" ? "这一行" : placement == "paragraphs" ? "这几段" : "其中的文字"
        let place = note.column.map { "（\(note.kind)编号在第 \($0) 列）" } ?? ""
        return "区段 \(tag) 按 \(path) 的每一项重复\(what)，其中有\(note.kind)\(place)：生成的每一项都引用模板中同一条\(note.kind)，"
            + "只有第一处印出\(note.kind)的文字，其余各处的\(note.kind)是空的（LibreOffice 印出空的编号 2、3…）。"
            + "请把\(note.kind)移到 \(tag)…\(close) 之外（\(placement == "rows" ? "如表头的单元格或表格下方的段落" : "如区段之前或之后的段落")："
            + "选中正文中的\(note.kind)编号，剪切，粘贴到新的位置），或把\(note.kind)的文字改写成\(placement == "rows" ? "表格下方" : "正文中")的说明，再检查"
    }
}
