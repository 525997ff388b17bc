import JSONValue

/// Data that makes every tag of a template visible, built from the template's own fields,
/// so that staff who restyle a template can see it filled without writing any JSON.
///
/// - a value tag shows `【path】` (the path as written in the tag);
/// - a value whose filters need a number or a date gets a sample the filter accepts:
///   `number`/`money` 12.5, `cn` 3, `date` 2022-06-27; `percent` keeps the placeholder
///   because it prints a text that already ends in `%` unchanged (`【rate】%`), unless the
///   same path also feeds a number filter, then 0.9627. Those tags are listed in `samples`;
/// - a section `{{#x}}` renders once: a list of one item holding the placeholders used inside;
/// - an inverted section `{{^x}}` renders when nothing else gives `x` a value; when the same
///   path is also a section or a value, the section branch wins and it is listed in `hiddenInverted`;
/// - an outline block `{{> body}}` gets a two-level sample outline with one text; other blocks
///   whose argument is a data path get what `blockSamples` makes for them; the rest get
///   nothing: render with `MissingPolicy.empty` so they print their empty shape.
///
/// Lookups follow the renderer's rules (innermost scope holding the first key wins), so a
/// tag inside a section resolves exactly where the renderer will look for it.
public struct PreviewData: Sendable {
    /// A tag that shows a sample value instead of its placeholder.
    public struct Sample: Sendable, Equatable {
        public var tag: String
        public var value: String
        public var location: TemplateLocation
    }

    public var data: JSONValue
    /// Tags showing a sample value (the placeholder would fail their filter), in field order.
    public var samples: [Sample]
    /// Inverted sections that do not render because their path has a value elsewhere.
    public var hiddenInverted: [TemplateField]

    /// The visible placeholder for a path as written.
    public static func placeholder(_ path: String) -> String { "【" + path + "】" }

    public static let sampleDecimal = "12.5"
    public static let sampleRatio = "0.9627"
    public static let sampleInteger = "3"
    public static let sampleDate = "2022-06-27"

    /// Makes the sample value of a block whose argument is a data path (`{{> chart:charts.a}}`),
    /// given that path.
    public typealias BlockSample = @Sendable (_ path: String) -> JSONValue

    /// Builds the data for `fields` (as `Template.check` or `Template.fields` give them, in
    /// part order). `options` supplies aliases and the block registry the template uses;
    /// `blockSamples`, by generator name, the data of blocks other than the outline.
    ///
    /// `names` gives the placeholder of a path by its data-contract spelling (`project.name`,
    /// `indicators[].name` inside `{{#indicators}}`): `【项目名称】` instead of `【project.name】`.
    public static func build(fields: [TemplateField], options: TemplateOptions = TemplateOptions(),
                             blockSamples: [String: BlockSample] = [:], names: [String: String] = [:]) -> PreviewData {
        var builder = PreviewBuilder(options: options, blockSamples: blockSamples)
        builder.names = names
        for field in fields { builder.add(field) }
        return builder.finish()
    }
}

// MARK: - Building

/// A mutable JSON tree: sections and values are added in document order and later tags may
/// need to change what an earlier one created (a placeholder that must become a number).
private final class PreviewNode {
    enum Content {
        case object
        case list
        case scalar(JSONValue, SampleKind)
    }
    var content: Content
    var keys: [String] = []
    var members: [String: PreviewNode] = [:]
    var items: [PreviewNode] = []

    init(_ content: Content) { self.content = content }

    var isObject: Bool { if case .object = content { return true } else { return false } }
    var isList: Bool { if case .list = content { return true } else { return false } }

    func member(_ key: String) -> PreviewNode? { members[key] }

    func copy() -> PreviewNode {
        let node = PreviewNode(content)
        node.keys = keys
        node.members = members.mapValues { $0.copy() }
        node.items = items.map { $0.copy() }
        return node
    }

    func setMember(_ key: String, _ node: PreviewNode) {
        if members[key] == nil { keys.append(key) }
        members[key] = node
    }

    /// Becomes an object; a list of one item adopts that item's members, so that `{{#a}}`
    /// still renders once and `{{a.b}}` resolves.
    func makeObject() {
        switch content {
        case .object: return
        case .list:
            let first = items.first
            items = []
            content = .object
            if let first, first.isObject {
                keys = first.keys
                members = first.members
            }
        case .scalar:
            content = .object
        }
    }

    var json: JSONValue {
        switch content {
        case .object:
            return .object(JSONObject(keys.compactMap { key in members[key].map { (key: key, value: $0.json) } }))
        case .list:
            return .array(items.map(\.json))
        case .scalar(let value, _):
            return value
        }
    }
}

/// What a value's filters accept, weakest first.
private enum SampleKind: Int {
    case text, percentText, decimal, ratio, integer, date

