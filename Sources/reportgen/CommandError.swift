import ErrorCodes

/// A problem the commands find themselves: an option's value, a tool that is missing, a preview
/// that cannot be made.
struct CommandError: CodedError {
    var code: ErrorCode
    var message: String
    var place: ErrorPlace = .nowhere

    init(_ code: ErrorCode, _ message: String, place: ErrorPlace = .nowhere) {
        self.code = code
        self.message = message
        self.place = place
    }
}
