import ErrorCodes

/// A problem the commands find themselves: an option's value, a tool that is missing, a preview
/// that cannot be made.
struct CommandError: CodedError {
    var code: ErrorCode
    var message: String
    var place: ErrorPlace = .nowhere
    /// A mistake in the command line (an option's word it does not take): exit status 2, as
    /// every other command-line mistake (`validate --help`: 2 用法错误), not 1 (a problem of the input).
    var isUsage = false

    init(_ code: ErrorCode, _ message: String, place: ErrorPlace = .nowhere, isUsage: Bool = false) {
        self.code = code
        self.message = message
        self.place = place
        self.isUsage = isUsage
    }
}
