/// Why a message could not be sent, in words fit for a person, with the mail server's own answer when it gave one
/// (e.g. `the mail server refused RCPT TO: 550 5.1.1 no such user`).
package struct SMTPError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    package let reason: String
    /// The mail server's reply code when it refused a step (4xx: try again later; 5xx: permanent), else nil.
    package let replyCode: Int?

    /// An error with `reason`, and the reply code when the mail server refused something.
    package init(_ reason: String, replyCode: Int? = nil) {
        self.reason = reason
        self.replyCode = replyCode
    }

    /// The reason.
    package var description: String { reason }
}
