import Foundation
import JSONValue

// The definition model (docs/数据格式.md §1–§2, with the extensions it marks). Decoded from a
// `JSONValue` by `DefinitionDecoder` (which reports every problem with its path) — the one way a
// user's file becomes a model, and the only decoder: the model is not Codable. `validate --json`
// writes its own summary types (`ValidationSummary`), and the private project record of unchanged
// files (`ProjectIndex`) keeps only a slim project in its own line format (`ProjectRecord`).

public enum ScoringScheme: String, Sendable, CaseIterable {
    /// 财预〔2020〕10号: budget execution + indicators weighted to 100.
    case mof2020 = "mof-2020"
    /// 投入/过程/产出/效果 with fixed sub-items (`IppeScheme`).
    case ippe
    /// Indicators listed without 分值/得分/等次.
    case none
}

public enum FundLevel: String, Sendable, CaseIterable {
    case central = "中央级"
    case provincial = "省级"
    case municipal = "市级"
    case county = "县区级"
}

public enum MoneyUnit: String, Sendable, CaseIterable {
    case wanYuan = "万元"
    case yuan = "元"
}

public enum Direction: String, Sendable, CaseIterable {
    case higher, lower, equal
}

public enum Grade: String, Sendable, CaseIterable {
    case excellent = "优"
    case good = "良"
    case fair = "中"
    case poor = "差"
}

public enum TableKind: String, Sendable, CaseIterable {
    case funds
    case fundsSummary = "funds-summary"
    case indicators
    case scoresheet
}

public struct UnitInfo: Sendable, Equatable {
    public var name: String
    public var shortName: String?
    public var code: String?
    /// The unit's seal picture (PNG/JPEG) as written: relative to the package file, for `{{%unit.seal}}`.
    public var seal: String? = nil
}

public struct Period: Sendable, Equatable {
    public var from: String
    public var to: String
}

public struct Fund: Sendable, Equatable {
    public var source: String
    public var level: FundLevel?
    public var initialBudget: FormNumber?
    /// Optional for scheme `none` (seed 000 prints only some amounts); required when scored.
    public var annualBudget: FormNumber?
    public var received: FormNumber?
    public var executed: FormNumber?
    public var unit: MoneyUnit?

    /// A line the user wrote as a total (`"source": "合计"`): checked, never summed.
    public var isGivenTotal: Bool { Fund.totalSourceNames.contains(source) }
    static let totalSourceNames: Set<String> = ["合计", "总计", "小计", "年度总金额"]
}

public struct Goals: Sendable, Equatable {
    public var period: String?
    public var annual: String?
    public var achieved: String?
}

public struct BudgetExecution: Sendable, Equatable {
    public var weight: FormNumber
    /// 年度指标值 printed in the row; `100%` when absent.
    public var target: String?
    public var score: FormNumber?
    public var deviation: String?
}

public struct Indicator: Sendable, Equatable {
    public var level1: String
    public var level2: String
    public var name: String
    public var weight: FormNumber?
    public var target: String
    public var actual: String
    public var direction: Direction?
    public var score: FormNumber?
    public var deviation: String?
    /// Unit for bare numbers in `target`/`actual` (`"2249"` with `"unit": "人"`).
    public var unit: String?
}

public struct Evaluator: Sendable, Equatable {
    public var name: String
    public var title: String?
    public var office: String?
    public var phone: String?
}

/// A pass-through JSON value (charts, final accounts) that keeps number literals when re-encoded.
public struct AnyJSON: Sendable, Equatable {
    public var value: JSONValue
    public init(_ value: JSONValue) { self.value = value }
}

