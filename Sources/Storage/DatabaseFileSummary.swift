/// What a checked database file holds, counted for the person restoring it.
public struct DatabaseFileSummary: Sendable, Equatable, Codable {
    /// Projects in the file.
    public var projects: Int
    /// User accounts in the file.
    public var users: Int
    /// Messages in the file.
    public var messages: Int

    /// A summary of these counts.
    public init(projects: Int, users: Int, messages: Int) {
        self.projects = projects
        self.users = users
        self.messages = messages
    }
}
