import OOXML

/// Options fixed when a template is compiled.
public struct TemplateOptions: Sendable {
    public var delimiters: Delimiters
    public var missing: MissingPolicy
    public var filters: FilterRegistry
    public var blocks: BlockRegistry
    /// Alternative names for paths, e.g. `项目名称` → `name`: a tag whose path is an alias
    /// (or starts with one followed by `.`) reads the aliased path.
    public var aliases: [String: String]
    /// Aliases that hold inside a loop over a list, by the list's path (`funds.rows`): there
    /// `年初预算数` names the row's `initialBudget`, not the total's.
    public var scopedAliases: [String: [String: String]]

    public init(delimiters: Delimiters = .standard, missing: MissingPolicy = .error,
                filters: FilterRegistry = .standard, blocks: BlockRegistry = .standard,
                aliases: [String: String] = [:], scopedAliases: [String: [String: String]] = [:]) {
        self.delimiters = delimiters
        self.missing = missing
        self.filters = filters
        self.blocks = blocks
        self.aliases = aliases
        self.scopedAliases = scopedAliases
    }

    /// The path a tag reads inside `sections` (the paths of the enclosing sections that
    /// push an item, as written, outermost first): the innermost list's own aliases first,
    /// then the document-wide ones.
    public func resolvingAlias(_ text: String, inside sections: [String]) -> String {
        guard !scopedAliases.isEmpty, !sections.isEmpty else { return resolvingAlias(text) }
        var resolved: [String] = []
        for section in sections { resolved.append(lookup(section, in: resolved)) }
        return lookup(text, in: resolved)
    }

    private func lookup(_ text: String, in sections: [String]) -> String {
        for section in sections.reversed() {
            if let table = scopedAliases[section], let target = Self.longestAlias(text, table) { return target }
        }
        return resolvingAlias(text)
    }

    /// The path a tag's path text reads after aliases: an alias names a whole path or its
    /// first components (`项目名称`, `资金合计.executed`); the longest matching alias wins, so
    /// the result does not depend on dictionary order. The one rule the compiler, the
    /// preview and the contract check share.
    public func resolvingAlias(_ text: String) -> String {
        Self.longestAlias(text, aliases) ?? text
    }

    private static func longestAlias(_ text: String, _ table: [String: String]) -> String? {
        guard !table.isEmpty else { return nil }
        if let target = table[text] { return target }
        // An alias followed by "." ends where one of the text's dots starts: the text's own
        // prefixes, longest first, are looked up (not every alias tried against the text).
        var end = text.endIndex
        while let dot = text[..<end].lastIndex(of: ".") {
            if let target = table[String(text[..<dot])] { return target + text[dot...] }
            end = dot
        }
        return nil
    }
}

/// A tag as `template fields` lists it.
public struct TemplateField: Sendable, Equatable, Codable {
    public var tag: String
    public var kind: TagKind
    public var path: String
    public var filters: [FilterCall]
    /// For sections: `inline`, `paragraphs` or `rows`.
    public var placement: String?
    public var location: TemplateLocation
    /// In a cell of a one-row loop that Word merges down (`w:vMerge` restart, no `| merge`):
    /// the cell spans every row the loop makes and is printed once (`TNode.spansLoop`).
    public var spansLoopRows = false
    /// For a section over table rows: whether those rows are marked as header rows in Word.
    public var headerRows: HeaderRows = .none
    /// For a section: it stands in a text box that keeps its size (`TextBoxLoops`).
    public var inFixedTextBox = false
    /// For a section: the first footnote or endnote reference inside it (`RepeatedNotes`).
    var noteInside: RepeatedNotes.Note?

    /// A row section's rows and Word's repeated header rows (`w:tblHeader`): the loop starts in
    /// a header row (`merged`: its first cell merged down from there, as Word leaves a header
    /// cell merged with the loop row's), or only later rows of it are header rows.
    public enum HeaderRows: Sendable, Equatable {
        case none
        case startsInHeader(merged: Bool)
        case headerRows
    }

    /// `spansLoopRows`, `headerRows`, `inFixedTextBox` and `noteInside` are the compiler's reading, not part of `template fields --json`.
    enum CodingKeys: String, CodingKey {
        case tag, kind, path, filters, placement, location
    }
}