    /// `date` and the numeric kinds exclude each other (the first one stays); otherwise the
    /// stricter wins: an integer passes `number`, `money`, `percent` and `cn`, a ratio reads
    /// naturally as a rate and as a number.
    func merged(with other: SampleKind) -> SampleKind {
        if self == .date || other == .date {
            return self == .text || self == .percentText ? other : self
        }
        let pair: Set<SampleKind> = [self, other]
        if pair == [.percentText, .decimal] { return .ratio }
        return rawValue >= other.rawValue ? self : other
    }

    static func forFilters(_ filters: [FilterCall]) -> SampleKind {
        for filter in filters {
            switch filter.name {
            case "number", "money": return .decimal
            case "percent": return .percentText
            case "date": return .date
            case "cn": return .integer
            default: continue
            }
        }
        return .text
    }

    func value(path: String) -> JSONValue {
        switch self {
        case .text: return .string(PreviewData.placeholder(path))
        case .percentText: return .string(PreviewData.placeholder(path) + "%")
        case .ratio: return .number(PreviewData.sampleRatio)
        case .decimal: return .number(PreviewData.sampleDecimal)
        case .integer: return .number(PreviewData.sampleInteger)
        case .date: return .string(PreviewData.sampleDate)
        }
    }

    var isSample: Bool { self != .text && self != .percentText }
}

private struct PreviewBuilder {
    struct Scope {
        /// The frame a section pushes (nil for an inverted section: it pushes none).
        var frame: PreviewNode?
        /// The path as written (for `{{.}}` placeholders).
        var pathText: String
        /// The filters of a `{{.}}` inside this section, when there is one.
        var dotKind: SampleKind?
        /// The section's path in contract spelling (`sheet.rows`), for Chinese placeholders.
        var contractPath: String? = nil
    }

    var names: [String: String] = [:]

    /// The contract spelling of a path: under the enclosing sections, innermost first
    /// (`indicators[].name`), else as written from the root; the first one `names` knows.
    func contractPath(_ path: DataPath) -> String {
        let candidates = scopes.reversed().compactMap { $0.contractPath.map { $0 + "[]." + path.text } }
        return candidates.first { names[$0] != nil } ?? path.text
    }

    func placeholderText(_ path: DataPath, written: String) -> String {
        names[contractPath(path)] ?? written
    }

    let options: TemplateOptions
    let root = PreviewNode(.object)
    var stack = SectionStack<Scope>()
    var scopes: [Scope] {
        get { stack.scopes }
        set { stack.scopes = newValue }
    }
    var samples: [(field: TemplateField, node: PreviewNode)] = []
    var inverted: [(field: TemplateField, scopes: [PreviewNode], path: DataPath)] = []

    let blockSamples: [String: PreviewData.BlockSample]

    init(options: TemplateOptions, blockSamples: [String: PreviewData.BlockSample]) {
        self.options = options
        self.blockSamples = blockSamples
    }

    /// Innermost first; inverted sections push no frame.
    var frames: [PreviewNode] { [root] + scopes.compactMap(\.frame) }

    mutating func add(_ field: TemplateField) {
        stack.enter(field)
        switch field.kind {
        case .close:
            closeScope()
        case .block:
            addBlock(field)
        case .value, .image:
            addValue(field)
        case .section, .inverted:
            addSection(field)
        }
    }

    private mutating func closeScope() {
        guard let scope = scopes.popLast() else { return }
        // A list of plain values (`{{#tags}}{{.}}{{/tags}}`): the item becomes the placeholder.
        if let kind = scope.dotKind, let item = scope.frame, item.isObject, item.keys.isEmpty {
            item.content = .scalar(kind.value(path: scope.pathText), kind)
        }
    }

    private func resolved(_ text: String) -> DataPath? {
        guard let path = TagSyntax.parsePath(Substring(text)) else { return nil }
        guard !options.aliases.isEmpty || !options.scopedAliases.isEmpty, path.special == .none else { return path }
        let target = options.resolvingAlias(path.text, inside: scopes.filter { $0.frame != nil }.map(\.pathText))
        guard target != path.text, let aliased = TagSyntax.parsePath(Substring(target)) else { return path }
        return aliased
    }

    /// The object where the renderer will look up the path's first key: the innermost object
    /// frame that has it, else (creating) the innermost object frame.
    private func base(for path: DataPath, frames: [PreviewNode]) -> PreviewNode? {
        guard case .key(let first, _)? = path.components.first else { return nil }
        if path.relativeToCurrent {
            guard let current = frames.last, current.isObject else { return nil }
            return current
        }
        if let holder = frames.reversed().first(where: { $0.isObject && $0.member(first) != nil }) { return holder }
        return frames.reversed().first(where: \.isObject)
    }

    /// Item indexes a preview pads a list up to (`rows.3.name` makes four items); a larger
    /// index in a tag is left unresolved rather than filling memory.
    static let maximumPaddedIndex = 99

