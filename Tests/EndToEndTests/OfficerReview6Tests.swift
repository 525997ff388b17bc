import Foundation
import Testing

/// Officer review 6, read as the signing finance officer reads the package.
@Suite(.serialized) struct OfficerReview6Tests {
    /// Where the 自评表 prints its 等次. No seed form has a grade cell (seed 002's 附件1 ends with
    /// its 满意度 row and says the grade only in its text: “总得分100分，属于"优秀"”), so the forms
    /// follow the contract (DEFINITION §4): the mof-2020 CSV's last row is 合计 with the grade in
    /// its last cell, read by outside checks; the DOCX labels that cell “等次：优” for its reader.
    /// The ippe sheet has its own 等次 row in both. Expected grades: seed 002 total 100 ≥ 90 → 优;
    /// ippe demo 19.2 + 19 + 27.5 + 27.5 = 93.2 → 优.
    @Test(arguments: ["zhongdian-jiuzhu-2021", "ippe-demo"])
    func gradeSitsWhereTheContractPutsIt(_ example: String) throws {
        let out = try PackageTests.generate(example)
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        let csvName = try #require(names.first { $0.hasPrefix("项目支出绩效自评表-") && $0.hasSuffix(".csv") })
        let rows = try PackageTests.csvRows(out.appendingPathComponent(csvName))
        let total = try #require(rows.firstIndex { $0.first == "合计" })
        let ippe = example == "ippe-demo"
        if ippe {
            #expect(rows[total + 1].filter { !$0.isEmpty } == ["等次", "优"], "\(rows[total + 1])")
        } else {
            #expect(total == rows.count - 1, "合计 is the CSV's last row")
            #expect(rows[total].last == "优", "\(rows[total])")
        }
        for name in names where name.hasSuffix(".docx") && name.hasPrefix("项目支出绩效自评") && !name.contains("汇总表") {
            let docRows = try FormFiguresTests.tables(out.appendingPathComponent(name)).flatMap { $0 }
            let heJi = try #require(docRows.firstIndex { $0.first { !$0.isEmpty } == "合计" }, "\(name)")
            if ippe {
                #expect(docRows[heJi + 1].filter { !$0.isEmpty } == ["等次", "优"], "\(name): \(docRows[heJi + 1])")
            } else {
                #expect(docRows[heJi].last == "等次：优", "\(name): \(docRows[heJi])")
            }
        }
    }
}
