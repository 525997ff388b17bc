import Testing
@testable import OOXML

@Suite struct XMLTreeTests {
    @Test func roundTripKeepsNamespacesAndIgnorable() throws {
        let source = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r
        <w:document xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14 wp14"><w:body><w:p w14:paraId="1A2B3C4D"><w:r><w:t xml:space="preserve"> a &amp; b &lt; 𠮷 </w:t></w:r></w:p></w:body></w:document>
        """
        let doc = try XMLDocument(parsing: Array(source.utf8), partName: "word/document.xml")
        #expect(doc.root.localName == "document")
        #expect(doc.root.namespaceURI == Namespace.w)
        #expect(doc.root.attribute("mc:Ignorable") == "w14 wp14")
        #expect(String(decoding: doc.serialized(), as: UTF8.self) == source)
    }

    @Test func malformedXMLNamesPartAndLine() {
        let source = "<a>\n<b>\n</a>"
        #expect {
            _ = try XMLDocument(parsing: Array(source.utf8), partName: "word/document.xml")
        } throws: { error in
            guard let error = error as? OOXMLError else { return false }
            return error.code == .xmlMalformed && error.part == "word/document.xml" && error.line != nil
        }
    }

    @Test func externalEntityIsRefused() {
        let source = """
        <?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>
        """
        #expect {
            _ = try XMLDocument(parsing: Array(source.utf8), partName: "word/document.xml")
        } throws: { error in
            (error as? OOXMLError)?.code == .xmlDTDForbidden
        }
    }
}
