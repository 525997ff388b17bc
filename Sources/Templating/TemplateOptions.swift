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

    public init(delimiters: Delimiters = .standard, missing: MissingPolicy = .error,
                filters: FilterRegistry = .standard, blocks: BlockRegistry = .standard,
                aliases: [String: String] = [:]) {
        self.delimiters = delimiters
        self.missing = missing
        self.filters = filters
        self.blocks = blocks
        self.aliases = aliases
    }

    /// The path a tag's path text reads after aliases: an alias names a whole path or its
    /// first components (`项目名称`, `资金合计.executed`); the longest matching alias wins, so
    /// the result does not depend on dictionary order. The one rule the compiler, the
    /// preview and the contract check share.
    public func resolvingAlias(_ text: String) -> String {
        guard !aliases.isEmpty else { return text }
        if let target = aliases[text] { return target }
        var best: (alias: String, target: String)?
        for (alias, target) in aliases where text.hasPrefix(alias + ".") {
            if best == nil || alias.count > best!.alias.count { best = (alias, target) }
        }
        guard let best else { return text }
        return best.target + text.dropFirst(best.alias.count)
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
}
