/// Where each value of a document stands, kept as ~20 bytes a value (line, column, offset, and
/// for arrays and objects where their children's records are listed), not as a dictionary keyed
/// by path strings: that cost ~180 bytes a value plus the path's length, so a 4 MB file of
/// 2 million numbers took 363 MB and a long key repeated in every path grew without bound
/// (issue 11). A path is resolved on lookup by walking the document's values beside the records,
/// one step per path component.
public struct JSONLocations: Sendable {
    private var root: JSONValue = .null
    private var lines: [Int32] = []
    private var columns: [Int32] = []
    private var offsets: [Int32] = []
    /// For an array or object's record: where its children's records start in `children`.
    private var firstChild: [Int32] = []
    private var children: [Int32] = []

    public init() {}

    public var isEmpty: Bool { offsets.isEmpty }

    /// The location of the value at `path` (`JSONPath`'s spelling); nil when the document
    /// has no such value or locations were not recorded. Where a key occurs twice, the first
    /// occurrence's value is found, as `JSONObject`'s subscript finds it.
    public subscript(path: String) -> JSONLocation? {
        guard !offsets.isEmpty, let components = JSONPath.components(of: path) else { return nil }
        var value = root
        var record = 0
        for component in components {
            let position: Int
            switch (component, value) {
            case (.index(let index), .array(let items)) where index < items.count:
                position = index
                value = items[index]
            case (.key(let key), .object(let object)):
                guard let found = object.members.firstIndex(where: { $0.key == key }) else { return nil }
                position = found
                value = object.members[found].value
            default:
                return nil
            }
            record = Int(children[Int(firstChild[record]) + position])
        }
        return JSONLocation(line: Int(lines[record]), column: Int(columns[record]), offset: Int(offsets[record]))
    }

    // The reader's side: a value's record is made when the value starts; a container's
    // children's records are listed when it ends.

    var nextRecord: Int32 { Int32(clamping: offsets.count) }

    mutating func open(_ location: JSONLocation) -> Int {
        lines.append(Int32(clamping: location.line))
        columns.append(Int32(clamping: location.column))
        offsets.append(Int32(clamping: location.offset))
        firstChild.append(0)
        return offsets.count - 1
    }

    mutating func close(_ record: Int, children list: [Int32]) {
        firstChild[record] = Int32(clamping: children.count)
        children.append(contentsOf: list)
    }

    mutating func finish(root: JSONValue) {
        self.root = root
    }
}

extension JSONPath {
    public enum Component: Equatable, Sendable {
        case key(String)
        case index(Int)
    }

    /// The components of a path as `appending` writes it (`a.b[2]["键 名"]`); nil when it is
    /// not one.
    public static func components(of path: String) -> [Component]? {
        let scalars = Array(path.unicodeScalars)
        var components: [Component] = []
        var i = 0
        func simpleKey() -> String? {
            let start = i
            while i < scalars.count, scalars[i] != ".", scalars[i] != "[" { i += 1 }
            guard i > start else { return nil }
            var key = String.UnicodeScalarView()
            key.append(contentsOf: scalars[start..<i])
            return String(key)
        }
        if i < scalars.count, scalars[i] != "[" {
            guard let key = simpleKey() else { return nil }
            components.append(.key(key))
        }
        while i < scalars.count {
            switch scalars[i] {
            case ".":
                i += 1
                guard let key = simpleKey() else { return nil }
                components.append(.key(key))
            case "[":
                i += 1
                if i < scalars.count, scalars[i] == "\"" {
                    i += 1
                    var key = String.UnicodeScalarView()
                    while i < scalars.count, scalars[i] != "\"" {
                        if scalars[i] == "\\" { i += 1; guard i < scalars.count else { return nil } }
                        key.append(scalars[i])
                        i += 1
                    }
                    guard i + 1 < scalars.count, scalars[i + 1] == "]" else { return nil }
                    i += 2
                    components.append(.key(String(key)))
                } else {
                    var number = 0
                    let start = i
                    while i < scalars.count, ("0"..."9").contains(scalars[i]) {
                        guard number < Int.max / 10 - 10 else { return nil }
                        number = number * 10 + Int(scalars[i].value - 48)
                        i += 1
                    }
                    guard i > start, i < scalars.count, scalars[i] == "]" else { return nil }
                    i += 1
                    components.append(.index(number))
                }
            default:
                return nil
            }
        }
        return components
    }
}
