import JSONValue

/// How data values print.
public enum ValueText {
    /// Numbers keep their literal (`37.10` stays `37.10`); arrays of scalars join with `、`.
    public static func string(_ v: JSONValue) -> String {
        switch v {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n
        case .string(let s): return s
        case .array(let items): return items.map(string).joined(separator: "、")
        case .object: return ""
        }
    }

    /// A short Chinese description for error messages.
    public static func describe(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n
        case .string(let s): return "“" + (s.count > 30 ? String(s.prefix(30)) + "…" : s) + "”"
        case .array: return "数组"
        case .object: return "对象"
        }
    }

    /// Mustache truthiness: missing, null, false, 0, "" and [] are false.
    static func isTruthy(_ v: JSONValue?) -> Bool {
        switch v {
        case nil, .null?: return false
        case .bool(let b)?: return b
        case .string(let s)?: return !s.isEmpty
        case .array(let a)?: return !a.isEmpty
        case .number(let n)?:
            if let d = v?.decimal { return d != 0 }
            return !n.isEmpty
        case .object?: return true
        }
    }
}

/// The data visible to a block generator: the current item first, then the outer scopes.
/// Not `Sendable`: it carries the render's mutable `RenderAttachments`.
public struct BlockScope {
    /// Innermost last.
    public var frames: [JSONValue]
    /// What the template does with missing data; a generator should follow it.
    public var missing: MissingPolicy
    /// Where generated content adds parts (charts, images) to the document being rendered;
    /// nil when the part is rendered on its own (`PartTemplate.render` without attachments).
    public var attachments: RenderAttachments?
    /// The part being rendered (`word/document.xml`, `word/header1.xml`).
    public var partName: String
    /// The value a delegating generator hands on: the outline passes a node's `table` or
    /// `chart` value here. nil for a generator called from its own tag.
    public var node: JSONValue?
    /// The JSON path of `node` (`body[1].children[0].chart`), for error messages.
    public var nodePath: String?
    /// Typed data the document is rendered from (`DocumentRenderer.render(_:payload:)`), so a
    /// generator can draw typed values instead of reading them back out of the JSON; nil for
    /// plain JSON data (`reportgen render`, template previews).
    public var payload: (any Sendable)?

    public init(frames: [JSONValue], missing: MissingPolicy = .error, attachments: RenderAttachments? = nil,
                partName: String = "", node: JSONValue? = nil, nodePath: String? = nil) {
        self.frames = frames
        self.missing = missing
        self.attachments = attachments
        self.partName = partName
        self.node = node
        self.nodePath = nodePath
    }

    /// Resolves a dotted path the way tags do (innermost scope that has the first key).
    public func value(at path: String) -> JSONValue? {
        guard let parsed = TagSyntax.parsePath(Substring(path)) else { return nil }
        if parsed.special == .current { return frames.last }
        return ScopeLookup.resolve(parsed, frames: frames.reversed())
    }
}

enum ScopeLookup {
    static func descend(_ value: JSONValue, _ components: ArraySlice<DataPath.Component>) -> JSONValue? {
        var current = value
        for component in components {
            guard case .key(let key, let index) = component else { return nil }
            switch current {
            case .object(let object):
                guard let next = object[key] else { return nil }
                current = next
            case .array(let items):
                guard let index, index >= 0, index < items.count else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    /// `frames` innermost first.
    static func resolve<S: Sequence>(_ path: DataPath, frames: S) -> JSONValue? where S.Element == JSONValue {
        guard case .key(let first, _)? = path.components.first else { return nil }
        for frame in frames {
            if case .object(let object) = frame, let start = object[first] {
                return descend(start, path.components.dropFirst())
            }
            if path.relativeToCurrent { return nil }
        }
        return nil
    }
}
