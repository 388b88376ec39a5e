import Foundation

/// One commit as listed by ``GitRepository/log(_:limit:skip:)``.
public struct GitCommit: Sendable, Equatable, Codable {
    /// The full commit hash.
    public let hash: String
    /// The author's name.
    public let author: String
    /// The author date.
    public let date: Date
    /// The subject line of the commit message (its first paragraph, joined onto one line).
    public let message: String

    /// Creates a commit value.
    public init(hash: String, author: String, date: Date, message: String) {
        self.hash = hash
        self.author = author
        self.date = date
        self.message = message
    }
}
