import Foundation
import TextFormats

/// Serializes the Swift XML tree the way Word writes parts: a declaration with
/// `standalone="yes"`, a CRLF after it, no indentation added.
extension XMLDocument {
    public func serialized() -> [UInt8] {
        var out = XMLOutput()
        out.append(standalone
            ? "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
            : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n")
        for node in prologue { out.write(node) }
        out.write(root)
        return out.bytes
    }
}

/// A byte buffer with the escaping rules of XML 1.0. Shared by the tree writer and the
/// template renderer so both escape identically.
public struct XMLOutput: Sendable {
    public var bytes: [UInt8] = []

    public init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func append(_ raw: String) {
        bytes.append(contentsOf: raw.utf8)
    }

    public mutating func append(_ raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }

    /// Appends character data, escaping `& < >`. Characters XML 1.0 forbids must have been
    /// removed before (see `XMLText.sanitized`).
    public mutating func appendEscapedText(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
            case 0x0D: bytes.append(contentsOf: "&#13;".utf8)
            default: bytes.append(byte)
            }
        }
    }

    /// Appends `text` as WordprocessingML run content: `<w:t>` elements, each tab between them
    /// a `<w:tab/>` (a tab character inside `w:t` prints as a space in Word).
    public mutating func appendWordText(_ text: String) {
        append("<w:t xml:space=\"preserve\">")
        // Most texts hold no tab: not split by Characters (a tab, a control, is a Character of its own).
        guard text.utf8.contains(0x09) else {
            appendEscapedText(text)
            append("</w:t>")
            return
        }
        for (k, piece) in text.split(separator: "\t", omittingEmptySubsequences: false).enumerated() {
            if k > 0 { append("</w:t><w:tab/><w:t xml:space=\"preserve\">") }
            appendEscapedText(String(piece))
        }
        append("</w:t>")
    }

    /// Appends an attribute value, escaping quotes and whitespace that would be normalized.
    public mutating func appendEscapedAttribute(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
            case 0x09: bytes.append(contentsOf: "&#9;".utf8)
            case 0x0A: bytes.append(contentsOf: "&#10;".utf8)
            case 0x0D: bytes.append(contentsOf: "&#13;".utf8)
            default: bytes.append(byte)
            }
        }
    }

    public mutating func writeStartTag(_ element: XMLElement, selfClosing: Bool = false) {
        bytes.append(UInt8(ascii: "<"))
        append(element.name)
        for attribute in element.attributes {
            bytes.append(UInt8(ascii: " "))
            append(attribute.name)
            bytes.append(contentsOf: "=\"".utf8)
            appendEscapedAttribute(attribute.value)
            bytes.append(UInt8(ascii: "\""))
        }
        if selfClosing { bytes.append(UInt8(ascii: "/")) }
        bytes.append(UInt8(ascii: ">"))
    }

    public mutating func writeEndTag(_ name: String) {
        bytes.append(contentsOf: "</".utf8)
        append(name)
        bytes.append(UInt8(ascii: ">"))
    }

    public mutating func write(_ element: XMLElement) {
        if element.children.isEmpty {
            writeStartTag(element, selfClosing: true)
            return
        }
        writeStartTag(element)
        for child in element.children { write(child) }
        writeEndTag(element.name)
    }

    public mutating func write(_ node: XMLNode) {
        switch node {
        case .element(let element): write(element)
        case .text(let text): appendEscapedText(text)
        case .cdata(let text):
            append("<![CDATA[")
            append(text.replacingOccurrences(of: "]]>", with: "]]]]><![CDATA[>"))
            append("]]>")
        case .comment(let text):
            append("<!--")
            append(text)
            append("-->")
        case .processingInstruction(let target, let data):
            append("<?")
            append(target)
            if !data.isEmpty { append(" " + data) }
            append("?>")
        }
    }
}

public enum XMLText {
    /// Whether XML 1.0 allows the scalar in character data.
    @inline(__always)
    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool { XMLCharacters.isAllowed(scalar) }

    /// Whether every character of `text` is allowed (one look at each UTF-8 byte).
    public static func allAllowed(_ text: String) -> Bool { XMLCharacters.allAllowed(text) }
    public static func allAllowed(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool { XMLCharacters.allAllowed(utf8) }

    /// The text without the characters XML 1.0 forbids, and how many were removed.
    public static func sanitized(_ text: String) -> (text: String, removed: Int) {
        if allAllowed(text) { return (text, 0) }
        var scalars = String.UnicodeScalarView()
        var removed = 0
        for scalar in text.unicodeScalars {
            if isAllowed(scalar) { scalars.append(scalar) } else { removed += 1 }
        }
        return (String(scalars), removed)
    }
}
