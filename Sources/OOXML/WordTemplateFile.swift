/// A Word template (`.dotx`, Word's “另存为 → Word 模板”) types its main part as a template.
/// Renamed to .docx, or used as is, it fills like any document, but every report written from it
/// kept that type: Word refuses a .docx whose main part is a template (the file format does not
/// match its extension), and python-docx does too. The package is the same otherwise.
public enum WordTemplateFile {
    /// `bytes` with the main part typed as a document when it is typed as a template; `bytes`
    /// unchanged otherwise (and when the package cannot be read: the template check says why).
    public static func asDocument(_ bytes: [UInt8], name: String) -> [UInt8] {
        guard var package = try? DocxPackage(bytes: bytes, name: name),
              package.contentType(of: package.mainDocumentPartName) == ContentType.template,
              let types = try? package.bytes(of: DocxPackage.contentTypesPartName) else { return bytes }
        let from = Array(ContentType.template.utf8), to = Array(ContentType.mainDocument.utf8)
        var fixed: [UInt8] = []
        fixed.reserveCapacity(types.count)
        var i = 0
        while i < types.count {
            if types[i] == from[0], i + from.count <= types.count, types[i..<(i + from.count)].elementsEqual(from) {
                fixed += to
                i += from.count
            } else {
                fixed.append(types[i])
                i += 1
            }
        }
        package.replace(DocxPackage.contentTypesPartName, with: fixed)
        return (try? package.serialized()) ?? bytes
    }
}
