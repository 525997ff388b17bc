import Foundation
import Testing
@testable import Reports

/// Officer review 7: a figure the package computes is not typed a second time in the 部门整体
/// report. Seed 004's 附件1 says the same balance twice — 三、（一）“信息化建设项目合同款应付未付
/// 131.87万元” and 四、（二）“应付未付合同款项合计131.87万元” — (166.98 − 50.094) + (149.88 − 134.892)
/// = 131.874 → 131.87. The first was a tag, the second typed: changing a project's 执行数 would
/// have left the two sentences disagreeing.
@Suite struct DepartmentTypedFigureTests {
    static let example = FinalAccountsSeedTests.root.appendingPathComponent("examples/panzhihua-2021")

    @Test func balanceOfTheTwoSystemProjectsIsATagInBothSentences() throws {
        let package = try PackageLoader.load(path: Self.example.appendingPathComponent("package.json").path)
        var texts: [String] = []
        func walk(_ nodes: [BodyNode]) { for n in nodes { texts += [n.text, n.item, n.heading].compactMap { $0 }; walk(n.children ?? []) } }
        walk(try #require(package.department).body)
        let all = texts.joined(separator: "\n")
        #expect(all.contains("信息化建设项目合同款应付未付131.87万元"))
        #expect(all.contains("应付未付合同款项合计131.87万元"))
        let typed = try String(contentsOf: Self.example.appendingPathComponent("department.json"), encoding: .utf8)
        #expect(!typed.contains("131.87万元"), "the balance is typed in department.json instead of {{项目:….结余}}")
    }
}
