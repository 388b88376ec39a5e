/// One line comment of a review: the file, the line on the old or new side of the diff, what the reviewer wrote, and
/// the code line it is about (filled in from the diff).
package struct ReviewComment: Codable, Sendable, Equatable {
    package var path: String
    package var line: Int
    /// `new` (the agent's version) or `old` (the base's).
    package var side: String
    package var body: String
    /// The line of code, as the diff shows it.
    package var code: String?

    package init(path: String, line: Int, side: String, body: String, code: String? = nil) {
        self.path = path
        self.line = line
        self.side = side
        self.body = body
        self.code = code
    }
}