/// One node of a report outline. Numbering is generated from the depth, never typed.
public struct BodyNode: Sendable, Equatable {
    public var heading: String?
    /// A numbered paragraph: numbered at its depth in the same sequence as sibling headings,
    /// printed as body text (number + text in one paragraph). Exclusive with `heading`.
    public var item: String?
    /// Paragraphs separated by `\n`.
    public var text: String?
    public var table: TableKind?
    /// With `table: "indicators"`: only the indicators of this 一级指标 (seed 002 prints
    /// 产出/效益/满意度 as separate tables).
    public var level1: String?
    public var chart: AnyJSON?
    public var children: [BodyNode]?
    /// How `children` are numbered when the form skips outline levels (seed 004 numbers the
    /// items under （一）主要职能 （1）（2）…, and 名词解释 directly 1. 2. …): their numbers
    /// take this style, and the levels below them follow on from it.
    public var numbering: String?

    /// The outline's number styles, level 1 to 5 (what `numbering` may name).
    public static let numberingStyles = ["一、", "（一）", "1.", "（1）", "①"]
}

/// An ordered list of `key: number` pairs (ippeScores, subtotals), kept in document order.
public struct ScoreEntries: Sendable, Equatable {
    public var entries: [(key: String, value: FormNumber)]
    public init(_ entries: [(key: String, value: FormNumber)] = []) { self.entries = entries }
    public subscript(key: String) -> FormNumber? { entries.first { $0.key == key }?.value }

    public static func == (a: ScoreEntries, b: ScoreEntries) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

public struct ProjectDefinition: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Year of the report; inherited from the package when absent.
    public var year: Int?
    public var unit: String?
    public var department: String?
    /// 主管部门代码, printed as `攀枝花市医疗保障局（512001）`.
    public var departmentCode: String?
    public var implementer: String?
    public var kind: String?
    /// The report's title line when the form uses a non-default one.
    public var title: String?
    public var period: Period?
    public var scoring: ScoringScheme
    public var funds: [Fund]
    public var goals: Goals?
    public var budgetExecution: BudgetExecution?
    public var indicators: [Indicator]
    /// `ippe` scores keyed `二级指标/三级指标`.
    public var ippeScores: ScoreEntries?
    /// Subtotals as the user's form prints them, checked against the computed ones.
    public var subtotals: ScoreEntries?
    /// Total score as the user's form prints it, checked against the computed one.
    public var totalScore: FormNumber?
    /// Grade as the user's form prints it, checked against the computed one.
    public var grade: Grade?
    /// Attach the 特定目标类部门预算项目绩效目标自评 form.
    public var targetSelfEvaluation: Bool?
    /// The 特定目标类 form's title when the form words it differently
    /// (seed 004: `2021年50万元以上（含）特定目标类部门预算项目绩效目标自评`).
    public var targetFormTitle: String?
    public var body: [BodyNode]
    public var evaluators: [Evaluator]
    public var filledOn: String?
}

public struct DepartmentReport: Sendable, Equatable {
    public var title: String?
    public var body: [BodyNode]
    /// 部门整体绩效 scored like a project (funds, budget execution, indicators, scheme, given
    /// total/grade checked) when the file gives `scoring` or `indicators`; its id is `department`.
    public var assessment: ProjectDefinition?
}

public struct TemplateOverrides: Sendable, Equatable {
    public var project: String?
    public var department: String?
    public var finalAccounts: String?
}

/// An item of the package's `projects` list as written.
public enum ProjectReference: Sendable, Equatable {
    case inline(ProjectDefinition)
    /// A path or glob relative to the package file.
    case file(String)
}

/// A value that is either written inline or kept in a file next to the package.
public enum Embedded<Value: Sendable & Equatable>: Sendable, Equatable {
    case inline(Value)
    case file(String)
}

public struct PackageDefinition: Sendable, Equatable {
    public var format: String
    public var year: Int
    public var unit: UnitInfo
    public var finalAccounts: Embedded<AnyJSON>?
    public var department: Embedded<DepartmentReport>?
    public var projects: [ProjectReference]
    public var templates: TemplateOverrides?

    public static let currentFormat = "reportgen/1"
}
