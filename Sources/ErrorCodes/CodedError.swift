/// One problem the program reports: a stable code from `ErrorCode`, a Chinese message saying
/// what is wrong and what to do, and where it is. Every target's error type conforms; the text
/// a person reads is made by one rule (`description` below), so the location is never printed
/// twice and the code always comes first after an editor position.
public protocol CodedError: Error, Sendable, CustomStringConvertible {
    var code: ErrorCode { get }
    /// Chinese; does not repeat the place (that is `place`).
    var message: String { get }
    var place: ErrorPlace { get }
}

/// Where a problem is, as the reader of the message needs it. Each error type fills it from its
/// own typed location (JSON path, template paragraph, zip part), so the words are written once.
public struct ErrorPlace: Sendable, Equatable, Hashable {
    /// `projects/a.json:12:5`: printed before the code, as compilers do, so that editors and
    /// terminals can jump to it.
    public var position: String?
    /// In words after the code: the file and part, the JSON path, the place in a template.
    public var words: String?
    /// Printed after the message: the tag as written, the template's own text around it.
    public var context: String?

    public init(position: String? = nil, words: String? = nil, context: String? = nil) {
        self.position = position
        self.words = words
        self.context = context
    }

    public static let nowhere = ErrorPlace()
}

extension CodedError {
    /// `[position: ]CODE[ words]：message[context]`, or `CODE message` where there is no place.
    public var description: String {
        let place = self.place
        var text = place.position.map { $0 + ": " } ?? ""
        text += code.rawValue
        if let words = place.words, !words.isEmpty {
            text += " " + words + "："
        } else {
            text += " "
        }
        text += message
        text += place.context ?? ""
        return text
    }

    /// `W-…` codes are warnings: the output is still written.
    public var isWarning: Bool { code.isWarning }
}
