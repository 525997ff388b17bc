import JSONValue

/// A top-level list of the data whose items are made one at a time, as the loop over it
/// reaches them, and let go after: the 决算公开 document attaches every project report, and
/// 10 000 projects' contexts held at once were about 200 MB. Only a plain loop `{{#key}}` (or
/// `{{^key}}`) over `key`, a path from the top of the data (`attachments`, `summary.rows`),
/// takes them; the data holds some value at `key`, usually an empty list, for any other tag.
/// The output is what the same items given as a list in the data make.
public struct LazyItems {
    /// The path as the template writes it.
    public var key: String
    public var count: Int
    public var item: (Int) -> JSONValue

    public init(key: String, count: Int, item: @escaping (Int) -> JSONValue) {
        self.key = key
        self.count = count
        self.item = item
    }
}
