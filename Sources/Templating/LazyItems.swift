import JSONValue

/// A top-level list of the data whose items are made one at a time, as the loop over it
/// reaches them, and let go after: the 决算公开 document attaches every project report, and
/// 10 000 projects' contexts held at once were about 200 MB. Only a plain loop `{{#key}}`
/// over the top-level `key` takes them (the data holds some value under `key`, usually an empty
/// list, for everything else: a truth test, a count); the output is what the same items given
/// as a list in the data make.
public struct LazyItems {
    public var key: String
    public var count: Int
    public var item: (Int) -> JSONValue

    public init(key: String, count: Int, item: @escaping (Int) -> JSONValue) {
        self.key = key
        self.count = count
        self.item = item
    }
}
