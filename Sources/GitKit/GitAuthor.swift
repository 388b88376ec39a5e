/// The identity recorded as author and committer of commits made by the server.
public struct GitAuthor: Sendable, Equatable, Hashable, Codable {
    /// The display name, passed to git as `user.name`.
    public let name: String
    /// The e-mail address, passed to git as `user.email`.
    public let email: String

    /// Creates an author identity.
    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }

    /// The default identity: "Tmux Orchestrator" <orchestrator@localhost>.
    public static let orchestrator = GitAuthor(name: "Tmux Orchestrator", email: "orchestrator@localhost")
}
