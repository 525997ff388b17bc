import Testing
import OOXML

/// Zip entry names a package must never write or read: each kind of unsafe name is named.
@Suite struct EntryNameTests {
    @Test func unsafeNamesSayWhy() {
        #expect(ZipArchive.unsafeNameReason("") == "名称为空")
        #expect(ZipArchive.unsafeNameReason("/etc/passwd") == "绝对路径")
        #expect(ZipArchive.unsafeNameReason("word\\document.xml") == "含有反斜杠")
        #expect(ZipArchive.unsafeNameReason("C:word/document.xml") == "含有盘符")
        #expect(ZipArchive.unsafeNameReason("word/docu\u{7}ment.xml") == "含有控制字符")
        #expect(ZipArchive.unsafeNameReason("word/\u{7F}.xml") == "含有控制字符")
        #expect(ZipArchive.unsafeNameReason("word/../../x.xml") == "含有“..”路径段")
        #expect(ZipArchive.unsafeNameReason("..") == "含有“..”路径段")
    }

    @Test func ordinaryNamesPass() {
        for name in ["word/document.xml", "word/media/图片1.png", "customXml/item1.xml", "a..b/c.xml", "word/.rels/x", "我:文件.xml"] {
            #expect(ZipArchive.unsafeNameReason(name) == nil, "\(name)")
        }
    }
}
