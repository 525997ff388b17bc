import TextFormats
import JSONValue
import OOXML

/// The paragraph styles a template defines, by id and by name (`heading 1` → `1` in a
/// Chinese Word, `Heading1` in an English one).
public struct StyleCatalog: Sendable {
    /// (styleId, name) of paragraph styles, in styles.xml order.
    public var paragraphStyles: [(id: String, name: String)] {
        didSet { lookup = Self.lookup(paragraphStyles, aliases: aliases) }
    }
    /// (styleId, alias) of the paragraph styles' other names (`w:aliases`, comma-separated):
    /// Word keeps a renamed built-in style's own name and shows the new one after it
    /// (“标题 1,一级标题”), so 一级标题 names the style too.
    public var aliases: [(id: String, name: String)] = [] {
        didSet { lookup = Self.lookup(paragraphStyles, aliases: aliases) }
    }
    /// `styleID`'s answers by id and by lower-cased name (the first style of a name): it is
    /// asked for every table cell and paragraph written.
    private var lookup: (ids: Set<String>, names: [String: String]) = ([], [:])

    /// East Asian font (`w:rFonts w:eastAsia`) each paragraph style sets itself, by id.
    var eastAsiaFonts: [String: String] = [:]
    /// `w:basedOn` of each paragraph style, by id.
    var basedOn: [String: String] = [:]
    /// The paragraph style with `w:default="1"` (Normal).
    var defaultStyle: String?
    /// The East Asian font of `w:docDefaults`.
    var defaultEastAsiaFont: String?
    /// Left plus right cell margin (`w:tblCellMar`) each table style sets itself, and its
    /// `w:basedOn`, by id; the default table style's id.
    var tableCellMargins: [String: Int] = [:]
    var tableBasedOn: [String: String] = [:]
    var defaultTableStyle: String?
    /// Font size in half-points (`w:sz`) and indents (`w:ind`) each paragraph style sets itself,
    /// by id, and `w:docDefaults`'; for the measure of generated prose (`ProseLines`).
    var fontSizes: [String: Int] = [:]
    var indents: [String: [String: Int]] = [:]
    var defaultFontSize: Int?
    var defaultIndent: [String: Int] = [:]
    /// Whether each paragraph style that says so numbers its paragraphs itself (`w:numPr` with
    /// a `w:numId` other than 0: 开始 → 多级列表 linked to the style), by id.
    var numbering: [String: Bool] = [:]
    /// The attributes of each paragraph style's own `w:ind`, as written, by id.
    var ownIndents: [String: [(name: String, value: String)]] = [:]
    /// The outline level each paragraph style sets itself (`w:outlineLvl`, 0 for 标题 1), by id.
    var outlineLevels: [String: Int] = [:]

    public init(paragraphStyles: [(id: String, name: String)] = []) {
        self.paragraphStyles = paragraphStyles
        lookup = Self.lookup(paragraphStyles, aliases: [])
    }

    /// Names first, then aliases: a style's own name wins over another's alias.
    private static func lookup(_ styles: [(id: String, name: String)], aliases: [(id: String, name: String)]) -> (ids: Set<String>, names: [String: String]) {
        var names: [String: String] = [:]
        for style in styles + aliases where names[style.name.lowercased()] == nil { names[style.name.lowercased()] = style.id }
        return (Set(styles.map(\.id)), names)
    }

