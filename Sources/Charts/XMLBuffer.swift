import OOXML

/// A thin writer over `XMLOutput` for generated parts: element names are trusted literals,
/// every attribute value and text passes through the shared escaping.
struct XMLBuffer {
    var out = XMLOutput(reservingCapacity: 8192)

    init(declaration: Bool = true) {
        if declaration {
            out.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n")
        }
    }

    var bytes: [UInt8] { out.bytes }
    var string: String { String(decoding: out.bytes, as: UTF8.self) }

    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        start(name, attributes)
        out.append(">")
    }

    mutating func close(_ name: String) {
        out.writeEndTag(name)
    }

    /// `<name a="…"/>`
    mutating func empty(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        start(name, attributes)
        out.append("/>")
    }

    /// `<name val="…"/>`, the shape of most chart settings.
    mutating func val(_ name: String, _ value: String) {
        empty(name, ["val": value])
    }

    mutating func val(_ name: String, _ value: Int) {
        empty(name, ["val": String(value)])
    }

    mutating func val(_ name: String, _ value: Bool) {
        empty(name, ["val": value ? "1" : "0"])
    }

    /// `<name>text</name>`
    mutating func text(_ name: String, _ text: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        open(name, attributes)
        out.appendEscapedText(text)
        close(name)
    }

    mutating func raw(_ markup: String) {
        out.append(markup)
    }

    private mutating func start(_ name: String, _ attributes: KeyValuePairs<String, String>) {
        out.append("<")
        out.append(name)
        for (key, value) in attributes {
            out.append(" ")
            out.append(key)
            out.append("=\"")
            out.appendEscapedAttribute(value)
            out.append("\"")
        }
    }
}
