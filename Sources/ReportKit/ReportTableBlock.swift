import JSONValue
import OOXML
import Reports
import Templating

/// The `table` block: the fund and indicator tables an outline node asks for with
/// `"table": "<kind>"` (or a template with `{{> table:<kind>}}`), built from the project
/// context of docs/template-context.md in the shapes of the default templates' own tables.
///
/// Kinds:
/// - `funds-summary`: 资金情况 | 计划数 | 到位数 | 使用数, one row 金额（万元）.
/// - `funds`: the 预算执行情况 form (rows (1)…(7), columns 年度总金额, 财政资金 by level,
///   上年结转资金, 其他资金) with a two-row merged header.
/// - `indicators`, `scoresheet`: the 自评表 of the project's scheme. A node may carry
///   `"level1": "产出指标"` (or the tag `| level1:"产出指标"`) to print only that category,
///   as seed 002 splits its indicators into one small table per 一级指标.
///
/// Text goes through the template's paragraph styles `TableHeader`, `TableText` and
/// `TableTextLeft` when the template has them, so restyling the template restyles the tables.
public struct ReportTableBlock: BlockGenerator {
    /// The kinds are the model's own (`BodyNode.table`), so a kind the loader accepts is one
    /// the block draws.
    public typealias Kind = TableKind

    /// Text width of the default templates: A4 (11906) less 1587 + 1474 twips of margins.
    public static let defaultWidth = 8845
    /// The `width` option's accepted range in twips (a column of a few cm up to A3 landscape).
    static let widthRange = 2000...31680

    public init() {}

    static var kindList: String { Kind.allCases.map(\.rawValue).joined(separator: "、") }

    public func validate(_ context: BlockContext) -> String? {
        if Kind(rawValue: context.argument) == nil {
            return "未知的表格类型 “\(context.argument)”（可用：\(Self.kindList)）"
        }
        if let problem = Self.widthProblem(context) { return problem }
        return nil
    }

    public func styles(_ context: BlockContext) -> [BlockStyle] { TableWriter.blockStyles }

    static func widthProblem(_ context: BlockContext) -> String? {
        guard let values = context.option("width") else { return nil }
        guard values.count == 1, let width = Int(values[0]), widthRange.contains(width) else {
            return "width 应为表格宽度（缇，\(widthRange.lowerBound)–\(widthRange.upperBound) 之间的整数），例如 width:\"8845\""
        }
        return nil
    }

    public func render(_ context: BlockContext, scope: BlockScope, into out: inout XMLOutput) throws(FilterFailure) {
        guard let kind = Kind(rawValue: context.argument) else {
            throw FilterFailure("未知的表格类型 “\(context.argument)”（可用：\(Self.kindList)）")
        }
        if let problem = Self.widthProblem(context) { throw FilterFailure(problem) }
        let width = context.option("width").flatMap { $0.first }.flatMap { Int($0) } ?? Self.defaultWidth

        var level1Filter: String?
        if case .object(let node)? = context.node, let value = node["level1"] {
            guard case .string(let text) = value else {
                throw FilterFailure("表格 “\(kind.rawValue)” 的 level1 应为一级指标名称（文字），实际为 \(ValueText.describe(value))")
            }
            level1Filter = text
        } else if let values = context.option("level1"), let first = values.first {
            level1Filter = first
        }

        // `reportgen package` renders with the project's typed figures; plain JSON (`render`,
        // template previews) is read by key at this one edge.
        let tables: [TableSpec]
        if let forms = scope.payload as? ProjectForms {
            var data = FormsTableSource(forms: forms, missing: scope.missing)
            tables = try Self.tables(kind: kind, level1: level1Filter, data: &data)
        } else {
            var data = ContextReader(scope: scope)
            tables = try Self.tables(kind: kind, level1: level1Filter, data: &data)
        }
        let writer = TableWriter(styles: context.styles, width: width)
        for table in tables {
            writer.write(table, into: &out)
        }
    }

    static func tables<Data: TableSource>(kind: Kind, level1: String?, data: inout Data) throws(FilterFailure) -> [TableSpec] {
        let tables: [TableSpec]
        switch kind {
        case .fundsSummary: tables = [Self.fundsSummary(&data)]
        case .funds: tables = [Self.funds(&data)]
        case .indicators, .scoresheet:
            tables = Self.indicatorTables(kind: kind, level1: level1, data: &data)
        }
        if let problem = data.problem(table: kind.rawValue) { throw FilterFailure(problem) }
        return tables
    }
}
