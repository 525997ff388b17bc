import ErrorCodes
import OOXML

/// An error of composing and writing a package (E-OUT, or the E-IO code of a failed system call).
public struct ReportKitError: CodedError, Equatable {
    public var code: ErrorCode
    public var message: String
    public var path: String?

    public init(_ code: ErrorCode, _ message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    /// One line for a failed system call: its E-IO code, the file and the errno meaning.
    public init(_ error: SystemFileError) {
        self.init(error.code, error.message, path: error.path)
    }

    public var place: ErrorPlace { ErrorPlace(words: path) }
}

/// A failure of package generation: every problem found, each a typed error with its code;
/// the console prints them.
public struct ReportKitFailure: Error, Sendable, CustomStringConvertible {
    public var errors: [any CodedError]
    public init(_ errors: [any CodedError]) { self.errors = errors }
    public init(_ error: any CodedError) { self.errors = [error] }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// An error in one output document of a package, named by the document's path.
public struct DocumentError: CodedError {
    public var document: String
    public var error: any CodedError

    public init(document: String, error: any CodedError) {
        self.document = document
        self.error = error
    }

    public var code: ErrorCode { error.code }
    public var message: String { error.message }
    public var place: ErrorPlace {
        var place = error.place
        place.position = document
        return place
    }
}
