import Foundation
import Testing

/// Officer review 6, read as the signing finance officer reads the package.
@Suite(.serialized) struct OfficerReview6Tests {
    /// The 自评表's 等次 prints one way in every form: its own row, label 等次 then the grade,
    /// below 合计 — as the ippe sheet always had it. The mof CSV put a bare “优” under the
    /// 偏差原因分析及改进措施 column of the 合计 row while the DOCX printed “等次：优” there; neither
    /// seed form has a grade cell (seed 002's 附件1 ends with its 满意度 row and says the grade only in
    /// its text: “总得分100分，属于"优秀"”), and a grade is not a 偏差原因.
    /// Expected grades: seed 002 total 100 ≥ 90 → 优; ippe demo 19.2 + 19 + 27.5 + 27.5 = 93.2 → 优.
    @Test(arguments: ["zhongdian-jiuzhu-2021", "ippe-demo"])
    func gradeIsItsOwnRowInCSVAndEveryDocx(_ example: String) throws {
        let out = try PackageTests.generate(example)
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        let csvName = try #require(names.first { $0.hasPrefix("项目支出绩效自评表-") && $0.hasSuffix(".csv") })
        let rows = try PackageTests.csvRows(out.appendingPathComponent(csvName))
        let total = try #require(rows.firstIndex { $0.first == "合计" })
        #expect(!rows[total].contains("优"), "\(rows[total])")
        #expect(rows[total + 1].filter { !$0.isEmpty } == ["等次", "优"], "\(rows[total + 1])")
        for name in names where name.hasSuffix(".docx") && name.hasPrefix("项目支出绩效自评") && !name.contains("汇总表") {
            let docRows = try FormFiguresTests.tables(out.appendingPathComponent(name)).flatMap { $0 }
            #expect(!docRows.joined().contains { $0.contains("等次：") }, "\(name)")
            let heJi = try #require(docRows.firstIndex { $0.first { !$0.isEmpty } == "合计" }, "\(name)")
            #expect(docRows[heJi + 1].filter { !$0.isEmpty } == ["等次", "优"], "\(name): \(docRows[heJi + 1])")
        }
    }
}
