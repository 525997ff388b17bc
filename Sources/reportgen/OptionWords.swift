import ArgumentParser
import ErrorCodes
import ReportKit
import Templating

/// A value an option takes as one of a few words (`--missing empty`, `--csv-encoding gb18030`).
protocol OptionWord: Sendable {
    /// The option, as the message about a wrong word names it (`--missing`).
    static var option: String { get }
    /// The code of that message; `E-CLI-002` unless the option's command has its own.
    static var code: ErrorCode { get }
    /// Every word the option takes, in the order messages list them.
    static var words: [String] { get }
    init?(word: String)
    var word: String { get }
}

extension OptionWord {
    static var code: ErrorCode { .badOption }
}

extension OptionWord where Self: CaseIterable & RawRepresentable<String> {
    static var words: [String] { allCases.map(\.rawValue) }
    init?(word: String) { self.init(rawValue: word) }
    var word: String { rawValue }
}

/// What ArgumentParser reads for an option of words. It keeps a word it does not know, so the
/// command reports it as every other problem of ours — the option, the words it takes, the code,
/// exit 2 as every command-line mistake — and not as ArgumentParser would (English "The value …
/// is invalid", exit 64).
/// The Chinese help of each option lists its words; ArgumentParser's English "(values: …)" is
/// left out, the shell completion still offers them.
enum Choice<Word: OptionWord>: ExpressibleByArgument, Sendable {
    case known(Word)
    case unknown(String)

    init(_ word: Word) { self = .known(word) }

    init(argument: String) {
        self = Word(word: argument).map(Choice.known) ?? .unknown(argument)
    }

    /// The word itself in help's "(default: …)".
    var defaultValueDescription: String {
        switch self {
        case .known(let word): return word.word
        case .unknown(let text): return text
        }
    }

    static var allValueStrings: [String] { [] }
    static var defaultCompletionKind: CompletionKind { .list(Word.words) }

    /// The word, or the error naming the option and every word it takes.
    func value() throws(CommandError) -> Word {
        switch self {
        case .known(let word):
            return word
        case .unknown(let text):
            throw CommandError(Word.code, "\(Word.option) 只能是 \(Self.listing)，收到的是 “\(text)”", isUsage: true)
        }
    }

    /// `a、b 或 c`.
    static var listing: String {
        let words = Word.words
        guard let last = words.last else { return "" }
        return words.count == 1 ? last : words.dropLast().joined(separator: "、") + " 或 " + last
    }
}

extension MissingPolicy: OptionWord {
    static let option = "--missing"
}

extension CSVEncoding: OptionWord {
    static let option = "--csv-encoding"
}

/// `--for`: a report template kind, or `none` (a template of one's own: no contract, no aliases).
enum TemplateKindWord: OptionWord {
    case kind(TemplateContract.Kind)
    case none

    static let option = "--for"
    static var words: [String] { TemplateContract.Kind.allCases.map(\.rawValue) + ["none"] }

    init?(word: String) {
        if word == "none" {
            self = .none
        } else if let kind = TemplateContract.Kind(rawValue: word) {
            self = .kind(kind)
        } else {
            return nil
        }
    }

    var word: String {
        switch self {
        case .kind(let kind): return kind.rawValue
        case .none: return "none"
        }
    }
}
