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
