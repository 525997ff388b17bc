import Foundation

/// What the package-wide passes read of every project — the uniqueness check (id, name), the
/// file names and the manifest (stem, flags, printed total and grade), the 汇总表's row
/// (units, the funds' totals, the score) and the chart check (the problems found while the
/// project was whole) — as the first part of a project's record (`ProjectRecord`), so that
/// `ProjectList.brief(_:)` reads these few fields without decoding the whole slim project
/// (issue 12: each such pass decoding 10 000 projects was about a twentieth of a
/// `project --id` run).
///
/// Held as the project's own values, not as printed text: each pass derives what it prints
/// from them as it did from the project, so there is one rule per figure.
public struct ProjectBrief: Sendable, Equatable {
    public var id: String
    public var name: String
    /// The project file's display name (`LoadedProject.file`).
    public var file: String
    public var department: String?
    public var implementer: String?
    public var targetSelfEvaluation: Bool?
    public var appendix: Appendix
    public var annualBudget: FormNumber?
    public var executed: FormNumber?
    public var executionRate: Decimal?
    /// The sheet's totals only (no rows).
    public var scoresheet: Scoresheet?
    /// `LoadedProject.checkedProblems`.
    public var checkedProblems: [DefinitionProblem]

    public init(_ project: LoadedProject) {
        id = project.definition.id
        name = project.definition.name
        file = project.file
        department = project.department
        implementer = project.implementer
        targetSelfEvaluation = project.definition.targetSelfEvaluation
        appendix = project.evaluation.appendix
        let total = project.evaluation.funds.total
        annualBudget = total.annualBudget
        executed = total.executed
        executionRate = total.executionRate
        scoresheet = project.evaluation.scoresheet.map {
            Scoresheet(scheme: $0.scheme, rows: [], subtotals: [], totalWeight: $0.totalWeight, total: $0.total, grade: $0.grade)
        }
        checkedProblems = project.checkedProblems
    }

    init(id: String, name: String, file: String, department: String?, implementer: String?, targetSelfEvaluation: Bool?, appendix: Appendix,
         annualBudget: FormNumber?, executed: FormNumber?, executionRate: Decimal?, scoresheet: Scoresheet?,
         checkedProblems: [DefinitionProblem]) {
        self.id = id
        self.name = name
        self.file = file
        self.department = department
        self.implementer = implementer
        self.targetSelfEvaluation = targetSelfEvaluation
        self.appendix = appendix
        self.annualBudget = annualBudget
        self.executed = executed
        self.executionRate = executionRate
        self.scoresheet = scoresheet
        self.checkedProblems = checkedProblems
    }

    /// The project's total score and grade as the 汇总表 and the manifest know them.
    public var total: Decimal? { scoresheet?.total }
    public var grade: Grade? { scoresheet?.grade }

    /// Its length first, so that a pass copying a brief (`ProjectList`'s compact entry) does not
    /// walk it; then the fields in this order: the uniqueness keys and the chart check's problems
    /// first, so that those passes stop reading there (`ProjectList.key`,
    /// `ProjectList.checkedProblems`).
    func write(_ w: inout ProjectRecord.Writer) {
        var fields = ProjectRecord.Writer()
        fields.text(id)
        fields.text(name)
        fields.problems(checkedProblems)
        fields.text(file)
        fields.optional(department)
        fields.optional(implementer)
        fields.optionalBool(targetSelfEvaluation)
        fields.bool(appendix.funds)
        fields.bool(appendix.sheet)
        fields.bool(appendix.target)
        fields.bool(appendix.sheetFile)
        fields.number(annualBudget)
        fields.number(executed)
        fields.optionalDecimal(executionRate)
        fields.bool(scoresheet != nil)
        if let sheet = scoresheet {
            fields.text(sheet.scheme.rawValue)
            fields.decimal(sheet.totalWeight)
            fields.decimal(sheet.total)
            fields.text(sheet.grade.rawValue)
        }
        w.varint(UInt64(fields.bytes.count))
        w.bytes += fields.bytes
    }

    /// The bytes of the brief at `r` (its length and fields), skipped; nil (and `r.failed`) when
    /// they are not in place.
    static func skip(_ r: inout ProjectRecord.Reader) -> Range<Int>? {
        let start = r.offset
        guard let length = r.varint(), r.skip(length) != nil else { return nil }
        return start..<r.offset
    }

    /// What `write` wrote; nil (and `r.failed`) when the fields are not in place.
    static func read(_ r: inout ProjectRecord.Reader) -> ProjectBrief? {
        guard let length = r.varint() else { return nil }
        let end = r.offset + Int(clamping: length)
        guard let brief = readFields(&r), r.offset == end else { return nil }
        return brief
    }

    /// The fields after the length (`ProjectList` reads them from there: its entries' briefs are
    /// read in part).
    static func readFields(_ r: inout ProjectRecord.Reader) -> ProjectBrief? {
        let id = r.text(), name = r.text()
        let checked = r.problems()
        let file = r.text()
        let department = r.optional(), implementer = r.optional()
        let target = r.optionalBool()
        let appendix = Appendix(funds: r.bool(), sheet: r.bool(), target: r.bool(), sheetFile: r.bool())
        let annualBudget = r.number(), executed = r.number()
        let rate = r.optionalDecimal()
        var scoresheet: Scoresheet?
        if r.bool() {
            let scheme = r.raw(ScoringScheme.self)
            let weight = r.decimal(), score = r.decimal()
            guard let scheme, let grade = r.raw(Grade.self) else { return nil }
            scoresheet = Scoresheet(scheme: scheme, rows: [], subtotals: [], totalWeight: weight, total: score, grade: grade)
        }
        guard !r.failed else { return nil }
        return ProjectBrief(id: id, name: name, file: file, department: department, implementer: implementer, targetSelfEvaluation: target,
                            appendix: appendix, annualBudget: annualBudget, executed: executed, executionRate: rate,
                            scoresheet: scoresheet, checkedProblems: checked)
    }
}
