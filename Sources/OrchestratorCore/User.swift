import Foundation

/// A person who logs in to the orchestrator.
public struct User: Sendable, Equatable, Codable {
    /// Database id.
    public var id: Int64
    /// Unique login name (see ``Username``).
    public var username: String
    /// What the user may do.
    public var role: Role
    /// When the account was created.
    public var createdAt: Date
    /// When the account last changed (role or password).
    public var updatedAt: Date

    /// Creates a user value.
    public init(id: Int64, username: String, role: Role, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.username = username
        self.role = role
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
