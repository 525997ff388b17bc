/// The standard sections of a 部门决算 (四川 部门决算公开 form) and their lines: which keys a
/// final-accounts file may hold, which are counts, and which totals are sums of which parts.
/// Keys are the forms' own line names, so a tag (`{{收入.事业收入}}`) reads like the form.
public enum AccountCatalog {
    public enum Kind: Sendable { case money, count }

    public struct Section: Sendable {
        public var name: String
        /// Lines of the section; empty for a section that is one figure (`收支总计`).
        public var lines: [String]
        /// Lines that are counts (辆、人次); all others are money.
        public var counts: Set<String> = []
        /// `total = Σ parts` rules inside the section (keys relative to the section).
        public var sums: [(total: String, parts: [String])] = []
        /// The breakdown whose shares (占X%) are printed, over `sums[0].total`.
        public var shareParts: [String] { sums.first?.parts ?? [] }
    }

    public static let income = "收入"
    public static let expenditure = "支出"
    public static let generalBudget = "一般公共预算财政拨款支出"
    public static let basic = "一般公共预算财政拨款基本支出"
    public static let threePublic = "三公经费"

    public static let incomeSources = ["一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入",
                                       "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
    public static let expenditureKinds = ["基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
    static let vehicleUses = ["主要领导干部用车", "机要通信用车", "应急保障用车", "执法执勤用车", "特种专业技术用车",
                              "离退休干部服务用车", "其他用车"]

    public static let sections: [Section] = [
        Section(name: "收支总计", lines: []),
        Section(name: income, lines: ["合计"] + incomeSources + ["年初结转和结余"],
                sums: [("合计", incomeSources)]),
        Section(name: expenditure, lines: ["合计"] + expenditureKinds + ["年末结转和结余"],
                sums: [("合计", expenditureKinds)]),
        Section(name: "财政拨款收支总计", lines: []),
        // 合计 here; 类/款/项 are decoded into `FinalAccountsFigures.categories`.
        Section(name: generalBudget, lines: ["合计"]),
        Section(name: basic, lines: ["合计", "人员经费", "公用经费"], sums: [("合计", ["人员经费", "公用经费"])]),
        Section(name: threePublic,
                lines: ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费",
                        "公务用车购置费", "公务用车运行维护费", "国内公务接待费", "外事接待费",
                        "公务用车购置数", "因公出国（境）团组数", "因公出国（境）人次",
                        "购置轿车数", "购置轿车金额", "购置越野车数", "购置越野车金额", "购置载客汽车数", "购置载客汽车金额",
                        "公务用车保有量", "保有轿车数", "保有越野车数", "保有载客汽车数",
                        "国内公务接待批次", "国内公务接待人次", "外事接待批次", "外事接待人次"],
                counts: ["公务用车购置数", "因公出国（境）团组数", "因公出国（境）人次", "购置轿车数", "购置越野车数", "购置载客汽车数",
                         "公务用车保有量", "保有轿车数", "保有越野车数", "保有载客汽车数",
                         "国内公务接待批次", "国内公务接待人次", "外事接待批次", "外事接待人次"],
                sums: [("合计", ["因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"]),
                       ("公务用车购置及运行维护费", ["公务用车购置费", "公务用车运行维护费"]),
                       ("公务接待费", ["国内公务接待费", "外事接待费"]),
                       ("公务用车购置费", ["购置轿车金额", "购置越野车金额", "购置载客汽车金额"]),
                       ("公务用车购置数", ["购置轿车数", "购置越野车数", "购置载客汽车数"]),
                       ("公务用车保有量", ["保有轿车数", "保有越野车数", "保有载客汽车数"])]),
        Section(name: "政府性基金预算财政拨款支出", lines: []),
        Section(name: "国有资本经营预算财政拨款支出", lines: []),
        Section(name: "机关运行经费", lines: []),
        Section(name: "政府采购", lines: ["合计", "货物", "工程", "服务", "授予中小企业合同金额", "授予小微企业合同金额"],
                sums: [("合计", ["货物", "工程", "服务"])]),
        Section(name: "国有资产", lines: ["车辆合计"] + vehicleUses + ["单价50万元以上通用设备", "单价100万元以上专用设备"],
                counts: Set(["车辆合计", "单价50万元以上通用设备", "单价100万元以上专用设备"] + vehicleUses),
                sums: [("车辆合计", vehicleUses)]),
    ]

    public static func section(_ name: String) -> Section? { sections.first { $0.name == name } }

    /// Full key of a line: `收入.合计`, or the section name for a one-figure section.
    public static func key(_ section: String, _ line: String?) -> String {
        guard let line else { return section }
        return section + "." + line
    }

    public static func kind(of key: String) -> Kind {
        guard let dot = key.firstIndex(of: "."), let section = section(String(key[..<dot])) else { return .money }
        return section.counts.contains(String(key[key.index(after: dot)...])) ? .count : .money
    }

    /// Figure keys of the fixed sections (not 类/款/项), for tags and documentation.
    public static var allKeys: [String] {
        sections.flatMap { s in s.lines.isEmpty ? [s.name] : s.lines.map { key(s.name, $0) } }
    }
}
