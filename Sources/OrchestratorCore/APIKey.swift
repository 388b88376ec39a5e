import Foundation

/// An API key as shown to people: never the secret itself.
public struct APIKey: Sendable, Equatable {
    /// Database id, used to revoke the key.
    public var id: Int64
    /// What the key is for.
    public var name: String
    /// The most the key may do; never more than its owner.
    public var role: Role
    /// The first characters of the key, so a person can tell keys apart.
    public var prefix: String
    /// The user who created the key.
    public var ownerID: Int64
    /// The owner's username.
    public var ownerName: String
    /// When the key was created.
    public var createdAt: Date
    /// When the key was last used, if ever.
    public var lastUsedAt: Date?
    /// For an agent's token: the only project it may act on.
    public var projectID: String?
    /// For an agent's token: the agent it speaks for.
    public var agentID: String?

    /// Creates a key value.
    public init(id: Int64, name: String, role: Role, prefix: String, ownerID: Int64, ownerName: String, createdAt: Date, lastUsedAt: Date?, projectID: String? = nil, agentID: String? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.prefix = prefix
        self.ownerID = ownerID
        self.ownerName = ownerName
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.projectID = projectID
        self.agentID = agentID
    }
}
