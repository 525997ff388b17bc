import CLibXML2
import Foundation

private let parserInitialized: Bool = {
    xmlInitParser()
    xmlThrDefSetStructuredErrorFunc(nil, ignoreError)
    return true
}()

/// libxml2 reports some errors (encoding conversion, I/O) without the parser context, through
/// the thread's global handler, which prints English text to stderr; reportgen reports the
/// parse failure itself, in Chinese.
private let ignoreError: xmlStructuredErrorFunc = { _, _ in }

/// Collects libxml2's structured errors; the context's own "last error" is usually the
/// least useful one ("Premature end of data"), so the first fatal one is reported.
private final class ErrorCollector {
    var first: XMLSyntaxError?
    var firstFatal: XMLSyntaxError?
    /// libxml2 builds the tree past an undeclared prefix or a doubled namespaced attribute,
    /// but the part is not namespace-well-formed and Word refuses the file, so it is an error too.
    var firstNamespace: XMLSyntaxError?

    /// The error to report: the first fatal one (a namespace error before it does not stop
    /// the parse), else the first.
    var reported: XMLSyntaxError? { firstFatal ?? first }
}

private let collectError: xmlStructuredErrorFunc = { userData, error in
    guard let userData, let error else { return }
    let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
    guard let box = context.pointee._private else { return }
    let collector = Unmanaged<ErrorCollector>.fromOpaque(box).takeUnretainedValue()
    // Every error after the first fatal one is a consequence of it.
    guard collector.firstFatal == nil else { return }
    let syntaxError = XMLSyntaxError(error.pointee)
    if collector.first == nil { collector.first = syntaxError }
    if syntaxError.isFatal { collector.firstFatal = syntaxError }
    if collector.firstNamespace == nil, syntaxError.isNamespaceError { collector.firstNamespace = syntaxError }
}

extension XMLDocument {
    /// The largest part reportgen parses (see `XMLLimits` for a whole archive).
    public static let maximumPartSize = XMLLimits.maximumBytesPerArchive

