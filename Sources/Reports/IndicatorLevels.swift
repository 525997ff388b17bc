import Foundation

/// Which 一级指标 a 二级指标 belongs to on the official forms: 数量/质量/时效 under 产出指标
/// (四川的表式：完成指标), 成本指标 there or on its own, 经济/社会/生态效益 and 可持续影响 under 效益指标,
/// 满意度 under 满意度指标. Used to catch a row filed under the wrong 一级指标, as when a form's
/// merged 一级 cell swallows the rows below it (seed 004: 完成指标 over 社会效益指标).
public enum IndicatorLevels {
    /// Words one of which the 一级指标 must contain; nil when the 二级指标 is not a standard one.
    public static func expectedLevel1(level2: String) -> [String]? {
        let name = level2.replacingOccurrences(of: " ", with: "")
        if name.contains("满意度") { return ["满意度"] }
        if name.contains("效益") || name.contains("可持续影响") { return ["效益"] }
        if name.hasPrefix("成本") { return ["产出", "完成", "成本"] }
        if ["数量", "质量", "时效"].contains(where: name.hasPrefix) { return ["产出", "完成"] }
        return nil
    }

    /// The expected 一级指标 when `level1` does not fit `level2`; nil when it fits or is unknown.
    public static func misfiled(level1: String, level2: String) -> String? {
        guard let words = expectedLevel1(level2: level2), !level1.isEmpty,
              !words.contains(where: level1.contains) else { return nil }
        return words.map { $0 + "指标" }.joined(separator: "或")
    }
}
