import OOXML

/// Zips the workbook parts through OOXML's deterministic writer (fixed times, given order).
func zip(_ parts: [(name: String, bytes: [UInt8])]) throws(OOXMLError) -> [UInt8] {
    try ZipWriter.bytes(parts.map { (name: $0.name, content: ZipEntryContent.bytes($0.bytes)) })
}
