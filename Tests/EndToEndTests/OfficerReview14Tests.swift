import Foundation
import OOXML
import Testing

/// Officer review 14: the four examples' documents read as the signing officer reads them.
@Suite(.serialized) struct OfficerReview14Tests {
    /// The body paragraphs (outside tables) of a document: their text, and whether one of their
    /// runs is set wider (`w:spacing` with a positive value: the line `ProseLines` widened).
    static func paragraphs(_ docx: URL) throws -> [(text: String, widened: Bool)] {
        let package = try DocxPackage(path: docx.path)
        let root = try package.xml(package.mainDocumentPartName).root
        let body = try #require(OfficerReview4Tests.child(root, "body"))
        return body.elements.filter { $0.is(Namespace.w, "p") }.map { p in
            let widened = p.elements.contains { r in
                guard r.is(Namespace.w, "r"), let rPr = r.elements.first(where: { $0.is(Namespace.w, "rPr") }) else { return false }
                return rPr.elements.contains { $0.is(Namespace.w, "spacing") && (Int($0.attribute("w:val") ?? "") ?? 0) > 0 }
            }
            return (OfficerReview4Tests.text(p), widened)
        }
    }

    /// Body paragraphs that printed their last character alone before this review (“…财政预算资”
    /// over “金。”, “…财务未独立核” over “算。”, “…高效的服” over “务。”, “…小程” over “序。”, “…住院
    /// 医疗” over “费。”, “…负责兜” over “底。”, “…社会保障” over “卡。”, “…使用效益最大” over “化。”,
    /// “…意识不够” over “强。”), and the two with figures the estimate was not sure of until officer
    /// review 15 measured the space LibreOffice puts beside a figure (“…预期绩效目” over “标。”,
    /// “…特殊困难户 656” over “人。”).
    /// Seed 002's “……各股室对 强化绩效的意识不够强。” was one of them; without its stray no-break space
    /// (officer review 18) it fills its last line exactly and needs no widening.
    static let mended = ["财政预算资金。", "财务未独立核算。", "高效的服务。", "便捷的服务。", "智慧医保”小程序。", "住院医疗费。",
                         "县级财政负责兜底。", "本人社会保障卡。", "使用效益最大化。", "达到了预期绩效目标。", "特殊困难户656人。"]

    /// A body paragraph printed its last character alone with its 。 (LibreOffice fills prose
    /// lines itself). Now the paragraph's last but one line is set a few twips wider and gives a
    /// character down: no paragraph of the examples' reports and documents prints one character
    /// alone, and those the officers found that still need it are widened.
    @Test(.enabled(if: PrintedLayoutTests.canRead, "LibreOffice 或 poppler-utils 未安装"), .timeLimit(.minutes(10)))
    func noParagraphEndsWithOneCharacterAlone() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var documents: [URL] = []
        var bodies: [String: [(text: String, widened: Bool)]] = [:]
        for example in PackageTests.examples {
            let out = try PackageTests.generate(example)
            for name in try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            where name.hasSuffix(".docx") && (name.hasPrefix("项目支出绩效自评报告") || name.hasPrefix("部门")) {
                let copy = dir.appendingPathComponent("\(example)-\(name)")
                try FileManager.default.copyItem(at: out.appendingPathComponent(name), to: copy)
                documents.append(copy)
                bodies[copy.deletingPathExtension().lastPathComponent] = try Self.paragraphs(copy)
            }
        }
        #expect(documents.count == 9 + 8 + 1 + 1)
        var widened = Set<String>(), alone = Set<String>()
        for pdf in try OfficerReview5Tests.convert(documents, into: dir) {
            let name = pdf.deletingPathExtension().lastPathComponent
            // Prose only: the 落款 breaks its lines itself.
            let paragraphs = (bodies[name] ?? []).filter { $0.text.unicodeScalars.count > 2 && !$0.text.contains("\n") }
            let last = Self.lastLines(of: paragraphs.map(\.text), in: try OfficerReview11Tests.rawLines(pdf))
            let missing = zip(paragraphs, last).filter { $0.1 == nil }.map(\.0.text)
            #expect(missing.isEmpty, "\(name): not found in print: \(missing)")
            for (paragraph, line) in zip(paragraphs, last) {
                let endsAlone = line.map(OfficerReview13Tests.isLoneCharacter) ?? false
                if paragraph.widened { widened.insert(paragraph.text) }
                if endsAlone { alone.insert(paragraph.text) }
                #expect(!(endsAlone && paragraph.widened), "\(name): widened, yet ends alone: \(paragraph.text)")
            }
        }
        for suffix in Self.mended {
            #expect(widened.contains { $0.hasSuffix(suffix) }, "not widened: …\(suffix)")
        }
        #expect(alone.isEmpty, "\(alone)")
    }

    /// The last printed line of each paragraph (nil where it is not found), the paragraphs in
    /// their order in `lines` (`pdftotext -raw`), spaces (LibreOffice's between Han and digits,
    /// the seeds' own) and page numbers left out.
    static func lastLines(of paragraphs: [String], in lines: [String]) -> [String?] {
        func squeezed(_ text: String) -> String { String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init)) }
        let printed = lines.map(squeezed)
            .filter { !$0.isEmpty && $0.range(of: #"^—\d+—$"#, options: .regularExpression) == nil }
        var at = 0
        return paragraphs.map { paragraph in
            let text = squeezed(paragraph)
            var start = at
            while start < printed.count {
                var joined = "", end = start
                while end < printed.count, joined.count < text.count, text.hasPrefix(joined + printed[end]) {
                    joined += printed[end]
                    end += 1
                }
                if joined == text, end > start {
                    at = end
                    return printed[end - 1]
                }
                start += 1
            }
            return nil
        }
    }
}
