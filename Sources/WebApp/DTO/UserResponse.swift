import Foundation
import Hummingbird
import OrchestratorCore
import Orchestration

/// A user as the API shows it (never the password hash).
public struct UserResponse: ResponseCodable, Sendable, Equatable {
    public var id: Int64
    public var username: String
    public var role: Role
    public var createdAt: Date
    public var updatedAt: Date

    init(_ user: User) {
        id = user.id
        username = user.username
        role = user.role
        createdAt = user.createdAt
        updatedAt = user.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, username, role
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
