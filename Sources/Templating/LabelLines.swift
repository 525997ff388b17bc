import TextFormats

/// Where the label of a narrow form column (一级指标, 二级指标) breaks when it does not fit on one
/// line of its cell. Left to itself LibreOffice fills each line to the cell edge and wraps the
/// rest: “满意度指标” printed “满意度指” over a lone “标”, “可持续影响指标” “可持续影” over “响指标”.
/// The seeds break such labels before 指标 (seed 004: “满意度\n指标”, “完成\n指标”, “社会效益  指标”),
/// so a label too wide for its line breaks before its closing 指标, and each part that is still too
/// wide spreads its characters evenly over the lines it needs, so no line holds a single character.
/// The one rule for every label column: the templates' `| merge` cells and the generated
/// indicator tables (`TableWriter`).
public enum LabelLines {
    /// The word a label of the forms ends with; a line break goes before it.
    static let lastWord = "指标"
    /// Twips of a cell's width that hold no text when its table does not say (Word's default
    /// cell margins, 108 a side).
    public static let cellPadding = 216

    /// `label` with `\n` where its lines break in a cell `cellWidth` twips wide whose left and
    /// right margins take `margins` twips; unchanged when it fits, already holds a break, or
    /// the width is unknown. Table text is measured by the one width model (`TextWidths`, 10.5 pt:
    /// a full-width character 210 twips), which is what the forms' 表格正文 prints.
    public static func broken(_ label: String, cellWidth: Int?, margins: Int = cellPadding) -> String {
        guard let cellWidth, cellWidth > 0, !label.isEmpty, !label.contains("\n") else { return label }
        let usable = max(TextWidths.tableEm, cellWidth - margins)
        let scalars = Array(label.unicodeScalars)
        guard width(scalars[...]) > usable else { return label }
        var words: [ArraySlice<Unicode.Scalar>] = [scalars[...]]
        let tail = Array(lastWord.unicodeScalars)
        if scalars.count > tail.count, Array(scalars.suffix(tail.count)) == tail,
           !scalars.dropLast(tail.count).allSatisfy({ $0.properties.isWhitespace }) {
            words = [scalars.dropLast(tail.count), scalars.suffix(tail.count)]
        }
        var lines: [String] = []
        for word in words {
            lines += spread(word, usable: usable).map { String(String.UnicodeScalarView($0)) }
        }
        return lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    static func width(_ scalars: ArraySlice<Unicode.Scalar>) -> Int {
        TextWidths.tableWidth(scalars)
    }

    /// Whether a line may start at `word[i]`: not inside a run of half-width characters (a
    /// figure such as “100” or “≥90%”, a Latin word; measured by the one width model, “第100组”
    /// no longer fitted a 1 000-twip cell and was broken “第1” / “00组”), not before closing
    /// punctuation, not after opening punctuation (the list CellLines breaks by).
    static func mayBreak(_ word: ArraySlice<Unicode.Scalar>, before i: Int) -> Bool {
        guard i > word.startIndex, i < word.endIndex else { return false }
        let previous = word[i - 1], scalar = word[i]
        if !TextWidths.isFull(previous), !TextWidths.isSpace(previous), !TextWidths.isFull(scalar), !TextWidths.isSpace(scalar) { return false }
        return !LineBreakPunctuation.isClosing(scalar) && !LineBreakPunctuation.isOpening(previous)
    }

    /// The width `word[i]` adds to a line it does not start (`start`: where that line starts).
    static func width(_ word: ArraySlice<Unicode.Scalar>, at i: Int, lineStart start: Int) -> Int {
        TextWidths.width(of: word[i], after: i > start ? word[i - 1] : nil, em: TextWidths.tableEm)
    }

    /// The word over as few lines of `usable` twips as hold it, each line about as wide as the
    /// others (so the last is never a single character of a longer word).
    static func spread(_ word: ArraySlice<Unicode.Scalar>, usable: Int) -> [ArraySlice<Unicode.Scalar>] {
        let total = width(word)
        guard total > usable else { return [word] }
        // Lines a greedy fill needs; each then gets an even share of the width.
        var count = 0, line = 0, lineStart = word.startIndex
        for i in word.indices {
            var w = width(word, at: i, lineStart: lineStart)
            if line > 0 && line + w > usable && mayBreak(word, before: i) {
                count += 1
                line = 0
                lineStart = i
                w = width(word, at: i, lineStart: i)
            }
            line += w
        }
        count += 1
        // Line k ends where the running width comes nearest k/count of the whole.
        var result: [ArraySlice<Unicode.Scalar>] = []
        var start = word.startIndex, running = 0, k = 1
        for i in word.indices where k < count {
            let w = width(word, at: i, lineStart: start)
            let target = total * k / count
            // A tie goes to the longer first line: “可持续” / “影响”, not “可持” / “续影响”.
            if i > start && mayBreak(word, before: i) && abs(running - target) < abs(running + w - target) {
                result.append(word[start..<i])
                start = i
                k += 1
            }
            running += w
        }
        result.append(word[start...])
        // Even shares that overfill a line (very mixed widths): the plain fill instead.
        guard result.allSatisfy({ width($0) <= usable }) else { return greedy(word, usable: usable) }
        return result
    }

    static func greedy(_ word: ArraySlice<Unicode.Scalar>, usable: Int) -> [ArraySlice<Unicode.Scalar>] {
        var result: [ArraySlice<Unicode.Scalar>] = []
        var start = word.startIndex, line = 0
        for i in word.indices {
            var w = width(word, at: i, lineStart: start)
            if i > start && line + w > usable && mayBreak(word, before: i) {
                result.append(word[start..<i])
                start = i
                line = 0
                w = width(word, at: i, lineStart: i)
            }
            line += w
        }
        result.append(word[start...])
        return result
    }
}
