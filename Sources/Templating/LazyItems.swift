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
    /// Set when every item is an object of strings under the same members (`init(key:count:records:)`).
    let records: Records?

    public init(key: String, count: Int, item: @escaping (Int) -> JSONValue) {
        self.key = key
        self.count = count
        self.item = item
        records = nil
    }

    /// Items that are all objects of strings under the same members, in that order (a table's
    /// rows): `item(i)` is made from their text, and so is the key of a chunk of a long loop over
    /// them (`RowChunking`), without the item: at 10 000 rows of the 汇总表, making every row's
    /// value only to key the chunks kept from the last run was a fifth of its job.
    public init(key: String, count: Int, records: Records) {
        self.key = key
        self.count = count
        self.records = records
        item = records.object
    }

    /// Objects of strings: `members` their keys, `text(i, body)` passes item i's values' UTF-8 to
    /// `body`, one call per member, in the members' order.
    public struct Records {
        public var members: [String]
        public var text: (_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Void

        public init(members: [String], text: @escaping (_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Void) {
            self.members = members
            self.text = text
        }

        /// Item `index` as the data's value.
        public func object(_ index: Int) -> JSONValue {
            var values: [JSONObject.Member] = []
            values.reserveCapacity(members.count)
            text(index) { utf8 in
                values.append((key: members[values.count], value: .string(String(decoding: utf8, as: UTF8.self))))
            }
            precondition(values.count == members.count, "LazyItems.Records: item \(index) has \(values.count) of \(members.count) values")
            return .object(JSONObject(values))
        }

        /// What `RowChunkKey.value(object(index))` appends, from the text alone.
        func appendKey(_ index: Int, to key: inout RowChunkKey) {
            key.objectHeader(count: members.count)
            var member = 0
            text(index) { utf8 in
                key.string(members[member])
                key.stringValue(utf8)
                member += 1
            }
        }
    }
}
