/// A parsed XML part as plain Swift values.
///
/// Templates are compiled from this tree once; rendering then emits text without touching
/// libxml2 again. Names are kept as written (`w:p`), together with the namespace they resolve
/// to, so a part serializes back with its prefixes, namespace declarations and
/// `mc:Ignorable` lists exactly as the producing application wrote them.
public struct XMLDocument: Sendable, Equatable {
    /// Comments and processing instructions before the root element, in order.
    public var prologue: [XMLNode]
    public var root: XMLElement
    /// Whether the source declared `standalone="yes"`; Word always does.
    public var standalone: Bool

    public init(prologue: [XMLNode] = [], root: XMLElement, standalone: Bool = true) {
        self.prologue = prologue
        self.root = root
        self.standalone = standalone
    }
}

public struct XMLAttribute: Sendable, Equatable, Hashable {
    /// The qualified name as written: `w:val`, `xmlns:w`, `xml:space`.
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

public struct XMLElement: Sendable, Equatable {
    /// The qualified name as written: `w:p`.
    public var name: String
    /// The namespace URI the element's prefix resolves to, if any.
    public var namespaceURI: String?
    /// Attributes in document order; namespace declarations (`xmlns`, `xmlns:w`) come first.
    public var attributes: [XMLAttribute]
    public var children: [XMLNode]

    public init(name: String, namespaceURI: String? = nil, attributes: [XMLAttribute] = [], children: [XMLNode] = []) {
        self.name = name
        self.namespaceURI = namespaceURI
        self.attributes = attributes
        self.children = children
    }

    /// The part of `name` after the prefix: `p` for `w:p`.
    public var localName: Substring {
        if let colon = name.firstIndex(of: ":") { return name[name.index(after: colon)...] }
        return name[...]
    }

    /// The value of the attribute with the qualified name `name` (`w:val`).
    public func attribute(_ name: String) -> String? {
        attributes.first(where: { $0.name == name })?.value
    }

    public mutating func setAttribute(_ name: String, _ value: String?) {
        if let index = attributes.firstIndex(where: { $0.name == name }) {
            if let value { attributes[index].value = value } else { attributes.remove(at: index) }
        } else if let value {
            attributes.append(XMLAttribute(name, value))
        }
    }

    /// Child elements, skipping text and comments.
    public var elements: [XMLElement] {
        children.compactMap { if case .element(let e) = $0 { return e } else { return nil } }
    }

    /// True when this element is `namespace`:`localName`.
    public func `is`(_ namespace: String, _ localName: String) -> Bool {
        namespaceURI == namespace && self.localName == localName
    }
}

public enum XMLNode: Sendable, Equatable {
    case element(XMLElement)
    case text(String)
    case cdata(String)
    case comment(String)
    case processingInstruction(target: String, data: String)
}
