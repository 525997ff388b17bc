import Foundation
import JSONValue
import ReportKit
import Templating
import Testing

/// The contract table says what ReportKit builds: the samples in templates/samples (the
/// worked contexts) hold exactly the contract's paths, and no Chinese name means two paths.
@Suite struct TemplateContractTableTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Contract-style paths of a JSON value (`indicators[].name`), leaves and containers.
    static func paths(_ value: JSONValue, _ prefix: String, into out: inout Set<String>) {
        switch value {
        case .object(let object):
            if !prefix.isEmpty { out.insert(prefix) }
            for member in object where !member.key.hasPrefix("_") {
                paths(member.value, prefix.isEmpty ? member.key : prefix + "." + member.key, into: &out)
            }
        case .array(let items):
            out.insert(prefix)
            // An outline is free-form below its first level.
            if prefix.hasSuffix("body") { return }
            for item in items { paths(item, prefix + "[]", into: &out) }
            out.remove(prefix + "[]")
        default:
            out.insert(prefix)
        }
    }

    @Test(arguments: [("project-report-mof", TemplateContract.Kind.project), ("project-report-ippe", .project),
                      ("project-report-none", .sheet), ("target-self-evaluation", .target), ("summary", .summary)])
    func samplesHoldExactlyTheContract(sample: String, kind: TemplateContract.Kind) throws {
        let bytes = Array(try Data(contentsOf: Self.root.appendingPathComponent("templates/samples/\(sample).json")))
        var found: Set<String> = []
        Self.paths(try JSONParser.parse(bytes).root, "", into: &found)
        let contract = Set(TemplateContract.contract(kind).fields.map(\.path))
        // A sample may leave a list empty (no evaluators): its item fields are then not in it.
        let missing = contract.subtracting(found).filter { path in
            !path.contains("[]") && !path.hasPrefix("funds.levels")
        }
        #expect(missing.isEmpty, "contract paths absent from \(sample): \(missing.sorted())")
        #expect(found.subtracting(contract).isEmpty, "sample paths the contract lacks: \(found.subtracting(contract).sorted())")
    }

    @Test(arguments: TemplateContract.Kind.allCases)
    func eachChineseNameIsOneAlias(kind: TemplateContract.Kind) {
        var targets: [String: Set<String>] = [:]
        for field in TemplateContract.contract(kind).fields where field.isAlias && !field.chinese.isEmpty {
            targets[field.chinese, default: []].insert(field.itemRelativePath)
        }
        let clashes = targets.filter { $0.value.count > 1 }
        #expect(clashes.isEmpty, "\(clashes)")
    }

    @Test func theNineteenFirstAliasesStay() {
        let aliases = TemplateContract.contract(.project).aliases
        let expected = ["年度": "year", "单位名称": "unit.name", "项目名称": "project.name", "实施单位": "project.implementer",
                        "年初预算数": "funds.total.initialBudget", "预算执行率": "funds.total.executionRate",
                        "自评得分": "sheet.total", "等次": "sheet.grade", "填报日期": "filledOnText", "填报人": "contact.name",
                        "联系电话": "contact.phone", "报告标题": "project.title", "主管部门": "project.department",
                        "主管部门及代码": "project.departmentLabel", "全年预算数": "funds.total.annualBudget",
                        "到位数": "funds.total.received", "执行数": "funds.total.executed", "预期目标": "goals.annual",
                        "实际完成情况": "goals.achieved", "三级指标": "name", "分值": "weight", "得分": "score", "偏差原因": "deviation"]
        for (alias, path) in expected { #expect(aliases[alias] == path, "\(alias)") }
    }
}

extension TemplateContractTableTests {
    /// The staff guide lists every field of the contract (it is generated from
    /// `template fields --for`; regenerate it when the table changes).
    @Test(arguments: [TemplateContract.Kind.project, .summary])
    func theGuideListsEveryField(kind: TemplateContract.Kind) throws {
        let guide = try String(contentsOf: Self.root.appendingPathComponent("docs/模板维护指南.md"), encoding: .utf8)
        for field in TemplateContract.contract(kind).fields where field.kind != .object {
            #expect(guide.contains("| \(field.chinese)") && guide.contains("`\(field.path)`"), "\(field.path) missing from the guide")
        }
    }
}
