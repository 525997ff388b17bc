/// E-TPL-040: a line break (Shift+Enter), a page or column break, or a tab typed inside a tag.
/// The lexer reads a paragraph's text from its `w:t` elements only, so `{{ proj` ↵ `ect.name }}`
/// read as a good tag and the break moved behind the value: the report printed a line break (or
/// a page break) nobody had asked for, and `template check` passed it.
enum TagBreaks {
    enum Kind: Equatable {
        case line, page, column, tab

        /// What a person pressed, as Word names it.
        var name: String {
            switch self {
            case .line: return "手动换行符（Shift+Enter）"
            case .page: return "分页符（Ctrl+Enter）"
            case .column: return "分栏符"
            case .tab: return "制表符（Tab 键）"
            }
        }

        /// How the tag is shown in the message, where the break stands.
        var mark: String { self == .tab ? "→" : "↵" }
    }

    /// The breaks in the runs of `paragraph`, each at the offset in the paragraph's text (the
    /// text of `pieces`, which start at `starts`) before which it stands. Walks the paragraph as
    /// `TNode.paragraphTextNodes` does, so that offsets match.
    static func find(in paragraph: TNode, pieces: [TNode], starts: [Int], length: Int) -> [(offset: Int, kind: Kind)] {
        var out: [(Int, Kind)] = []
        var next = 0
        func walk(_ n: TNode) {
            for c in n.children where c.kind == .element {
                if next < pieces.count, c === pieces[next] { next += 1; continue }
                if c.isW("p") { continue }
                if let kind = kind(of: c) {
                    out.append((next < starts.count ? starts[next] : length, kind))
                } else {
                    walk(c)
                }
            }
        }
        walk(paragraph)
        return out
    }

    /// A break a run holds; a `w:tab` elsewhere is a tab stop of the paragraph's properties.
    private static func kind(of node: TNode) -> Kind? {
        guard node.parent?.isW("r") == true else { return nil }
        switch node.w {
        case "br":
            switch node.attributes.first(where: { $0.name == "w:type" })?.value {
            case "page": return .page
            case "column": return .column
            default: return .line
            }
        case "cr": return .line
        case "tab", "ptab": return .tab
        default: return nil
        }
    }

    /// The tag as written with its breaks marked (`{{ proj↵ect.name }}`), and the message.
    static func message(tag scalars: ArraySlice<Unicode.Scalar>, breaks: [(offset: Int, kind: Kind)]) -> (tag: String, message: String) {
        var written = ""
        var k = scalars.startIndex
        for found in breaks {
            written += String(String.UnicodeScalarView(scalars[k..<found.offset])) + found.kind.mark
            k = found.offset
        }
        written += String(String.UnicodeScalarView(scalars[k...]))
        var kinds: [Kind] = []
        for found in breaks where !kinds.contains(found.kind) { kinds.append(found.kind) }
        let names = kinds.map { "\($0.name)（标签中 \($0.mark) 处）" }.joined(separator: "、")
        let effect = kinds.contains(.page) ? "生成的文档会在值后面多出这个分页" : kinds == [.tab] ? "生成的文档会在值后面多出一段空白" : "生成的文档会在值后面多出这个换行"
        return (written, "标签 “\(written)” 中间有\(names)：一个标签要连着写在同一行，\(effect)。"
                + "请在 Word 中点“开始 → 显示/隐藏编辑标记”（¶ 按钮；WPS：“开始 → 显示/隐藏段落标记”）找到它，删去后把标签合回一行")
    }
}
