import Foundation
import FuzzDriver
import JSONValue
import OOXML
import Templating

/// libFuzzer: bytes → the main document part of a .docx (or a whole .docx when they start
/// with "PK") → `template check`, then a render with fixed data. Any crash is a bug; errors
/// are the expected outcome for most inputs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let docx: [UInt8]
    if bytes.starts(with: [0x50, 0x4B]) {
        docx = bytes
    } else {
        guard let made = try? FuzzDocx.wrap(document: bytes) else { return 0 }
        docx = made
    }
    let result = Template.check(bytes: docx, name: "fuzz.docx")
    if result.errors.isEmpty, let template = try? Template(bytes: docx, name: "fuzz.docx") {
        let values: JSONValue = .object(JSONObject([
            (key: "name", value: .string("甲")), (key: "a", value: .array([.number("1"), .string("x")])),
            (key: "b", value: .bool(true)), (key: "n", value: .number("12.5")),
        ]))
        _ = try? template.render(values)
    }
    return 0
}

enum FuzzDocx {
    static func wrap(document: [UInt8]) throws -> [UInt8] {
        let types = #"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#
        let rels = #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#
        return try ZipWriter.bytes([("[Content_Types].xml", .bytes(Array(types.utf8))), ("_rels/.rels", .bytes(Array(rels.utf8))),
                                    ("word/document.xml", .bytes(document))], compressionLevel: 1)
    }
}

@_cdecl("FuzzTemplate_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runLibFuzzer(argc, argv, fuzzTemplate)
}
