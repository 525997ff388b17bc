import OOXML

extension Workbook {
    /// The workbook's parts zipped through OOXML's deterministic writer (fixed times, given order).
    static func zipped(_ parts: [(name: String, bytes: [UInt8])]) throws(OOXMLError) -> [UInt8] {
        try ZipWriter.bytes(parts.map { (name: $0.name, content: ZipEntryContent.bytes($0.bytes)) })
    }
}
