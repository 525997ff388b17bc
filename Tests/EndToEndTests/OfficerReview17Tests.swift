import Foundation
import Testing

/// Officer review 17, through the built binary: a space typed beside a full-width mark
/// (seed 002's “培训 ；进一步”, “研究 ， 形成”, seed 000's “的通知 （盐边委发”, seed 004's “支出。 210159”,
/// copied with the seeds' text, the first two as Word's no-break spaces) printed as a gap in a
/// justified line that LibreOffice widened further. `validate` names each such value (W-DEF-040);
/// a space between two Han characters (issuing bodies side by side) and one beside a tag are left
/// alone. The examples hold none now.
@Suite(.serialized) struct OfficerReview17EndToEndTests {
    @Test func spacesBesideFullWidthMarksAreWarnedAbout() throws {
        let warnings = try OfficerReview16Tests.validated(
            firstText: "对各股室进行辅导和培训\u{00A0}；进一步加强理论研究 ， 形成理论和实践互为促进的良好局面。",
            addedText: "四川省医疗保障局 四川省财政厅印发，到位 {{资金:县区级.到位数}} 万元。", code: "W-DEF-040")
        #expect(warnings.count == 1, "\(warnings)")
        #expect(warnings.first.map { $0.contains("body[0].text") && $0.contains("和培训 ；进一步") } == true, "\(warnings)")
    }
}
