import Foundation
import Testing

/// Help screens as a terminal shows them: a Chinese character is two columns wide, so the
/// descriptions' column and the wrapping are counted in display columns, not characters.
@Suite struct HelpLayoutTests {
    static let screens: [[String]] = [
        ["--help"], ["package", "--help"], ["project", "--help"], ["validate", "--help"], ["import", "--help"],
        ["render", "--help"], ["template", "--help"], ["template", "check", "--help"], ["template", "fields", "--help"],
        ["template", "preview", "--help"], ["docx", "--help"],
    ]

    /// Display columns: East Asian Wide and Fullwidth count two.
    static func width(_ text: Substring) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let wide = (0x1100...0x115F).contains(scalar.value) || (0x2E80...0xA4CF).contains(scalar.value)
                || (0xAC00...0xD7A3).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
                || (0xFE30...0xFE4F).contains(scalar.value) || (0xFF00...0xFF60).contains(scalar.value)
                || (0xFFE0...0xFFE6).contains(scalar.value)
            return total + (wide ? 2 : 1)
        }
    }

    @Test(arguments: screens)
    func descriptionsShareOneColumnAndFitTheScreen(_ arguments: [String]) throws {
        let result = try EndToEnd.reportgen(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        var inSection = false
        var columns = Set<Int>()
        var entries = 0
        for line in result.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasSuffix("：") && !line.hasPrefix(" ") { inSection = ["参数：", "选项：", "子命令："].contains(String(line)); continue }
            // Not counted: the usage line and commands to type, which cannot be broken.
            if !line.hasPrefix("用法："), !line.drop(while: { $0 == " " }).hasPrefix("reportgen ") {
                #expect(Self.width(line) <= 80, "\(arguments): wider than 80 columns: \(line)")
            }
            guard inSection, line.hasPrefix("  "), !line.hasPrefix("   ") else { continue }
            guard let gap = line.dropFirst(2).firstRange(of: "  ") else { continue }
            let description = line[gap.upperBound...].drop(while: { $0 == " " })
            guard let first = description.first else { continue }
            #expect(!"，。、；：）".contains(first), "\(arguments): a line starts with closing punctuation: \(line)")
            columns.insert(Self.width(line[..<description.startIndex]))
            entries += 1
        }
        #expect(entries >= 2, "\(arguments): no entries found in\n\(result.stdout)")
        #expect(columns.count == 1, "\(arguments): descriptions start at columns \(columns.sorted())\n\(result.stdout)")
    }
}
