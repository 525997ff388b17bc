import TextFormats
import ErrorCodes
import Foundation

/// A tag in a report body's text that names no figure: why, in Chinese.
struct BodyTagFailure: Error { let message: String }

/// A report body whose text (`heading`, `item`, `text`, at any depth) holds `{{…}}` tags, each
/// replaced by the figure `value` gives. One walk and one substitution for every kind of body
/// (project reports, the 部门整体 report); a tag that names no figure is reported at its JSON
/// path with `tagCode` and left as typed.
protocol BodyTagResolver {
    var tagCode: ErrorCode { get }
    func value(_ tag: String) -> Result<String, BodyTagFailure>
    /// Checks a text before its tags are replaced (typed numbers against the figures).
    func check(_ text: String, path: String, context: DecodingContext)
}

extension BodyTagResolver {
    func check(_ text: String, path: String, context: DecodingContext) {}

    func resolve(_ nodes: [BodyNode], path: String, context: DecodingContext) -> [BodyNode] {
        nodes.enumerated().map { index, node in
            let base = PathSupport.element(path, index)
            var out = node
            out.heading = node.heading.map { resolve($0, PathSupport.member(base, "heading"), context) }
            out.item = node.item.map { resolve($0, PathSupport.member(base, "item"), context) }
            out.text = node.text.map { resolve($0, PathSupport.member(base, "text"), context) }
            out.children = node.children.map { resolve($0, path: PathSupport.member(base, "children"), context: context) }
            return out
        }
    }

    func resolve(_ text: String, _ path: String, _ context: DecodingContext) -> String {
        check(text, path: path, context: context)
        guard text.containsUTF8("{{") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstUTF8Range(of: "{{"), let close = rest.firstUTF8Range(of: "}}", from: open.upperBound) {
            out += rest[..<open.lowerBound]
            let tag = String(rest[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespaces)
            switch value(tag) {
            case .success(let v): out += v
            case .failure(let failure):
                context.report(tagCode, path, "标签 {{\(tag)}}：\(failure.message)")
                out += "{{\(tag)}}"
            }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}
