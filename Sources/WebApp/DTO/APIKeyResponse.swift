import Foundation
import Hummingbird
import OrchestratorCore
import Orchestration

/// An API key as the API shows it; `key` is present only in the answer to its creation.
public struct APIKeyResponse: ResponseCodable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var role: Role
    public var prefix: String
    public var owner: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var key: String?

    init(_ key: APIKey, secret: String? = nil) {
        id = key.id
        name = key.name
        role = key.role
        prefix = key.prefix
        owner = key.ownerName
        createdAt = key.createdAt
        lastUsedAt = key.lastUsedAt
        self.key = secret
    }

    enum CodingKeys: String, CodingKey {
        case id, name, role, prefix, owner, key
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
    }
}