    /// Element start tags in `bytes`, counted before libxml2 builds anything (every `<` that
    /// opens an element; comments, processing instructions and CDATA may be overcounted).
    public static func elementCount(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var count = 0
            var i = 0
            let n = buffer.count
            while i + 1 < n {
                if buffer[i] == 0x3C {
                    let next = buffer[i + 1]
                    if next != 0x2F && next != 0x21 && next != 0x3F { count += 1 }
                }
                i += 1
            }
            return count
        }
    }

    /// Parses an XML part safely: no network, no DTD loading, no entity substitution, and
    /// any document type declaration is refused (OOXML parts never have one; it is how
    /// external-entity and entity-expansion attacks arrive).
    public init(parsing bytes: [UInt8], partName: String) throws(OOXMLError) {
        _ = parserInitialized
        xmlSetStructuredErrorFunc(nil, ignoreError)  // this thread's handler (the default covers new threads)
        guard bytes.count <= Self.maximumPartSize else {
            throw OOXMLError(.xmlTooLarge, "XML 部件过大（\(bytes.count) 字节），超过 \(Self.maximumPartSize) 字节的上限", part: partName)
        }
        let elements = Self.elementCount(bytes)
        guard elements <= XMLLimits.maximumElementsPerArchive else {
            throw OOXMLError(.xmlTooManyElements, "XML 部件含有 \(elements) 个元素，超过 \(XMLLimits.maximumElementsPerArchive) 个的上限", part: partName)
        }
        guard !bytes.isEmpty else {
            throw OOXMLError(.xmlMalformed, "XML 部件为空", part: partName, line: 1)
        }
        if let line = Self.doctypeLine(bytes) {
            throw OOXMLError(.xmlDTDForbidden, "XML 部件含有文档类型声明（DOCTYPE），Office 文档不允许，可能是外部实体或实体膨胀攻击", part: partName, line: line)
        }
        guard let context = xmlNewParserCtxt() else {
            throw OOXMLError(.xmlMalformed, "无法创建 XML 解析器", part: partName)
        }
        defer { xmlFreeParserCtxt(context) }
        let collector = ErrorCollector()
        context.pointee._private = Unmanaged.passUnretained(collector).toOpaque()
        context.pointee.sax.pointee.serror = collectError

        // Never NOENT (entity substitution), DTDLOAD, HUGE or RECOVER.
        let options = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue)
        let doc: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), partName, nil, options)
            }
        }
        withExtendedLifetime(collector) {}
        guard let doc else {
            let reported = collector.reported
            throw OOXMLError(.xmlMalformed, reported?.message ?? "XML 格式错误：无法解析",
                             part: partName, line: reported?.line)
        }
        defer { xmlFreeDoc(doc) }
        if let namespaceError = collector.firstNamespace {
            throw OOXMLError(.xmlMalformed, namespaceError.message + "；Word 无法打开这样的文件",
                             part: partName, line: namespaceError.line)
        }
        if doc.pointee.intSubset != nil || doc.pointee.extSubset != nil {
            throw OOXMLError(.xmlDTDForbidden, "XML 部件含有文档类型声明（DOCTYPE），Office 文档不允许，可能是外部实体或实体膨胀攻击", part: partName)
        }
        guard let rootNode = xmlDocGetRootElement(doc) else {
            throw OOXMLError(.xmlMalformed, "XML 部件没有根元素", part: partName)
        }
        var prologue: [XMLNode] = []
        var sibling = doc.pointee.children
        while let node = sibling, node != rootNode {
            if let converted = try Self.convert(node, partName: partName) { prologue.append(converted) }
            sibling = node.pointee.next
        }
        guard case .element(let root)? = try Self.convert(rootNode, partName: partName) else {
            throw OOXMLError(.xmlMalformed, "XML 部件没有根元素", part: partName)
        }
        self.init(prologue: prologue, root: root, standalone: doc.pointee.standalone == 1)
    }

    /// The line of a `<!DOCTYPE` in the prolog, found before libxml2 sees the bytes: its own
    /// entity-loop detection would otherwise report a billion-laughs payload as mere
    /// malformed XML.
    static func doctypeLine(_ bytes: [UInt8]) -> Int? {
        let lt = UInt8(ascii: "<"), bang = UInt8(ascii: "!"), question = UInt8(ascii: "?")
        let doctype = Array("<!DOCTYPE".utf8)
        var i = 0
        var line = 1
        func skip(until end: [UInt8]) {
            while i < bytes.count {
                if bytes[i] == 0x0A { line += 1 }
                if bytes[i] == end[0], i + end.count <= bytes.count, Array(bytes[i..<(i + end.count)]) == end {
                    i += end.count
                    return
                }
                i += 1
            }
        }
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x0A { line += 1 }
            guard byte == lt else { i += 1; continue }
            guard i + 1 < bytes.count else { return nil }
            if bytes[i + 1] == question {
                skip(until: Array("?>".utf8))
            } else if bytes[i + 1] == bang {
                if i + doctype.count <= bytes.count, Array(bytes[i..<(i + doctype.count)]) == doctype { return line }
                skip(until: Array("-->".utf8))
            } else {
                return nil  // the root element: no DOCTYPE can follow
            }
        }
        return nil
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    private static func qualifiedName(_ node: xmlNodePtr) -> String {
        let local = string(node.pointee.name)
        if let ns = node.pointee.ns, let prefix = ns.pointee.prefix {
            return string(prefix) + ":" + local
        }
        return local
    }

    private static func content(_ node: xmlNodePtr) -> String {
        string(node.pointee.content)
    }

    private static func convert(_ node: xmlNodePtr, partName: String) throws(OOXMLError) -> XMLNode? {
        switch node.pointee.type {
        case XML_ELEMENT_NODE:
            var attributes: [XMLAttribute] = []
            var declaration = node.pointee.nsDef
            while let ns = declaration {
                let name = ns.pointee.prefix.map { "xmlns:" + string($0) } ?? "xmlns"
                attributes.append(XMLAttribute(name, string(ns.pointee.href)))
                declaration = ns.pointee.next
            }
            var attribute = node.pointee.properties
            while let attr = attribute {
                var name = string(attr.pointee.name)
                if let ns = attr.pointee.ns, let prefix = ns.pointee.prefix {
                    name = string(prefix) + ":" + name
                }
                var value = ""
                var child = attr.pointee.children
                while let text = child {
                    if text.pointee.type == XML_TEXT_NODE { value += content(text) }
                    else if text.pointee.type == XML_ENTITY_REF_NODE {
                        throw OOXMLError(.xmlDTDForbidden, "属性中含有未定义的实体引用 &\(string(text.pointee.name));", part: partName, line: Int(node.pointee.line))
                    }
                    child = text.pointee.next
                }
                attributes.append(XMLAttribute(name, value))
                attribute = attr.pointee.next
            }
            var children: [XMLNode] = []
            var child = node.pointee.children
            while let c = child {
                if let converted = try convert(c, partName: partName) {
                    // libxml2 may split text around entity references; keep one text node.
                    if case .text(let text) = converted, case .text(let previous)? = children.last {
                        children[children.count - 1] = .text(previous + text)
                    } else {
                        children.append(converted)
                    }
                }
                child = c.pointee.next
            }
            let uri = node.pointee.ns.map { string($0.pointee.href) }
            return .element(XMLElement(name: qualifiedName(node), namespaceURI: uri, attributes: attributes, children: children))
        case XML_TEXT_NODE:
            return .text(content(node))
        case XML_CDATA_SECTION_NODE:
            return .cdata(content(node))
        case XML_COMMENT_NODE:
            return .comment(content(node))
        case XML_PI_NODE:
            return .processingInstruction(target: string(node.pointee.name), data: content(node))
        case XML_ENTITY_REF_NODE:
            throw OOXMLError(.xmlDTDForbidden, "含有未定义的实体引用 &\(string(node.pointee.name));", part: partName, line: Int(node.pointee.line))
        default:
            return nil
        }
    }
}
