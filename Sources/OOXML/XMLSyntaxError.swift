import CLibXML2

/// One structured error from libxml2, copied out of the parser's callback, and its Chinese text.
/// libxml2's own text is English; users read Chinese, so the common codes are translated with
/// the names and numbers libxml2 passes alongside its text (str1, str2, int1). An error whose
/// code is not translated gets a generic Chinese sentence with libxml2's number; its English
/// text is not shown.
struct XMLSyntaxError: Sendable {
    var code: Int32
    var isFatal: Bool
    var line: Int
    var column: Int
    var str1: String?
    var str2: String?
    var int1: Int

    init(_ error: xmlError) {
        code = error.code
        isFatal = error.level == XML_ERR_FATAL
        line = Int(error.line)
        // For parser errors libxml2 stores the column in int2.
        column = Int(error.int2)
        str1 = error.str1.map { String(cString: $0) }
        str2 = error.str2.map { String(cString: $0) }
        int1 = Int(error.int1)
    }

    /// Namespace well-formedness (an undeclared prefix, a bad qualified name, an attribute given
    /// twice through two prefixes): libxml2 goes on parsing, Word does not open the file.
    var isNamespaceError: Bool {
        (XML_NS_ERR_XML_NAMESPACE.rawValue...XML_NS_ERR_COLON.rawValue).contains(UInt32(bitPattern: code))
    }

    /// The Chinese sentence, with the column when libxml2 gives one.
    var message: String {
        let position = column > 0 ? "（第 \(column) 列）" : ""
        return "XML 格式错误\(position)：\(description)"
    }

    private var description: String {
        let name = str1.map { "<\($0)>" } ?? "标签"
        switch xmlParserErrors(rawValue: UInt32(bitPattern: code)) {
        case XML_ERR_TAG_NAME_MISMATCH:
            let opened = str1.map { "<\($0)>" } ?? "开始标签"
            let closed = str2.map { "</\($0)>" } ?? "结束标签"
            let openedAt = int1 > 0 ? "（第 \(int1) 行）" : ""
            return "开始标签 \(opened)\(openedAt)与结束标签 \(closed) 不匹配"
        case XML_ERR_TAG_NOT_FINISHED:
            let openedAt = int1 > 0 ? "（第 \(int1) 行）" : ""
            return "标签 \(name)\(openedAt)没有结束：内容在它的结束标签之前就结束了（文件可能被截断）"
        case XML_ERR_DOCUMENT_EMPTY:
            return "部件中没有任何 XML 内容"
        case XML_ERR_DOCUMENT_START:
            return "部件开头不是 XML（应以 <?xml 或一个元素开始）"
        case XML_ERR_DOCUMENT_END, XML_ERR_EXTRA_CONTENT:
            return "根元素结束之后还有多余的内容"
        case XML_ERR_NOT_WELL_BALANCED:
            return "标签没有正确配对"
        case XML_ERR_INVALID_CHAR where int1 == 0:
            // libxml2 raises bytes that are not UTF-8 as an invalid character without a value.
            return "内容不是有效的 UTF-8 编码（或与 XML 声明中的编码不符）"
        case XML_ERR_INVALID_CHAR, XML_ERR_INVALID_CHARREF, XML_ERR_INVALID_DEC_CHARREF, XML_ERR_INVALID_HEX_CHARREF:
            let character = int1 > 0 && int1 <= 0x10FFFF ? "（U+\(String(int1, radix: 16, uppercase: true).leftPadded(to: 4))）" : ""
            return "含有 XML 不允许的字符\(character)，例如控制字符"
        case XML_ERR_INVALID_ENCODING:
            return "内容不是有效的 UTF-8 编码（或与 XML 声明中的编码不符）"
        case XML_ERR_UNKNOWN_ENCODING, XML_ERR_UNSUPPORTED_ENCODING, XML_ERR_ENCODING_NAME:
            return "XML 声明中的编码\(str1.map { "「\($0)」" } ?? "")无法识别或不受支持"
        case XML_ERR_UNDECLARED_ENTITY, XML_WAR_UNDECLARED_ENTITY:
            return "引用了未定义的实体\(str1.map { " &\($0);" } ?? "")（文字中的 & 应写作 &amp;）"
        case XML_ERR_ENTITYREF_SEMICOL_MISSING, XML_ERR_ENTITYREF_NO_NAME:
            return "实体引用不完整（文字中的 & 应写作 &amp;）"
        case XML_ERR_LT_IN_ATTRIBUTE:
            return "属性值中不能出现 <（应写作 &lt;）"
        case XML_ERR_ATTRIBUTE_NOT_STARTED, XML_ERR_ATTRIBUTE_WITHOUT_VALUE, XML_ERR_STRING_NOT_STARTED:
            return "属性值缺少引号，应写作 名称=\"值\""
        case XML_ERR_ATTRIBUTE_NOT_FINISHED, XML_ERR_STRING_NOT_CLOSED:
            return "属性值的引号没有闭合"
        case XML_ERR_ATTRIBUTE_REDEFINED, XML_NS_ERR_ATTRIBUTE_REDEFINED:
            let attribute = [str1, str2].compactMap { $0 }.joined(separator: ":")
            return "同一元素中属性\(attribute.isEmpty ? "" : "「\(attribute)」")出现了两次"
        case XML_ERR_GT_REQUIRED:
            return "标签缺少结尾的 >"
        case XML_ERR_LT_REQUIRED, XML_ERR_LTSLASH_REQUIRED:
            return "缺少结束标签\(str1.map { " </\($0)>" } ?? "")"
        case XML_ERR_EQUAL_REQUIRED:
            return "属性名之后缺少 ="
        case XML_ERR_NAME_REQUIRED:
            return "< 之后不是有效的元素名（文字中的 < 应写作 &lt;）"
        case XML_ERR_SPACE_REQUIRED:
            return "缺少必需的空格（例如两个属性之间）"
        case XML_ERR_COMMENT_NOT_FINISHED, XML_ERR_HYPHEN_IN_COMMENT:
            return "注释 <!-- … --> 没有正确结束"
        case XML_ERR_CDATA_NOT_FINISHED:
            return "CDATA 段没有结束"
        case XML_ERR_MISPLACED_CDATA_END:
            return "文字中不能出现 ]]>"
        case XML_ERR_PI_NOT_STARTED, XML_ERR_PI_NOT_FINISHED:
            return "处理指令 <? … ?> 没有正确结束"
        case XML_ERR_RESERVED_XML_NAME:
            return "XML 声明 <?xml …?> 只能出现在部件的最开头"
        case XML_ERR_XMLDECL_NOT_STARTED, XML_ERR_XMLDECL_NOT_FINISHED, XML_ERR_VERSION_MISSING,
             XML_ERR_UNKNOWN_VERSION, XML_ERR_STANDALONE_VALUE:
            return "XML 声明 <?xml …?> 写法有误"
        case XML_ERR_NAME_TOO_LONG:
            return "名称过长"
        case XML_ERR_ENTITY_LOOP, XML_ERR_ENTITY_PROCESSING:
            return "实体展开出错（实体循环引用或膨胀）"
        case XML_ERR_NO_MEMORY:
            return "解析器内存不足"
        case XML_NS_ERR_UNDEFINED_NAMESPACE:
            return "命名空间前缀\(str1.map { "「\($0)」" } ?? "")没有声明"
        case XML_NS_ERR_QNAME:
            return "元素或属性名不是有效的带前缀名称"
        default:
            return "无法解析（libxml2 错误码 \(code)）"
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
