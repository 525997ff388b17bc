import Foundation
import TextFormats
#if canImport(Glibc)
import Glibc
#endif

/// ArgumentParser lines up a help screen's second column, and wraps it, by counting
/// characters; a terminal shows a Chinese character two columns wide, so 参数/选项/子命令
/// descriptions started at different columns and lines ran past the screen's edge. Each entry is
/// laid out again here by display width — descriptions start at one column, lines are filled
/// to the screen's width, a line never starts with closing punctuation (，。）…) nor ends with
/// opening punctuation (（《…), by the list form cells break by (`TextFormats/LineBreakPunctuation`)
/// — and a line of prose wider than the screen is wrapped the same way.
enum HelpColumns {
    /// Where ArgumentParser starts the descriptions (its label column plus indent); a
    /// continuation line starts there.
    static let parserColumn = 26
    /// The widest description column used: a longer label gets its description on the next line.
    static let widestColumn = 32

    private enum Item {
        case line(String)
        case entry(label: String, description: String)
    }

    /// `text` with every entry of its 参数, 选项 and 子命令 sections laid out again, all of
    /// one screen's descriptions from one column: the widest label's (26 to 32).
    static func align(_ text: String, width: Int = screenWidth()) -> String {
        var items: [Item] = []
        var inSection = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasSuffix("：") && !line.hasPrefix(" ") {
                inSection = ["参数：", "选项：", "子命令："].contains(line)
                items.append(.line(line))
                continue
            }
            if inSection, line.hasPrefix(String(repeating: " ", count: parserColumn)), case .entry(let label, let description)? = items.last {
                // A description ArgumentParser wrapped: at a space, so one space joins it again
                // (none between two Chinese characters: `gb18030。（默认：utf-8-bom）`).
                let rest = String(line.drop(while: { $0 == " " }))
                let between = description.last.map(isWide) == true && rest.first.map(isWide) == true
                items[items.count - 1] = .entry(label: label, description: description + (between ? "" : " ") + rest)
            } else if inSection, line.hasPrefix("  "), !line.hasPrefix("   "),
                      let split = line.range(of: "  ", range: line.index(line.startIndex, offsetBy: 2)..<line.endIndex) {
                items.append(.entry(label: String(line[line.index(line.startIndex, offsetBy: 2)..<split.lowerBound]),
                                    description: String(line[split.upperBound...].drop(while: { $0 == " " }))))
            } else {
                items.append(.line(line))
            }
        }
        items = joinedParagraphs(items)
        let widest = items.compactMap { item -> Int? in
            guard case .entry(let label, _) = item else { return nil }
            return 2 + displayWidth(label) + 2
        }.filter { $0 <= widestColumn }.max() ?? parserColumn
        let column = max(parserColumn, widest)
        return items.flatMap { item -> [String] in
            switch item {
            case .line(let line): return wrap(line, width: width)
            case .entry(let label, let description): return layout(label: label, description: description, column: column, width: width)
            }
        }.joined(separator: "\n")
    }

    /// Consecutive unindented lines of prose (a discussion's paragraph, wrapped by hand in the
    /// source) made one line, to be filled to the screen: a space joins them only between two
    /// Latin letters or digits, none where Chinese meets anything.
    private static func joinedParagraphs(_ items: [Item]) -> [Item] {
        var result: [Item] = []
        func isProse(_ line: String) -> Bool {
            guard let first = line.first, first != " " else { return false }
            return !line.hasPrefix("用法：") && !line.hasPrefix("reportgen ") && !(line.hasSuffix("：") && displayWidth(line) < 30)
        }
        func indent(_ line: String) -> Int { line.prefix(while: { $0 == " " }).count }
        var bulletIndent: Int?
        for item in items {
            // A `· ` item's continuation lines, hand-wrapped in the source under its text, are
            // joined to it too: `wrap` fills the item under its text again (they kept their
            // short lines, `{{> chart:路径}} 显示` / `一个示例柱状图`, inside the refilled text).
            if case .line(let line) = item, let bullet = bulletIndent, indent(line) == bullet + 2,
               !line.drop(while: { $0 == " " }).hasPrefix("· "), case .line(let previous)? = result.last {
                let text = String(line.drop(while: { $0 == " " }))
                result[result.count - 1] = .line(previous + (joinedWithSpace(previous.last, text.first) ? " " : "") + text)
                continue
            }
            if case .line(let line) = item, line.drop(while: { $0 == " " }).hasPrefix("· ") {
                bulletIndent = indent(line)
            } else {
                bulletIndent = nil
            }
            if case .line(let line) = item, isProse(line), case .line(let previous)? = result.last, isProse(previous),
               !previous.hasPrefix("概述：") {
                result[result.count - 1] = .line(previous + (joinedWithSpace(previous.last, line.first) ? " " : "") + line)
            } else {
                result.append(item)
            }
        }
        return result
    }

    /// A line of prose wider than the screen, filled to `width` under its own indent (and
    /// under the text of a `· ` item); a command (`reportgen …`) or the usage line stays whole,
    /// as it must be typed.
    static func wrap(_ line: String, width: Int) -> [String] {
        let text = line.drop(while: { $0 == " " })
        guard displayWidth(line) > width, !text.hasPrefix("reportgen "), !line.hasPrefix("用法：") else { return [line] }
        let indent = line.count - text.count
        let hanging = indent + (text.hasPrefix("· ") ? 2 : 0)
        let lines = fill(String(text), room: max(20, width - hanging))
        return lines.enumerated().map { index, piece in
            String(repeating: " ", count: index == 0 ? indent : hanging) + piece
        }
    }

    /// One entry: the label, then its description from `column` on (on the next line when the
    /// label reaches that far), filled to `width`.
    static func layout(label: String, description: String, column: Int, width: Int) -> [String] {
        let head = "  " + label
        var lines = fill(description, room: max(20, width - column))
        if lines.isEmpty { return [head] }
        var result: [String] = []
        let indent = String(repeating: " ", count: column)
        if displayWidth(head) + 2 <= column {
            result.append(head + String(repeating: " ", count: column - displayWidth(head)) + lines.removeFirst())
        } else {
            result.append(head)
        }
        result += lines.map { indent + $0 }
        return result
    }

    /// `text` broken into lines of at most `room` columns: between two wide characters or at a
    /// space, never before closing punctuation; a word longer than a line stands alone.
    static func fill(_ text: String, room: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        // A piece wider than a line is broken between its characters.
        let all = pieces(text).flatMap { displayWidth($0) > room ? $0.map(String.init) : [$0] }
        for piece in all {
            let pieceWidth = displayWidth(piece)
            if piece == " " {
                if !line.isEmpty && lineWidth + 1 <= room { line += " "; lineWidth += 1 }
                continue
            }
            if lineWidth + pieceWidth > room, !line.isEmpty {
                var carried = ""
                // 「，」 and its kind stay with what stands before them — the marks already
                // there (`）；`), then one wide character or a whole word (`DOCX、`, which was
                // cut to `DOC` / `X、`); 「（」 and its kind with the character after them.
                if let first = piece.first, isClosingMark(first) {
                    var kept = line
                    while let last = kept.last, isClosingMark(last) { kept.removeLast() }
                    if let last = kept.last, last != " " {
                        if isWide(last) {
                            kept.removeLast()
                        } else {
                            while let last = kept.last, last != " ", !isOwnPiece(last) { kept.removeLast() }
                        }
                        // A line that would be left empty keeps its text (a word longer than a line).
                        if !trimmedEnd(kept).isEmpty {
                            carried = String(line.dropFirst(kept.count))
                            line = kept
                        }
                    }
                }
                while let last = line.last, isOpeningMark(last) {
                    carried = String(last) + carried
                    line.removeLast()
                }
                lines.append(trimmedEnd(line))
                line = carried
                lineWidth = displayWidth(carried)
            }
            line += piece
            lineWidth += pieceWidth
        }
        if !trimmedEnd(line).isEmpty { lines.append(trimmedEnd(line)) }
        return lines
    }

    /// Wide characters one by one, spaces, and runs of anything else (words, options); a
    /// path or placeholder (`output/<年度>-<单位名称>/）。`) stays whole.
    private static func pieces(_ text: String) -> [String] {
        var result: [String] = []
        for (index, token) in text.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { result.append(" ") }
            if token.first?.isASCII == true, token.contains(where: { $0 == "/" || $0 == "<" }) {
                result.append(String(token))
                continue
            }
            var word = ""
            for character in token {
                if isOwnPiece(character) {
                    if !word.isEmpty { result.append(word); word = "" }
                    result.append(String(character))
                } else {
                    word.append(character)
                }
            }
            if !word.isEmpty { result.append(word) }
        }
        return result
    }

    /// Whether two lines joined at `last` / `first` take a space: between two ASCII
    /// characters, and between ASCII and a Chinese character — ArgumentParser wraps a long line
    /// at a space (`与 package 相同`, `又有 {{^x}}`) and the sources put one there too — but not
    /// between two Chinese characters or beside a full-width mark.
    private static func joinedWithSpace(_ last: Character?, _ first: Character?) -> Bool {
        guard let last, let first, !last.isWhitespace, !first.isWhitespace else { return false }
        return last.isASCII && first.isASCII || last.isASCII && isIdeograph(first) || first.isASCII && isIdeograph(last)
    }

    /// A CJK ideograph (not a full-width mark): what sits beside a Latin word with a space.
    private static func isIdeograph(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        return (0x3400...0x4DBF).contains(scalar.value) || (0x4E00...0x9FFF).contains(scalar.value)
    }

    /// A character that is a piece by itself: a wide one, or a mark that may not start a line
    /// (”, …).
    private static func isOwnPiece(_ character: Character) -> Bool {
        isWide(character) || isClosingMark(character)
    }

    /// A mark that may not start a line (`LineBreakPunctuation`), standing on its own. ASCII
    /// punctuation belongs to the word it is typed in — a path, an extension, an option or a
    /// number (`package.json`, `.docx`, `utf-8)`, `0.5`) is never broken at it, and a word that
    /// starts with one (`：.docx`) may start a line.
    private static func isClosingMark(_ character: Character) -> Bool {
        !character.isASCII && LineBreakPunctuation.isClosing(character)
    }

    /// A mark that may not end a line, standing on its own (ASCII ones belong to their word).
    private static func isOpeningMark(_ character: Character) -> Bool {
        !character.isASCII && LineBreakPunctuation.isOpening(character)
    }

    private static func trimmedEnd(_ text: String) -> String {
        var text = text
        while text.last == " " { text.removeLast() }
        return text
    }

    static func displayWidth(_ text: String) -> Int {
        text.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
    }

    /// East Asian Wide and Fullwidth characters (Unicode's EastAsianWidth W and F), by block.
    static func isWide(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// The terminal's width when standard output is one, else 80 (as ArgumentParser).
    static func screenWidth() -> Int {
        #if canImport(Glibc)
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 { return Int(size.ws_col) }
        #endif
        return 80
    }
}
