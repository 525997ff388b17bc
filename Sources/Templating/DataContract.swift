/// What data a template kind receives: every path, its kind of value and its Chinese name.
/// ReportKit states the contract of each report template (`TemplateContract`); the check
/// below reads a template's tags against it so that a misspelt field is reported when the
/// template is checked, not once per project when a package is rendered.
public struct DataContract: Sendable {
    /// The kind of value at a path, as far as tags care.
    public enum ValueKind: String, Sendable, Codable {
        /// Text printed as is (names, preformatted figures that may be blank).
        case text
        /// A preformatted amount or score (`"37.14"`, `""`): number filters accept it.
        case amount
        /// A preformatted rate (`"96.27%"`).
        case rate
        /// An ISO date (`"2022-06-27"`): the `date` filter accepts it.
        case date
        /// true/false, only for sections.
        case flag
        /// A list: sections repeat over it.
        case list
        /// An object holding named fields.
        case object
        /// An outline for `{{> body}}` (any depth).
        case outline
        /// A picture file's path (PNG/JPEG) for `{{%path}}`, relative to the data file.
        case image
    }

    /// One documented path. List items are written with `[]`: `indicators[].name`.
    public struct Field: Sendable, Codable, Equatable {
        public var path: String
        public var kind: ValueKind
        /// The Chinese name staff use, also the alias a tag may use instead of the path.
        public var chinese: String
        public var meaning: String
        public var example: String
        /// False when the Chinese name is shown but is not an alias (it would clash).
        public var isAlias: Bool

        public init(_ path: String, _ kind: ValueKind, _ chinese: String, _ meaning: String = "", example: String = "", alias: Bool = true) {
            self.path = path
            self.kind = kind
            self.chinese = chinese
            self.meaning = meaning
            self.example = example
            self.isAlias = alias
        }

        /// The path relative to the innermost list item (`name` for `indicators[].name`).
        public var itemRelativePath: String {
            guard let range = path.range(of: "[].", options: .backwards) else { return path }
            return String(path[range.upperBound...])
        }
    }

    /// Something every document of the kind prints (the report's body, the indicator rows):
    /// a template with no tag at any of `paths` (contract paths) still renders, but without it.
    public struct Essential: Sendable {
        public var paths: [String]
        /// The tag as staff would type it back (`{{> body}}`).
        public var tag: String
        /// What the documents lose, and where the tag belongs.
        public var loss: String
        public var advice: String

        public init(paths: [String], tag: String, loss: String, advice: String) {
            self.paths = paths
            self.tag = tag
            self.loss = loss
            self.advice = advice
        }
    }

    /// A column of a list's rows that the form totals: where a row loop prints `item`, the
    /// `totals` must be printed with it (the 合计 row) — else the form loses them unnoticed.
    public struct Total: Sendable {
        /// List paths as the contract writes them (`indicators`, `sheet.rows`).
        public var lists: [String]
        /// The item's field (`score`).
        public var item: String
        /// Contract paths of its totals (`sheet.total`, `sheet.grade`).
        public var totals: [String]
        /// Why the total matters to the reader, in Chinese ("" when it goes without saying).
        public var why: String
        /// The totals stand only under their rows: a table printing one with no loop over
        /// `lists` has lost its rows (W-TPL-015). False where a form prints the total alone
        /// (the fund totals of the 特定目标 form).
        public var underRows: Bool

        public init(lists: [String], item: String, totals: [String], why: String = "", underRows: Bool = false) {
            self.lists = lists
            self.item = item
            self.totals = totals
            self.why = why
            self.underRows = underRows
        }

        /// The same rule for the copies of its fields inside each item of `list` (the project keys
        /// every `attachments[]` item carries): a 自评表 pasted into `{{#attachments}}` owes its
        /// 合计 as the project's own does.
        public func nested(in list: String) -> Total {
            let prefix = list + "[]."
            return Total(lists: lists.map { prefix + $0 }, item: item, totals: totals.map { prefix + $0 }, why: why, underRows: underRows)
        }

        /// A contract path as a tag inside the innermost enclosing item writes it
        /// (`attachments[].sheet.total` → `sheet.total`).
        static func written(_ path: String) -> String {
            guard let marker = path.range(of: "[].", options: .backwards) else { return path }
            return String(path[marker.upperBound...])
        }
    }

    public var name: String
    public var fields: [Field]
    public var essentials: [Essential]
    public var totals: [Total]

    public init(name: String, fields: [Field], essentials: [Essential] = [], totals: [Total] = []) {
        self.name = name
        self.fields = fields
        self.essentials = essentials
        self.totals = totals
    }

    /// Alias → path as a tag may write it: fields at the top level by their full path,
    /// fields of list items by their path inside the item (a tag inside the loop reads it).
    public var aliases: [String: String] {
        var table: [String: String] = [:]
        for field in fields where field.isAlias && !field.chinese.isEmpty {
            table[field.chinese] = field.itemRelativePath
        }
        return table
    }

    /// Aliases inside a loop: list path as a section names it (`funds.rows`, `indicators` —
    /// within an enclosing item, its path there) → Chinese name → path inside the item. Every
    /// item field with a Chinese name is one, also those that are not document-wide aliases
    /// because a total of the same name holds it (`年初预算数` of `funds.rows[]`).
    public var scopedAliases: [String: [String: String]] {
        var table: [String: [String: String]] = [:]
        for field in fields where !field.chinese.isEmpty {
            guard let marker = field.path.range(of: "[].", options: .backwards) else { continue }
            let list = String(field.path[..<marker.lowerBound])
            let key = list.range(of: "[].", options: .backwards).map { String(list[$0.upperBound...]) } ?? list
            if table[key]?[field.chinese] == nil { table[key, default: [:]][field.chinese] = field.itemRelativePath }
        }
        return table
    }

    /// The field at a contract path (`indicators[].name`).
    public func field(_ path: String) -> Field? { fields.first { $0.path == path } }

    /// The contract paths directly under a node (`""` for the root, `indicators[]` for items).
    func children(of node: String) -> [Field] {
        let prefix = node.isEmpty ? "" : node + "."
        return fields.filter { field in
            guard field.path.hasPrefix(prefix) else { return false }
            let rest = field.path.dropFirst(prefix.count)
            return !rest.isEmpty && !rest.contains(".")
        }
    }

    /// The contract node a key names under `node`, or nil.
    func child(_ key: String, of node: String) -> Field? {
        field(node.isEmpty ? key : node + "." + key)
    }
}
