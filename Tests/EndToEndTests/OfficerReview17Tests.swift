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
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let copy = work.appendingPathComponent("pkg")
        try FileManager.default.copyItem(at: ReliabilityReview3Tests.zhongdian, to: copy)
        let projectFile = copy.appendingPathComponent("projects/zhongdian-jiuzhu.json")
        var project = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: projectFile)) as? [String: Any])
        var body = try #require(project["body"] as? [[String: Any]])
        body[0]["text"] = "对各股室进行辅导和培训\u{00A0}；进一步加强理论研究 ， 形成理论和实践互为促进的良好局面。"
        body.append(["heading": "其他", "text": "四川省医疗保障局 四川省财政厅印发，到位 {{资金:县区级.到位数}} 万元。"])
        project["body"] = body
        try JSONSerialization.data(withJSONObject: project).write(to: projectFile)
        let run = try EndToEnd.reportgen(["validate", copy.appendingPathComponent("package.json").path])
        #expect(run.status == 0, "\(run.stderr)")
        let warnings = run.stderr.split(separator: "\n").filter { $0.contains("W-DEF-040") }
        #expect(warnings.count == 1, "\(run.stderr)")
        #expect(warnings.first.map { $0.contains("body[0].text") && $0.contains("和培训 ；进一步") } == true, "\(warnings)")

        for example in ["yanbian-2021", "panzhihua-2021", "zhongdian-jiuzhu-2021", "ippe-demo"] {
            let check = try EndToEnd.reportgen(["validate", EndToEnd.packageRoot.appendingPathComponent("examples/\(example)/package.json").path])
            #expect(!check.stderr.contains("W-DEF-040"), "\(example): \(check.stderr)")
        }
    }
}
