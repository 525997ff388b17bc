import ErrorCodes
import JSONValue
import TextFormats

/// Text values holding characters XML 1.0 forbids (`"\u0000"` in a name, control characters
/// pasted from other software): the documents and CSVs leave them out (W-RND-001 at rendering),
/// so `validate` says so beforehand, at the value's JSON path (W-DEF-035). Before, `validate`
/// passed such a file silently and the CSV carried the NUL byte.
enum ForbiddenCharacters {
    private enum Step {
        case key(String)
        case index(Int)
    }

    /// Every string value under `root` with a forbidden character, reported once each.
    static func check(_ root: JSONValue, context: DecodingContext) {
        var steps: [Step] = []
        func path() -> String {
            steps.reduce("") { path, step in
                switch step {
                case .key(let key): return JSONPath.appending(path, key: key)
                case .index(let index): return JSONPath.appending(path, index: index)
                }
            }
        }
        func walk(_ value: JSONValue) {
            switch value {
            case .string(let text):
                directionControls(text)
                halfWidthMarks(text)
                spacesBesideMarks(text)
                straySpaces(text)
                guard !XMLCharacters.allAllowed(text), let character = XMLCharacters.firstForbidden(text) else { return }
                context.report(.forbiddenCharacterInText, path(),
                               "文字中含有 XML 不允许的控制字符 \(character)（多半是从别的软件复制来的，或写了 \\u 转义），生成的文档与 CSV 中将删去它；请删除。")
            case .array(let items):
                for (index, item) in items.enumerated() {
                    steps.append(.index(index))
                    walk(item)
                    steps.removeLast()
                }
            case .object(let object):
                // Notes and the editor's schema hint are never printed.
                for (key, item) in object where !key.hasPrefix("_") && key != "$schema" {
                    steps.append(.key(key))
                    walk(item)
                    steps.removeLast()
                }
            case .null, .bool, .number: return
            }
        }
        // A direction control reorders what follows it in Word (U+202E shows it reversed) and is
        // invisible in an editor: the printed text would differ from what was checked, so it
        // is an error, with where it stands in the value.
        func directionControls(_ text: String) {
            guard text.unicodeScalars.contains(where: UnseenCharacters.isDirectionControl) else { return }
            let names = text.unicodeScalars.filter(UnseenCharacters.isDirectionControl).compactMap { UnseenCharacters.names[$0] }
            var distinct: [String] = []
            for name in names where !distinct.contains(name) { distinct.append(name) }
            context.report(.directionControlInText, path(),
                           "文字「\(Node.quoted(text, 40))」中有方向控制字符（\(distinct.joined(separator: "、"))，多半是从网页、微信或 PDF 复制来的）："
                           + "它看不见，却让 Word 把其后的文字倒着或错位印出；请删去它。")
        }
        func halfWidthMarks(_ text: String) {
            guard let (mark, excerpt) = HalfWidthPunctuation.first(in: text), let full = HalfWidthPunctuation.fullWidth[mark] else { return }
            context.report(.halfWidthPunctuationInText, path(),
                           "文字「…\(excerpt)…」中汉字之间用了半角的“\(mark)”，文档照样印出；中文文字用全角的“\(full)”，请改为全角（同一段中其他的半角标点一并改正）。")
        }
        func spacesBesideMarks(_ text: String) {
            guard let excerpt = HalfWidthPunctuation.spaceBesideMark(in: text) else { return }
            context.report(.spaceBesideFullWidthMark, path(),
                           "文字「…\(excerpt)…」中全角标点旁有空格，文档照样印出（两端对齐时 LibreOffice 还会把这个空格拉宽）；"
                           + "全角标点本身已带间距，请删去空格（同一段中其他这样的空格一并删去）。")
        }
        func straySpaces(_ text: String) {
            guard let excerpt = HalfWidthPunctuation.straySpace(in: text) else { return }
            context.report(.straySpaceInText, path(),
                           "文字「…\(excerpt)…」中有多余的空格（数字与汉字之间，如“〔2019〕1 号”“共有 124家”，或两个汉字之间 Word 的不换行空格），"
                           + "文档照样印出，读来是打字的疏漏；中文文字中数字与汉字之间不空格，请删去（同一段中其他这样的空格一并删去）。")
        }
        walk(root)
    }
}
