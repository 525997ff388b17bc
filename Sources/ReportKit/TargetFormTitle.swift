/// The title of the 特定目标类部门预算项目绩效目标自评 form.
enum TargetFormTitle {
    /// The form's fixed name; a title may put a year or threshold before it (seed 004:
    /// `2021年50万元以上（含）特定目标类部门预算项目绩效目标自评`).
    static let name = "特定目标类部门预算项目绩效目标自评"
    /// Where a title too long for one line breaks: between 特定目标类 and 部门预算…, never inside a word.
    static let secondLine = "部门预算项目绩效目标自评"
    /// Ems the 表名 line holds: 18 pt type over the 156 mm (8845 twips, 442 pt) text width.
    static let lineEms = 24

    /// The title as given, or the year's default.
    static func text(year: Int, given: String?) -> String {
        given ?? "\(year)年\(name)"
    }

    /// The title as the form prints it. Seed 004's title is 28 ems: LibreOffice broke it inside
    /// 绩效 (“…部门预算项目绩” / “效目标自评”). A title wider than the line breaks before
    /// 部门预算项目绩效目标自评 (a line each side); one that fits, or names no such phrase, is left alone.
    static func printed(_ title: String) -> String {
        let ems = title.unicodeScalars.reduce(0) { $0 + ($1.value < 0x1100 ? 1 : 2) }
        guard ems > lineEms * 2, let range = title.range(of: secondLine), range.lowerBound > title.startIndex else { return title }
        return String(title[..<range.lowerBound]) + "\n" + String(title[range.lowerBound...])
    }
}
