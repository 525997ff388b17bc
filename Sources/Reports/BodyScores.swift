import Foundation

/// Seed 002's body restates the scored sheet in prose: “自评价结果为:总得分100分，属于"优秀"”.
/// That sentence is typed, so it does not follow the data: a total or grade it states that the
/// computed sheet does not give is a given total that disagrees (E-DEF-050 / E-DEF-052, as a
/// written `totalScore`/`grade`), reported at the body text's path. Only the whole-sheet phrases
/// count: an indicator's own “得分12.5分” and words like “评为“进度优秀”单位” are not the total.
enum BodyScores {
    /// “总得分100分”, “自评总分：95.5分”, “综合得分为93.2分”.
    static let totalPattern = try! NSRegularExpression(
        pattern: #"(?:总得分|自评得分|自评总分|综合得分|总分)(?:[：:]|为|是|达到|达)?\s*(\d+(?:\.\d+)?)\s*分"#)
    /// “属于"优秀"”, “等次为优”, “评价等级：良好”; the word must end there (“属于中等收入” is not a grade).
    static let gradePattern = try! NSRegularExpression(
        pattern: #"(?:属于|等次为|等次是|等次[：:]|等级为|等级是|等级[：:])\s*["“「『]?(优秀|良好|中等|较差|优|良|中|差)(?![\p{Han}])"#)
    /// The form's grade of a word the prose uses (优秀 → 优).
    static let gradeWords: [String: Grade] = ["优秀": .excellent, "优": .excellent, "良好": .good, "良": .good,
                                              "中等": .fair, "中": .fair, "较差": .poor, "差": .poor]

    static func check(_ nodes: [BodyNode], sheet: Scoresheet, path: String, context: DecodingContext) {
        // A sheet not out of 100 (an import skeleton) has no grade to compare.
        let hasGrade = sheet.isOutOf100
        for (i, node) in nodes.enumerated() {
            let base = PathSupport.element(path, i)
            for (key, text) in [("heading", node.heading), ("item", node.item), ("text", node.text)] {
                guard let text else { continue }
                let at = PathSupport.member(base, key)
                let range = NSRange(text.startIndex..., in: text)
                for match in totalPattern.matches(in: text, range: range) {
                    guard let r = Range(match.range(at: 1), in: text), let stated = Decimal(string: String(text[r])),
                          stated != sheet.total else { continue }
                    context.report(.totalMismatch, at,
                                   "正文写“\(text[Range(match.range, in: text)!])”，而计算的总得分为 \(FormFormat.score(sheet.total))（各项得分之和）。"
                                   + "正文是照录的文字，不随数据改变：请改正文或核对指标数据。")
                }
                guard hasGrade else { continue }
                for match in gradePattern.matches(in: text, range: range) {
                    guard let r = Range(match.range(at: 1), in: text), let word = Optional(String(text[r])),
                          let stated = gradeWords[word], stated != sheet.grade else { continue }
                    context.report(.gradeMismatch, at,
                                   "正文写等次“\(word)”，而按总得分 \(FormFormat.score(sheet.total)) 应为「\(sheet.grade.rawValue)」。"
                                   + "正文是照录的文字，不随数据改变：请改正文或核对指标数据。")
                }
            }
            if let children = node.children {
                check(children, sheet: sheet, path: PathSupport.member(base, "children"), context: context)
            }
        }
    }
}
