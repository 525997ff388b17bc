import Foundation
import FuzzDriver
import JSONValue
import OOXML
import Templating

/// libFuzzer: bytes → the main document part of a .docx (or a whole .docx when they start
/// with "PK") → compiled as `template check` does, then a render with fixed data. Any crash is
/// a bug; errors are the expected outcome for most inputs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let docx = bytes.starts(with: [0x50, 0x4B]) ? bytes : FuzzDocx.wrap(document: bytes)
    // `Template.check` and `Template(bytes:)` run the same compile; one compile per input,
    // with every message formatted as `template check` prints it.
    do {
        let template = try Template(bytes: docx, name: "fuzz.docx")
        _ = template.fields
        _ = try? template.render(FuzzDocx.values)
    } catch {
        _ = error.description
    }
    return 0
}

/// The package around a fuzzed document part: the fixed entries are built once, and entries are
/// stored, not deflated (zlib's per-archive setup dominated each execution; FuzzArchive fuzzes
/// the deflate path).
enum FuzzDocx {
    /// Made for each input, not kept in a global: LeakSanitizer reported a `static let`'s boxes
    /// as leaked at every exit (it does not follow an indirect enum's tagged pointers, as with
    /// the weak side tables in scripts/lsan-suppressions.txt), which failed every run.
    static var values: JSONValue { .object(JSONObject([
        (key: "name", value: .string("甲")), (key: "a", value: .array([.number("1"), .string("x")])),
        (key: "b", value: .bool(true)), (key: "n", value: .number("12.5")),
    ])) }

    private static let fixed: [(name: String, bytes: [UInt8])] = [
        ("[Content_Types].xml", Array(#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.utf8)),
        ("_rels/.rels", Array(#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.utf8)),
    ]
    private static let fixedLocal: (bytes: [UInt8], central: [UInt8]) = {
        var local: [UInt8] = [], central: [UInt8] = []
        for entry in fixed { append(entry.name, entry.bytes, local: &local, central: &central) }
        return (local, central)
    }()

    static func wrap(document: [UInt8]) -> [UInt8] {
        var local = fixedLocal.bytes, central = fixedLocal.central
        append("word/document.xml", document, local: &local, central: &central)
        let directoryOffset = local.count
        local += central
        local += le32(0x0605_4b50) + le16(0) + le16(0) + le16(3) + le16(3)
            + le32(UInt32(central.count)) + le32(UInt32(directoryOffset)) + le16(0)
        return local
    }

    private static func append(_ name: String, _ bytes: [UInt8], local: inout [UInt8], central: inout [UInt8]) {
        let nameBytes = Array(name.utf8), crc = crc32(bytes), size = UInt32(bytes.count), offset = UInt32(local.count)
        // version 20, UTF-8 names (bit 11), stored, DOS time/date 1980-01-01 00:00.
        let common = le16(20) + le16(0x0800) + le16(0) + le16(0) + le16(0x21)
            + le32(crc) + le32(size) + le32(size) + le16(UInt16(nameBytes.count)) + le16(0)
        local += le32(0x0403_4b50) + common + nameBytes + bytes
        central += le32(0x0201_4b50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + nameBytes
    }

    private static let table: [UInt32] = (0..<256).map { n in
        (0..<8).reduce(UInt32(n)) { c, _ in c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        ~bytes.reduce(~UInt32(0)) { c, b in table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
    }

    private static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    private static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
}

@_cdecl("FuzzTemplate_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runLibFuzzer(argc, argv, fuzzTemplate)
}