    /// The node at `path` under `base`, creating objects on the way; the last component is
    /// created by `make` when absent. Nil when the path cannot be given a value.
    private func node(at path: DataPath, under base: PreviewNode, make: () -> PreviewNode) -> PreviewNode? {
        var current = base
        for (i, component) in path.components.enumerated() {
            guard case .key(let key, let index) = component else { continue }
            let last = i == path.components.count - 1
            if case .list = current.content, let index {
                guard index >= 0, index <= Self.maximumPaddedIndex else { return nil }
                // Padding copies the first item, so the section's own tags render in every item.
                while current.items.count <= index { current.items.append(current.items.first?.copy() ?? PreviewNode(.object)) }
                let item = current.items[index]
                if !last { item.makeObject() }
                current = item
                continue
            }
            current.makeObject()
            if let next = current.member(key) {
                // A list stays a list when the next component indexes it (`rows.2.name`).
                if !last, !(next.isList && Self.index(of: path.components[i + 1]) != nil) { next.makeObject() }
                current = next
            } else {
                let next = last ? make() : PreviewNode(.object)
                current.setMember(key, next)
                current = next
            }
        }
        return current
    }

    private static func index(of component: DataPath.Component) -> Int? {
        guard case .key(_, let index) = component else { return nil }
        return index
    }

    private mutating func addValue(_ field: TemplateField) {
        guard let path = resolved(field.path) else { return }
        let kind = SampleKind.forFilters(field.filters)
        switch path.special {
        case .current:
            if let i = scopes.lastIndex(where: { $0.frame != nil }) {
                scopes[i].dotKind = scopes[i].dotKind.map { $0.merged(with: kind) } ?? kind
            }
            return
        case .index, .number, .first, .last:
            return
        case .none:
            break
        }
        guard let base = base(for: path, frames: frames) else { return }
        let shown = placeholderText(path, written: field.path)
        guard let node = node(at: path, under: base, make: { PreviewNode(.scalar(kind.value(path: shown), kind)) }) else { return }
        if case .scalar(_, let existing) = node.content {
            let merged = existing.merged(with: kind)
            if merged != existing { node.content = .scalar(merged.value(path: shown), merged) }
        }
        samples.append((field, node))
    }

    private mutating func addSection(_ field: TemplateField) {
        guard let path = resolved(field.path), path.special == .none || path.special == .current else {
            scopes.append(Scope(frame: nil, pathText: field.path))
            return
        }
        if field.kind == .inverted {
            inverted.append((field, frames, path))
            scopes.append(Scope(frame: nil, pathText: field.path))
            return
        }
        if path.special == .current {
            scopes.append(Scope(frame: frames.last, pathText: field.path))
            return
        }
        guard let base = base(for: path, frames: frames) else {
            scopes.append(Scope(frame: nil, pathText: field.path))
            return
        }
        guard let node = node(at: path, under: base, make: {
            let list = PreviewNode(.list)
            list.items = [PreviewNode(.object)]
            return list
        }) else {
            scopes.append(Scope(frame: nil, pathText: field.path))
            return
        }
        let frame: PreviewNode
        switch node.content {
        case .list:
            if node.items.isEmpty { node.items = [PreviewNode(.object)] }
            frame = node.items[0]
        case .object, .scalar:
            frame = node
        }
        scopes.append(Scope(frame: frame, pathText: field.path, contractPath: contractPath(path)))
    }

    private mutating func addBlock(_ field: TemplateField) {
        let target = options.blocks.resolve(field.path)
        let sample: JSONValue
        if target.name == "outline" {
            sample = Self.sampleOutline(target.argument)
        } else if let make = blockSamples[target.name] {
            sample = make(target.argument)
        } else {
            return
        }
        guard let path = resolved(target.argument), path.special == .none,
              let base = base(for: path, frames: frames) else { return }
        _ = node(at: path, under: base) { Self.tree(sample) }
    }

    static func sampleOutline(_ path: String) -> JSONValue {
        .array([.object(JSONObject([
            (key: "heading", value: .string("一级标题示例" + PreviewData.placeholder(path))),
            (key: "children", value: .array([.object(JSONObject([
                (key: "heading", value: .string("二级标题示例")),
                (key: "text", value: .string("正文示例：此处按数据生成多级编号的大纲（一、（一）1.（1）①），标题使用模板的标题样式，正文使用块标签所在段落的格式。")),
            ]))])),
        ]))])
    }

    static func tree(_ value: JSONValue) -> PreviewNode {
        switch value {
        case .object(let object):
            let node = PreviewNode(.object)
            for member in object { node.setMember(member.key, tree(member.value)) }
            return node
        case .array(let items):
            let node = PreviewNode(.list)
            node.items = items.map(tree)
            return node
        default:
            return PreviewNode(.scalar(value, .text))
        }
    }

    func finish() -> PreviewData {
        var result: [PreviewData.Sample] = []
        for (field, node) in samples {
            guard case .scalar(let value, let kind) = node.content, kind.isSample else { continue }
            result.append(PreviewData.Sample(tag: field.tag, value: ValueText.string(value), location: field.location))
        }
        let hidden = inverted.filter { entry in
            ValueText.isTruthy(ScopeLookup.resolve(entry.path, frames: entry.scopes.reversed().map(\.json)))
        }.map(\.field)
        return PreviewData(data: root.json, samples: result, hiddenInverted: hidden)
    }
}