    /// Reads `word/styles.xml`.
    public init(styles: XMLDocument) {
        var list: [(String, String)] = []
        var otherNames: [(String, String)] = []
        func eastAsia(_ holder: XMLElement?) -> String? {
            let rPr = holder?.elements.first { $0.is(Namespace.w, "rPr") }
            return rPr?.elements.first { $0.is(Namespace.w, "rFonts") }?.attribute("w:eastAsia")
        }
        func size(_ holder: XMLElement?) -> Int? {
            let rPr = holder?.elements.first { $0.is(Namespace.w, "rPr") }
            return rPr?.elements.first { $0.is(Namespace.w, "sz") }?.attribute("w:val").flatMap { Int($0) }
        }
        func indent(_ holder: XMLElement?) -> [String: Int] {
            let pPr = holder?.elements.first { $0.is(Namespace.w, "pPr") }
            guard let ind = pPr?.elements.first(where: { $0.is(Namespace.w, "ind") }) else { return [:] }
            var result: [String: Int] = [:]
            for name in Self.indentAttributes { if let v = ind.attribute("w:" + name).flatMap({ Int($0) }) { result[name] = v } }
            return result
        }
        for element in styles.root.elements {
            if element.is(Namespace.w, "docDefaults") {
                defaultEastAsiaFont = eastAsia(element.elements.first { $0.is(Namespace.w, "rPrDefault") })
                defaultFontSize = size(element.elements.first { $0.is(Namespace.w, "rPrDefault") })
                defaultIndent = indent(element.elements.first { $0.is(Namespace.w, "pPrDefault") })
            }
            if element.is(Namespace.w, "style"), element.attribute("w:type") == "table", let id = element.attribute("w:styleId") {
                if element.attribute("w:default") == "1" || element.attribute("w:default") == "true" { defaultTableStyle = id }
                if let parent = element.elements.first(where: { $0.is(Namespace.w, "basedOn") })?.attribute("w:val") { tableBasedOn[id] = parent }
                let tblPr = element.elements.first { $0.is(Namespace.w, "tblPr") }
                if let margins = Self.horizontalMargins(tblPr) { tableCellMargins[id] = margins }
                continue
            }
            guard element.is(Namespace.w, "style"), element.attribute("w:type") == "paragraph",
                  let id = element.attribute("w:styleId") else { continue }
            let name = element.elements.first(where: { $0.is(Namespace.w, "name") })?.attribute("w:val") ?? id
            list.append((id, name))
            for alias in element.elements.first(where: { $0.is(Namespace.w, "aliases") })?.attribute("w:val")?.split(separator: ",") ?? [] {
                let trimmed = String(alias).trimmingSpaces
                if !trimmed.isEmpty { otherNames.append((id, trimmed)) }
            }
            if element.attribute("w:default") == "1" || element.attribute("w:default") == "true" { defaultStyle = id }
            if let font = eastAsia(element) { eastAsiaFonts[id] = font }
            if let sz = size(element) { fontSizes[id] = sz }
            let ind = indent(element)
            if !ind.isEmpty { indents[id] = ind }
            if let parent = element.elements.first(where: { $0.is(Namespace.w, "basedOn") })?.attribute("w:val") { basedOn[id] = parent }
            let pPr = element.elements.first { $0.is(Namespace.w, "pPr") }
            if let ind = pPr?.elements.first(where: { $0.is(Namespace.w, "ind") }) {
                ownIndents[id] = ind.attributes.map { ($0.name, $0.value) }
            }
            if let level = pPr?.elements.first(where: { $0.is(Namespace.w, "outlineLvl") })?.attribute("w:val").flatMap({ Int($0) }) {
                outlineLevels[id] = level
            }
            if let numPr = pPr?.elements.first(where: { $0.is(Namespace.w, "numPr") }) {
                let numID = numPr.elements.first { $0.is(Namespace.w, "numId") }?.attribute("w:val")
                numbering[id] = numID != nil && numID != "0"
            }
        }
        paragraphStyles = list
        aliases = otherNames
        lookup = Self.lookup(list, aliases: otherNames)
    }

    /// The East Asian font a paragraph of style `id` (nil or "": the default style) prints in:
    /// its own, else its `basedOn` chain's, else the document default; nil when none names one.
    public func eastAsiaFont(style id: String?) -> String? {
        chain(from: (id ?? "").isEmpty ? defaultStyle : id).lazy.compactMap { eastAsiaFonts[$0] }.first ?? defaultEastAsiaFont
    }

    /// Style `id` and the styles it is `w:basedOn`, nearest first (a cycle ends the chain).
    private func chain(from id: String?) -> [String] {
        var chain: [String] = []
        var current = id
        var seen = Set<String>()
        while let style = current, seen.insert(style).inserted {
            chain.append(style)
            current = basedOn[style]
        }
        return chain
    }

    /// Whether a paragraph of style `id` gets an automatic number from its style (or its
    /// `w:basedOn` chain): staff who link a multilevel list (一、（一）1.) to 标题 1–3 would see
    /// “一、一、项目的基本情况” in every report, the outline writing its numbers as text.
    public func numbersItself(style id: String) -> Bool {
        chain(from: id).lazy.compactMap { numbering[$0] }.first ?? false
    }

