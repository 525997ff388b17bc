import JSONValue

/// A file-name pattern for mail-merge output: `{{id}}.docx`, `{{name | upper}}-{{year}}.docx`.
public struct NameTemplate: Sendable {
    private enum Piece: Sendable {
        case text(String)
        case tag(raw: String, path: DataPath, filters: [(FilterCall, Filter)])
    }
    private let pieces: [Piece]
    public let pattern: String

    public init(_ pattern: String, delimiters: Delimiters = .standard, filters: FilterRegistry = .standard) throws(TemplateError) {
        self.pattern = pattern
        var pieces: [Piece] = []
        var rest = Substring(pattern)
        while let open = rest.range(of: delimiters.open) {
            if open.lowerBound > rest.startIndex { pieces.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: delimiters.close) else {
                throw TemplateError(.unclosedTag, "文件名模式 “\(pattern)” 中的标签没有结束定界符")
            }
            let raw = String(rest[open.lowerBound..<close.upperBound])
            guard case .success(let tag) = TagSyntax.parse(String(rest[open.upperBound..<close.lowerBound])),
                  tag.kind == .value, let path = tag.path else {
                throw TemplateError(.malformedTag, "文件名模式 “\(pattern)” 中的标签 \(raw) 不是取值标签")
            }
            var resolved: [(FilterCall, Filter)] = []
            for call in tag.filters {
                guard let filter = filters[call.name] else {
                    throw TemplateError(.unknownFilter, "文件名模式中的过滤器 “\(call.name)” 未知", tag: raw)
                }
                if let problem = filter.validate(call.arguments) {
                    throw TemplateError(.badFilterArgument, "文件名模式中过滤器 \(call.name) 的参数有误：\(problem)", tag: raw)
                }
                resolved.append((call, filter))
            }
            pieces.append(.tag(raw: raw, path: path, filters: resolved))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        self.pieces = pieces
    }

    /// The file name for one data item; refuses names that would leave the output folder.
    public func render(_ data: JSONValue) throws(RenderError) -> String {
        var name = ""
        for piece in pieces {
            switch piece {
            case .text(let text): name += text
            case .tag(let raw, let path, let filters):
                var value: JSONValue? = path.special == .current ? data : ScopeLookup.resolve(path, frames: [data])
                for (call, filter) in filters {
                    do { value = try filter.apply(value, call.arguments) } catch {
                        throw RenderError(.filterFailed, "文件名 \(raw)：\(error.message)", path: path.text)
                    }
                }
                guard let value, value != .null else {
                    throw RenderError(.missingValue, "数据中没有文件名所需的 \(path.text)（\(raw)）", path: path.text)
                }
                name += ValueText.string(value)
            }
        }
        if name.isEmpty || name == "." || name == ".." || name.contains("/") || name.contains("\\")
            || name.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            throw RenderError(.output, "生成的文件名 “\(name)” 不可用（为空或含有 / \\ 等字符）")
        }
        return name
    }
}
