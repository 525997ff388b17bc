// TEMPORARY stand-in for the integrator's JSONValue target (see briefs/JSON-API.md);
// replaced by main's version at merge.
import Foundation

public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

public struct JSONObject: Sendable, Equatable, Sequence {
    public var members: [(key: String, value: JSONValue)]
    public init(_ members: [(key: String, value: JSONValue)]) { self.members = members }
    public subscript(key: String) -> JSONValue? { members.first(where: { $0.key == key })?.value }
    public var keys: [String] { members.map(\.key) }
    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> { members.makeIterator() }
    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        a.members.count == b.members.count && zip(a.members, b.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension JSONValue {
    public var decimal: Decimal? {
        switch self {
        case .number(let s): return Decimal(string: s)
        case .string(let s): return Decimal(string: s)
        default: return nil
        }
    }
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public subscript(key: String) -> JSONValue? { if case .object(let o) = self { return o[key] } else { return nil } }
}
