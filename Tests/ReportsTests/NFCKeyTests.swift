import Foundation
import Testing
@testable import Reports

/// Keys compared as bytes (`NFCKey`) stand for Strings only where that is String equality.
@Suite struct NFCKeyTests {
    @Test func usualNamesAreSurelyNFC() {
        for name in ["“综合柜员制”系统政策性功能调整（第1006号）", "ABC项目", "延边州2021年·医疗救助", "Café", "カタカナ・ひらがな", "ＡＢ１２"] {
            #expect(NFCKey.isSurelyNFC(name), "\(name)")
        }
    }

    /// A combining mark, conjoining Hangul jamo, a compatibility ideograph (its NFC is another
    /// scalar), a kana voicing mark, an emoji: not vouched for, the caller compares Strings.
    @Test func anythingElseIsNot() {
        for name in ["Cafe\u{301}", "\u{1100}\u{1161}", "\u{F900}", "か\u{3099}", "项目😀", "\u{212B}"] {
            #expect(!NFCKey.isSurelyNFC(name), "\(name)")
        }
    }

    /// On texts it vouches for, byte equality and hashing agree with String's.
    @Test func bytesAgreeWithStringEquality() {
        let names = ["项目", "项目 ", "项目（1）", "项目(1)", "abc", "ABC", "Café", "", "ＡＢ"]
        for a in names {
            for b in names {
                #expect((NFCKey(a) == NFCKey(b)) == (a == b), "\(a) \(b)")
            }
        }
        #expect(Set(names.map(NFCKey.init)).count == Set(names).count)
    }
}
