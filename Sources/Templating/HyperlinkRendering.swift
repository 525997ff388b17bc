import Foundation

/// Values placed in a hyperlink's address. A value that begins the address is an address
/// itself (`{{project.url}}`): its `:/?#&=` stay, spaces, quotes and Chinese characters are
/// percent-encoded (UTF-8). A value after written text (`…/search?q={{name}}`) is one part of
/// the address: everything but letters, digits and `-._~` is encoded, so `&` or `/` in the
/// value cannot change the address's structure.
enum URLEscaping {
    enum Mode: Sendable, Equatable {
        case address, component
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    private static let address = unreserved.union(CharacterSet(charactersIn: ":/?#[]@!$&'()*+,;=%"))

    static func escape(_ value: String, _ mode: Mode) -> String {
        value.addingPercentEncoding(withAllowedCharacters: mode == .address ? address : unreserved) ?? ""
    }

    /// A tag in a field code: an address when it is the first thing after `HYPERLINK` (and its
    /// opening quote), a part otherwise.
    static func mode(inFieldCode node: TNode, tag: Int) -> Mode {
        var before = ""
        for segment in node.segments ?? [] {
            if case .tag(let id) = segment, id == tag { break }
            if case .text(let text) = segment { before += text }
        }
        let trimmed = before.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("\"") { return trimmed.dropLast().trimmingCharacters(in: .whitespaces).uppercased().hasSuffix("HYPERLINK") ? .address : .component }
        return trimmed.uppercased().hasSuffix("HYPERLINK") || trimmed.isEmpty ? .address : .component
    }
}

extension Renderer {
    /// Writes the relationship id of a hyperlink whose address holds tags: the address is
    /// filled from the data where the link stands (a link in a loop gets one per item) and
    /// related once per distinct address and part.
    mutating func runLink(_ index: Int) {
        var url = ""
        for (n, piece) in program.links[index].enumerated() {
            switch piece {
            case .text(let text): url += text
            case .value(let e):
                let value = evaluate(e, quiet: false) ?? ""
                url += URLEscaping.escape(value, n == 0 ? .address : .component)
            }
        }
        // Word wants a target; an empty value (with `--missing empty`) links nowhere.
        if url.isEmpty { url = "about:blank" }
        guard let attachments else {
            errors.append(RenderError(.output, "超链接只能在生成整个文档时填写（地址 \(url)）"))
            return
        }
        do {
            out.appendEscapedAttribute(try attachments.addHyperlink(url))
        } catch {
            errors.append(RenderError(.output, "无法添加超链接 \(url)：\(error.message)"))
        }
    }
}