    /// The indents of style `id` and its `w:basedOn` chain as one `w:ind` (each attribute from
    /// the nearest style that sets it), nil when none sets any. A heading whose style's list is
    /// turned off states them: LibreOffice otherwise takes numId 0 as indents of 0.
    public func indentElement(style id: String) -> String? {
        var merged: [(name: String, value: String)] = []
        for style in chain(from: id) {
            for attribute in ownIndents[style] ?? [] where !merged.contains(where: { $0.name == attribute.name }) {
                merged.append(attribute)
            }
        }
        guard !merged.isEmpty else { return nil }
        var out = XMLOutput()
        out.append("<w:ind")
        for attribute in merged {
            out.append(" " + attribute.name + "=\"")
            out.appendEscapedAttribute(attribute.value)
            out.append("\"")
        }
        out.append("/>")
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// `w:ind` attributes read for the measure of prose (twips, or hundredths of a character).
    static let indentAttributes = ["left", "start", "right", "end", "firstLine", "firstLineChars", "hanging", "hangingChars"]

    /// The measure of a generated body paragraph in `pPr` and `rPr` (a block tag's paragraph and
    /// run) on a page whose text is `textWidth` twips wide: its font size from the run, its style
    /// (and `w:basedOn` chain) or the document default (Word's 10 pt when none names one), its
    /// indents from the paragraph, its style chain or the defaults, each on its own.
    public func proseMeasure(paragraphProperties pPr: String, runProperties rPr: String, textWidth: Int) -> ProseLines.Measure {
        let style = AmbiguousRuns.style(of: pPr)
        let chain = chain(from: (style ?? "").isEmpty ? defaultStyle : style)
        let size = Self.attribute("w:val", of: "<w:sz ", in: rPr).flatMap { Int($0) }
            ?? chain.lazy.compactMap { fontSizes[$0] }.first ?? defaultFontSize ?? 20
        // Word's sizes run to 1638 pt; indents beyond a page are clamped (a hostile template's
        // numbers must not overflow the arithmetic).
        let em = min(max(size, 0), 3276) * 10
        func clamped(_ value: Int?) -> Int? { value.map { min(max($0, -31_680), 31_680) } }
        func indent(_ name: String) -> Int? {
            // A paragraph's own `w:ind` replaces only the attributes it names.
            if let v = Self.attribute("w:" + name, of: "<w:ind ", in: pPr).flatMap({ Int($0) }) { return clamped(v) }
            return clamped(chain.lazy.compactMap { indents[$0]?[name] }.first ?? defaultIndent[name])
        }
        let left = indent("left") ?? indent("start") ?? 0
        let right = indent("right") ?? indent("end") ?? 0
        // Character counts (hundredths) win over twips, as in Word.
        let first = indent("firstLineChars").map { $0 * em / 100 } ?? indent("firstLine") ?? 0
        let hanging = indent("hangingChars").map { $0 * em / 100 } ?? indent("hanging") ?? 0
        let other = min(max(textWidth, 0), 31_680) - left - right
        return ProseLines.Measure(em: em, firstLine: other - first + hanging, otherLines: other)
    }

    /// The value of `name` on the first element opening with `element` in serialized `xml`.
    static func attribute(_ name: String, of element: String, in xml: String) -> String? {
        guard let open = xml.range(of: element), let close = xml[open.upperBound...].firstIndex(of: ">") else { return nil }
        let tag = xml[open.upperBound..<close]
        guard let a = tag.range(of: " " + name + "=\"") ?? (tag.hasPrefix(name + "=\"") ? tag.range(of: name + "=\"") : nil) else { return nil }
        return tag[a.upperBound...].split(separator: "\"", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
    }

    /// Left plus right cell margin in twips a table's `w:tblPr` sets (`w:tblCellMar`), nil when
    /// it sets neither.
    public static func horizontalMargins(_ tblPr: XMLElement?) -> Int? {
        guard let mar = tblPr?.elements.first(where: { $0.is(Namespace.w, "tblCellMar") }) else { return nil }
        func side(_ names: [String]) -> Int? {
            for name in names {
                if let e = mar.elements.first(where: { $0.is(Namespace.w, name) }),
                   e.attribute("w:type") == nil || e.attribute("w:type") == "dxa", let w = e.attribute("w:w").flatMap({ Int($0) }) { return w }
            }
            return nil
        }
        let left = side(["left", "start"]), right = side(["right", "end"])
        guard left != nil || right != nil else { return nil }
        return (left ?? 108) + (right ?? 108)
    }

    /// Left plus right cell margin of a table of style `id` (nil: the default table style):
    /// its own, else its `basedOn` chain's, else Word's default 108 twips a side.
    public func cellMargins(tableStyle id: String?) -> Int {
        var current = id ?? defaultTableStyle
        var seen = Set<String>()
        while let style = current, seen.insert(style).inserted {
            if let margins = tableCellMargins[style] { return margins }
            current = tableBasedOn[style] ?? (style == defaultTableStyle ? nil : defaultTableStyle)
        }
        return 216
    }

    /// The style id for an id or a name (case-insensitive), if the template has it; a name
    /// a Chinese Word or WPS shows for a built-in style (标题 1, 题注) finds the style by the
    /// English name styles.xml keeps for it (`heading 1`, `caption`).
    public func styleID(_ idOrName: String) -> String? {
        if lookup.ids.contains(idOrName) { return idOrName }
        if let id = lookup.names[idOrName.lowercased()] { return id }
        return Self.builtInName(shown: idOrName).flatMap { lookup.names[$0] }
    }

    /// Word's own name of the built-in style a Chinese Word shows as `shown` (标题 1 → heading 1).
    static func builtInName(shown: String) -> String? {
        switch shown.trimmingSpaces {
        case "正文": return "normal"
        case "标题": return "title"
        case "题注": return "caption"
        case let name where name.hasPrefix("标题"):
            let digits = name.dropFirst(2).drop { $0 == " " }
            guard digits.count == 1, let level = Int(digits), (1...9).contains(level) else { return nil }
            return "heading \(level)"
        default: return nil
        }
    }

    /// The name Word shows for style `id` (the id itself when styles.xml gives none).
    public func name(ofStyle id: String) -> String? {
        paragraphStyles.first { $0.id == id }?.name
    }

    /// The paragraph styles that set outline level `level` themselves, in styles.xml order.
    func styles(atOutlineLevel level: Int) -> [String] {
        paragraphStyles.map(\.id).filter { outlineLevels[$0] == level }
    }

    /// `heading N` (Word's built-in name, whatever the UI language).
    public func headingStyle(level: Int) -> String? {
        OutlineGenerator.headingStyle(level: level).id(in: self)
    }

    /// The parts' own style (第一部分…, `Part` / 部分标题), when the template has one.
    public func partStyle() -> String? {
        OutlineGenerator.partStyle.id(in: self)
    }
}

/// What a block generator knows about the place of its tag.
public struct BlockContext: Sendable {
    /// The tag as written (`{{> body}}`).
    public var tag: String
    /// The generator name (`outline`, `table`).
    public var name: String
    /// What follows `name:` in the tag, or the whole name for `{{> body}}` (a data path).
    public var argument: String
    /// Options written as filters: `{{> body | headings:"标题 1,标题 2"}}`.
    public var options: [FilterCall]
    /// `<w:pPr>…</w:pPr>` of the tag's paragraph, section break removed ("" if none).
    public var paragraphProperties: String
    /// `<w:rPr>…</w:rPr>` of the run where the tag starts ("" if none).
    public var runProperties: String
    public var styles: StyleCatalog
    public var blocks: BlockRegistry
    public var location: TemplateLocation
    /// The outline node that asked for this block (`{"heading": …, "table": "indicators",
    /// "level1": "产出指标"}`), so a generator can read the node's own options; nil for a tag.
    public var node: JSONValue? = nil
    /// The measure of the body paragraphs the block writes in the tag's paragraph (nil: the
    /// template's page is unknown), for `ProseLines`.
    public var prose: ProseLines.Measure? = nil

    public func option(_ name: String) -> [String]? {
        options.first(where: { $0.name == name })?.arguments
    }
}

/// A paragraph style of the template a block writes its output in (表头, 标题 1): when the
/// template has none of its names, the output is written without it, and `template check`
/// says so (W-TPL-026).
public struct BlockStyle: Sendable, Equatable {
    /// The name Word shows (表头, 标题 1).
    public var name: String
    /// The style ids and other names it is found by (`TableHeader`, `heading 1`), tried first.
    public var ids: [String]
    /// What the style is for, after “用于” (表格的表头行).
    public var use: String
    /// What the output looks like without it (加粗、居中的普通段落).
    public var fallback: String
    /// Word's own name of a built-in style (`caption` for 题注), named in the warning.
    public var builtIn: String?
    /// Where in the template a renamed copy of the style may be recognised when its new name
    /// is nothing like the old one (`StyleClues`).
    public var clue: Clue

    /// What, besides its name, gives away a style renamed in Word or WPS.
    public enum Clue: Sendable, Equatable {
        case none
        /// The style's own outline level (`w:outlineLvl`, 0 for 标题 1), kept by a rename.
        case outlineLevel(Int)
        /// The style most of the template's own table rows are in: the header rows (the
        /// first row, or rows marked `w:tblHeader`), or the rows below them.
        case tableRows(header: Bool)
        /// The style of the template's own captions (paragraphs holding a `SEQ` field, as
        /// 引用 → 插入题注 writes them).
        case captionField
    }

    public init(name: String, ids: [String], use: String, fallback: String, builtIn: String? = nil, clue: Clue = .none) {
        self.name = name
        self.ids = ids
        self.use = use
        self.fallback = fallback
        self.builtIn = builtIn
        self.clue = clue
    }

    /// The template's style id for it, if the template has one of its ids or names.
    public func id(in styles: StyleCatalog) -> String? {
        for key in ids + [name] { if let id = styles.styleID(key) { return id } }
        return nil
    }
}

/// Generates WordprocessingML in place of a paragraph holding `{{> name}}`.
public protocol BlockGenerator: Sendable {
    /// Checked when the template is compiled; a Chinese reason, or nil when fine.
    func validate(_ context: BlockContext) -> String?
    /// The template's paragraph styles the block writes its output in; those the template
    /// lacks are warned about when it is compiled (W-TPL-026).
    func styles(_ context: BlockContext) -> [BlockStyle]
    /// Writes block-level XML (paragraphs, tables) into `out`.
    func render(_ context: BlockContext, scope: BlockScope, into out: inout XMLOutput) throws(FilterFailure)
}

extension BlockGenerator {
    public func validate(_ context: BlockContext) -> String? { nil }
    public func styles(_ context: BlockContext) -> [BlockStyle] { [] }
}

public struct BlockRegistry: Sendable {
    public private(set) var generators: [String: any BlockGenerator]

    public init(_ generators: [String: any BlockGenerator] = [:]) {
        self.generators = generators
    }

    public mutating func register(_ name: String, _ generator: any BlockGenerator) {
        generators[name] = generator
    }

    public subscript(name: String) -> (any BlockGenerator)? { generators[name] }

    /// `outline` is built in; `{{> body}}` (a name that is no generator) is an outline of `body`.
    public static let standard = BlockRegistry(["outline": OutlineGenerator()])

    /// The generator and argument for the text after `>`.
    func resolve(_ text: String) -> (name: String, generator: (any BlockGenerator)?, argument: String) {
        if let colon = text.firstIndex(of: ":") {
            let name = String(text[..<colon])
            return (name, generators[name], String(text[text.index(after: colon)...]))
        }
        if let generator = generators[text] { return (text, generator, "") }
        return ("outline", generators["outline"], text)
    }
}

/// The numbered outline: `[{heading | item, text, table, chart, children}]` with numbering generated
/// per level — `一、` `（一）` `1.` `（1）` `①` — and headings in the template's styles. An `item`
/// takes the next number of its level like a heading but is printed as a body paragraph.
/// A node's `table` and `chart` are rendered, in that order after its text, by the generators
/// registered under those names; each receives the value in `BlockScope.node` (its JSON path
/// in `nodePath`) and, for compatibility, its text as `BlockContext.argument`.
public struct OutlineGenerator: BlockGenerator {
    public init() {}

    /// Node keys handed to the generator of the same name, in output order.
    public static let delegatedKeys = ["table", "chart"]

    /// Heading levels every report's outline uses (一、（一）1.): a template lacking one of
    /// their styles printed those headings as body text.
    static let styledLevels = 1...3

    static func headingStyle(level: Int) -> BlockStyle {
        BlockStyle(name: "标题 \(level)", ids: ["heading \(level)", "Heading\(level)"], use: "正文第 \(level) 级标题",
                   fallback: "与块标签所在段落相同的正文格式（标题不再加粗、不进目录、不与下文同页）",
                   builtIn: "heading \(level)", clue: .outlineLevel(level - 1))
    }

    static let partStyle = BlockStyle(name: "部分标题", ids: ["Part"], use: "“第一部分”等部分标题",
                                      fallback: "“标题 1”的格式（不另起一页）")

    /// The heading styles the outline writes in (those `headings:` does not name), then the
    /// styles of the tables and charts its nodes may hold.
    public func styles(_ context: BlockContext) -> [BlockStyle] {
        let named = context.option("headings").map { $0.flatMap { $0.split(separator: "，").flatMap { $0.split(separator: ",") } }.count } ?? 0
        let parts = context.option("parts") != nil
        var list: [BlockStyle] = []
        for level in Self.styledLevels where level > named {
            if parts && level == 1 { list.append(Self.partStyle) }
            list.append(Self.headingStyle(level: level))
        }
        for key in Self.delegatedKeys {
            guard let generator = context.blocks[key] else { continue }
            for style in generator.styles(context) where !list.contains(style) { list.append(style) }
        }
        return list
    }

    public func validate(_ context: BlockContext) -> String? {
        if context.argument.isEmpty { return "大纲块需要数据路径，例如 {{> body}} 或 {{> outline:body}}" }
        if let names = context.option("headings") {
            let list = names.flatMap { $0.split(separator: "，").flatMap { $0.split(separator: ",") } }
            for name in list where context.styles.styleID(String(name).trimmingSpaces) == nil {
                return "模板中没有名为 “\(name)” 的段落样式"
            }
        }
        if let keep = context.option("keepLast"), keep.count != 1 || Int(keep[0]).map({ $0 < 0 }) ?? true {
            return "keepLast 应为一个非负整数，例如 {{> body | keepLast:\"2\"}}"
        }
        return nil
    }

    /// With `parts` (the 决算公开 document, `{{> body | parts}}`) the first level is 第一部分,
    /// 第二部分 … and the levels below number 一、（一）1.（1）① as a report's levels 1–5 do.
    public static func number(level: Int, index: Int, parts: Bool) -> String {
        guard parts else { return number(level: level, index: index) }
        if level == 1 { return "第" + (ChineseNumerals.text(index) ?? String(index)) + "部分 " }
        return number(level: level - 1, index: index)
    }

    public static func number(level: Int, index: Int) -> String {
        switch level {
        case 1: return (ChineseNumerals.text(index) ?? String(index)) + "、"
        case 2: return "（" + (ChineseNumerals.text(index) ?? String(index)) + "）"
        case 3: return "\(index)."
        case 4: return "（\(index)）"
        default:
            if (1...20).contains(index), let scalar = Unicode.Scalar(0x2460 + UInt32(index - 1)) { return String(Character(scalar)) }
            if (21...35).contains(index), let scalar = Unicode.Scalar(0x3251 + UInt32(index - 21)) { return String(Character(scalar)) }
            if (36...50).contains(index), let scalar = Unicode.Scalar(0x32B1 + UInt32(index - 36)) { return String(Character(scalar)) }
            return "(\(index))"
        }
    }

    public func render(_ context: BlockContext, scope: BlockScope, into out: inout XMLOutput) throws(FilterFailure) {
        guard let value = scope.value(at: context.argument), value != .null else {
            if scope.missing == .empty { return }
            throw FilterFailure("数据中没有 \(context.argument)")
        }
        guard case .array(let nodes) = value else {
            throw FilterFailure("\(context.argument) 应为数组（每项含 heading、text、children）")
        }
        var styles: [String] = []
        if let names = context.option("headings") {
            styles = names.flatMap { $0.split(separator: "，").flatMap { $0.split(separator: ",") } }
                .compactMap { context.styles.styleID(String($0).trimmingSpaces) }
        }
        let parts = context.option("parts") != nil
        for level in 1...9 where styles.count < level {
            // Parts take the first heading style; the levels under them keep their usual ones.
            let part = parts && level == 1 ? context.styles.partStyle() : nil
            styles.append(part ?? context.styles.headingStyle(level: parts ? max(1, level - 1) : level) ?? "")
        }
        // `keepLast:"N"`: the outline's last N paragraphs keep with what follows the block (the
        // signature), so no page holds only the 落款. Only paragraphs after the last table or chart.
        var paragraphs = Paragraphs()
        if let keep = context.option("keepLast")?.first.flatMap({ Int($0) }), keep > 0 {
            let trailing = Self.trailingParagraphs(nodes)
            paragraphs.keepFrom = Self.paragraphCount(nodes) - min(keep, trailing)
        }
        try write(nodes, level: 1, path: context.argument, styles: styles, parts: parts, context: context, scope: scope,
                  paragraphs: &paragraphs, into: &out)
    }

    /// Counts the paragraphs the outline writes itself, to find the last ones.
    struct Paragraphs {
        var written = 0
        var keepFrom = Int.max
        mutating func next() -> Bool {
            defer { written += 1 }
            return written >= keepFrom
        }
    }

    private static func ownParagraphs(_ object: JSONValue) -> (numbered: Int, text: Int) {
        let numbered = [object["heading"], object["item"]].contains { $0.map(ValueText.string).map { !$0.isEmpty } ?? false } ? 1 : 0
        let text = object["text"].map(ValueText.string).map { $0.isEmpty ? 0 : lineBreaks(in: $0).count + 1 } ?? 0
        return (numbered, text)
    }

    /// Where a text's lines end: each "\n" not part of a "\r\n" (one Character, as splitting by
    /// Characters keeps it together), found on the bytes — counting lines by Characters for
    /// every node at every level was 6 % of a package's CPU.
    static func lineBreaks(in text: String) -> [String.Index] {
        var breaks: [String.Index] = []
        var previous: UInt8 = 0
        var i = text.utf8.startIndex
        while i < text.utf8.endIndex {
            let byte = text.utf8[i]
            if byte == UInt8(ascii: "\n"), previous != UInt8(ascii: "\r") { breaks.append(i) }
            previous = byte
            text.utf8.formIndex(after: &i)
        }
        return breaks
    }

    /// The text's lines (see `lineBreaks`).
    static func lines(of text: String) -> [Substring] {
        var lines: [Substring] = []
        var start = text.startIndex
        for end in lineBreaks(in: text) {
            lines.append(text[start..<end])
            start = text.utf8.index(after: end)
        }
        lines.append(text[start...])
        return lines
    }

    static func paragraphCount(_ nodes: [JSONValue]) -> Int {
        nodes.reduce(0) { total, node in
            let own = ownParagraphs(node)
            return total + own.numbered + own.text + paragraphCount(node["children"]?.arrayValue ?? [])
        }
    }

    /// How many of the outline's own paragraphs come after its last table or chart.
    static func trailingParagraphs(_ nodes: [JSONValue]) -> Int {
        var count = 0
        for node in nodes {
            let own = ownParagraphs(node)
            let delegated = delegatedKeys.contains { node[$0].map { $0 != .null } ?? false }
            count = delegated ? 0 : count + own.numbered + own.text
            let children = node["children"]?.arrayValue ?? []
            let childTrailing = trailingParagraphs(children)
            count = childTrailing < paragraphCount(children) ? childTrailing : count + childTrailing
        }
        return count
    }

    /// `pPr` with keep-with-next and keep-lines added after the style (schema order).
    static func keeping(_ pPr: String) -> String {
        KeepWithNext.adding(["<w:keepNext/>", "<w:keepLines/>"], to: pPr)
    }

    private func write(_ nodes: [JSONValue], level: Int, path: String, styles: [String], parts: Bool, context: BlockContext,
                       scope: BlockScope, paragraphs: inout Paragraphs, into out: inout XMLOutput) throws(FilterFailure) {
        // Headings and items share one sequence per level; other nodes take no number.
        var number = 0
        for (i, node) in nodes.enumerated() {
            guard case .object(let object) = node else {
                throw FilterFailure("\(path)[\(i)] 应为对象（含 heading、text、children）")
            }
            if let heading = object["heading"].map(ValueText.string), !heading.isEmpty {
                number += 1
                let style = level <= styles.count ? styles[level - 1] : ""
                var pPr = context.paragraphProperties
                if !style.isEmpty {
                    var attribute = XMLOutput()
                    attribute.appendEscapedAttribute(style)
                    // The part style opens a page; the first part stays under the document title.
                    let firstPart = parts && level == 1 && number == 1 ? "<w:pageBreakBefore w:val=\"0\"/>" : ""
                    // The number is written as text: a list the style numbers with is turned off
                    // (numId 0), so the heading prints the form's 一、 once (staff review 10).
                    let unnumbered = context.styles.numbersItself(style: style)
                        ? "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"0\"/></w:numPr>" + (context.styles.indentElement(style: style) ?? "") : ""
                    pPr = "<w:pPr><w:pStyle w:val=\"" + String(decoding: attribute.bytes, as: UTF8.self) + "\"/>" + firstPart + unnumbered + "</w:pPr>"
                }
                out.append("<w:p>")
                out.append(paragraphs.next() ? Self.keeping(pPr) : pPr)
                let text = XMLText.sanitized(Self.number(level: level, index: number, parts: parts) + heading).text
                let font = context.styles.eastAsiaFont(style: style.isEmpty ? AmbiguousRuns.style(of: pPr) : style)
                AmbiguousRuns.write(text, runProperties: "", font: font, into: &out) { piece, out in
                    out.append("<w:t xml:space=\"preserve\">")
                    out.appendEscapedText(piece)
                    out.append("</w:t>")
                }
                out.append("</w:p>")
            } else if let item = object["item"].map(ValueText.string), !item.isEmpty {
                number += 1
                bodyParagraph(Self.number(level: level, index: number, parts: parts) + item, context: context, keep: paragraphs.next(), into: &out)
            }
            if let text = object["text"].map(ValueText.string), !text.isEmpty {
                for line in Self.lines(of: text) {
                    bodyParagraph(String(line), context: context, keep: paragraphs.next(), into: &out)
                }
            }
            for key in Self.delegatedKeys {
                guard let value = object[key], value != .null else { continue }
                let nodePath = "\(path)[\(i)].\(key)"
                // Without a registered generator the value is skipped, as tables always were:
                // the registry decides what a template's outline can hold.
                guard let generator = context.blocks[key] else { continue }
                var sub = context
                sub.name = key
                sub.argument = ValueText.string(value)
                // The whole outline node (a table's `level1` filter stands beside `table`).
                sub.node = node
                var inner = scope
                inner.node = value
                inner.nodePath = nodePath
                try generator.render(sub, scope: inner, into: &out)
            }
            if case .array(let children)? = object["children"] {
                let childLevel = try Self.childLevel(of: object, level: level, parts: parts, path: "\(path)[\(i)]")
                try write(children, level: childLevel, path: "\(path)[\(i)].children", styles: styles, parts: parts,
                          context: context, scope: scope, paragraphs: &paragraphs, into: &out)
            }
        }
    }

    /// The level of a node's children: the next one, or the level whose numbers look like the
    /// node's `numbering` (`"（1）"`), for forms that skip levels; the levels below follow on.
    static func childLevel(of node: JSONObject, level: Int, parts: Bool, path: String) throws(FilterFailure) -> Int {
        guard let numbering = node["numbering"].map(ValueText.string), !numbering.isEmpty else { return level + 1 }
        guard let style = (1...5).first(where: { number(level: $0, index: 1) == numbering }) else {
            let styles = (1...5).map { number(level: $0, index: 1) }.joined(separator: " ")
            throw FilterFailure("\(path).numbering “\(numbering)” 不是编号样式（可用：\(styles)）")
        }
        return parts ? style + 1 : style
    }

    /// A paragraph in the tag's own paragraph and run properties (the template's body style).
    private func bodyParagraph(_ line: String, context: BlockContext, keep: Bool, into out: inout XMLOutput) {
        out.append("<w:p>")
        out.append(keep ? Self.keeping(context.paragraphProperties) : context.paragraphProperties)
        let sanitized = XMLText.sanitized(line).text
        let clean = sanitized.utf8.contains(UInt8(ascii: "\r")) ? sanitized.replacingOccurrences(of: "\r", with: "") : sanitized
        let font = context.styles.eastAsiaFont(style: AmbiguousRuns.style(of: context.paragraphProperties))
        // The last but one line set a little wider when the last would hold one character alone.
        var parts: [(text: String, runProperties: String)] = [(clean, context.runProperties)]
        if let measure = context.prose, let widening = ProseLines.widening(clean, measure: measure) {
            let scalars = clean.unicodeScalars
            let start = scalars.index(scalars.startIndex, offsetBy: widening.scalars.lowerBound)
            let end = scalars.index(scalars.startIndex, offsetBy: widening.scalars.upperBound)
            parts = [(String(scalars[..<start]), context.runProperties),
                     (String(scalars[start..<end]), ProseLines.runProperties(context.runProperties, widenedBy: widening.twips)),
                     (String(scalars[end...]), context.runProperties)].filter { !$0.text.isEmpty }
        }
        for part in parts {
            AmbiguousRuns.write(part.text, runProperties: part.runProperties, font: font, into: &out) { text, out in
                out.appendWordText(text)
            }
        }
        out.append("</w:p>")
    }
}

extension String {
    var trimmingSpaces: String { String(TagSyntax.trim(Substring(self))) }
}
