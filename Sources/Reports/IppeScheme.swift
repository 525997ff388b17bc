import Foundation

/// The fixed sub-items of the `ippe` scheme (投入/过程/产出/效果, 20/20/30/30).
public enum IppeScheme {
    public struct Item: Sendable, Equatable {
        public var level1: String
        public var level2: String
        public var name: String
        public var weight: Decimal
        /// `二级指标/三级指标`, the key in `ippeScores`.
        public var key: String { level2 + "/" + name }
    }

    public static let level1Names = ["投入", "过程", "产出", "效果"]

    public static let items: [Item] = {
        let table: [(String, String, [(String, Decimal)])] = [
            ("投入", "项目目标", [("项目立项规范性", 3), ("绩效目标合理性", 4), ("绩效指标明确性", 4)]),
            ("投入", "资金落实", [("资金到位率", 3), ("到位及时率", 3), ("预算执行率", 3)]),
            ("过程", "业务管理", [("管理制度健全性", 3), ("制度执行有效性", 3), ("项目质量可控性", 4)]),
            ("过程", "财务管理", [("管理制度健全性", 3), ("资金使用合规性", 3), ("财务监控有效性", 4)]),
            ("产出", "项目产出", [("实际完成率", 8), ("完成及时率", 7), ("质量达标率", 8), ("成本节约率", 7)]),
            ("效果", "项目效果", [("经济效益", 5), ("社会效益", 5), ("生态效益", 5), ("可持续影响", 5),
                               ("社会公众或服务对象满意度", 10)]),
        ]
        return table.flatMap { level1, level2, items in
            items.map { Item(level1: level1, level2: level2, name: $0.0, weight: $0.1) }
        }
    }()

    public static let fundsInPlaceKey = "资金落实/资金到位率"
    public static let budgetExecutionKey = "资金落实/预算执行率"
    /// How the two computed rates divide, printed after their names (预算执行率（执行数÷到位数）):
    /// the ippe 预算执行率 divides by 到位数, unlike the fund table's and the 汇总表's 预算执行率
    /// (执行数÷全年预算数) of the same project, and the reader must see which one a figure is.
    public static let formulas = [fundsInPlaceKey: "到位数÷全年预算数", budgetExecutionKey: "执行数÷到位数"]

    /// A sub-item's name as the forms print it: a computed rate carries its formula.
    public static func printedName(level2: String, name: String) -> String {
        formulas[level2 + "/" + name].map { name + "（" + $0 + "）" } ?? name
    }

    /// Computed from the funds unless given.
    public static let computedKeys: Set<String> = [fundsInPlaceKey, budgetExecutionKey]
}
