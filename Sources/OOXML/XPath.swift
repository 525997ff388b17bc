import CLibXML2

/// XPath 1.0 over libxml2 with the OOXML prefixes of `Namespace.xpathPrefixes` registered
/// (`w:`, `r:`, `mc:`, `wp:`, `a:`, `pic:`, `c:`, `ct:` for content types, `rel:` for
/// relationships). Meant for inspection and tests; rendering never goes through it.
public enum XPath {
    /// The string value of every node the expression selects, in document order; a
    /// string, number or boolean result gives one string.
    public static func strings(_ expression: String, in bytes: [UInt8], partName: String) throws(OOXMLError) -> [String] {
        // The same checks as for the tree (DOCTYPE refused, line numbers in errors) first.
        _ = try XMLDocument(parsing: bytes, partName: partName)
        return try evaluate(expression, in: bytes, partName: partName)
    }

    /// `bytes` must already be known safe (parsed once, or written by `XMLDocument`).
    static func evaluate(_ expression: String, in bytes: [UInt8], partName: String?) throws(OOXMLError) -> [String] {
        let options = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let parsed: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlReadMemory(chars.baseAddress, Int32(chars.count), partName ?? "memory.xml", nil, options)
            }
        }
        guard let document = parsed else {
            throw OOXMLError(.xmlMalformed, "XML 格式错误", part: partName)
        }
        defer { xmlFreeDoc(document) }
        guard let context = xmlXPathNewContext(document) else {
            throw OOXMLError(.xpath, "无法创建 XPath 上下文", part: partName)
        }
        defer { xmlXPathFreeContext(context) }
        for (prefix, uri) in Namespace.xpathPrefixes {
            xmlXPathRegisterNs(context, prefix, uri)
        }
        // libxml2 reports XPath errors through the generic handler; keep them off stderr.
        context.pointee.error = { _, _ in }
        guard let result = xmlXPathEvalExpression(expression, context) else {
            throw OOXMLError(.xpath, "XPath 表达式无效：\(expression)", part: partName)
        }
        defer { xmlXPathFreeObject(result) }
        switch result.pointee.type {
        case XPATH_NODESET:
            guard let set = result.pointee.nodesetval, set.pointee.nodeNr > 0, let nodes = set.pointee.nodeTab else { return [] }
            var strings: [String] = []
            strings.reserveCapacity(Int(set.pointee.nodeNr))
            for index in 0..<Int(set.pointee.nodeNr) {
                strings.append(take(xmlXPathCastNodeToString(nodes[index])))
            }
            return strings
        default:
            return [take(xmlXPathCastToString(result))]
        }
    }

    private static func take(_ pointer: UnsafeMutablePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        defer { cxml_free(pointer) }
        return String(cString: pointer)
    }
}

extension XMLDocument {
    /// The string values the XPath expression selects in this document (serialized first).
    public func xpathStrings(_ expression: String) throws(OOXMLError) -> [String] {
        try XPath.evaluate(expression, in: serialized(), partName: nil)
    }
}

extension DocxPackage {
    /// The string values the XPath expression selects in `part`.
    public func xpathStrings(_ expression: String, in part: String) throws(OOXMLError) -> [String] {
        do {
            return try XPath.strings(expression, in: bytes(of: part), partName: part)
        } catch {
            throw error.with(file: name)
        }
    }
}
