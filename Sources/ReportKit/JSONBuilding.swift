import JSONValue

/// Small helpers to write template contexts as JSON values in code.
extension JSONValue {
    static func object(_ members: [(String, JSONValue)]) -> JSONValue {
        .object(JSONObject(members.map { (key: $0.0, value: $0.1) }))
    }

    static func text(_ value: String?) -> JSONValue { .string(value ?? "") }
}
