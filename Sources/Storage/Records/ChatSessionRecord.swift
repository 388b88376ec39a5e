import Foundation
import GRDB

/// A row of the `chat_session` table: one person's conversation with the intelligence layer.
public struct ChatSessionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "chat_session"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// `sess_` and 16 hex digits.
    public var id: String
    /// Who chats: only they (and admins) read or continue it.
    public var username: String
    /// The project it is about, if any.
    public var projectId: String?
    public var title: String
    public var createdAt: Date

    /// A new session.
    public init(id: String, username: String, projectId: String?, title: String, now: Date = Date()) {
        self.id = id
        self.username = username
        self.projectId = projectId
        self.title = title
        self.createdAt = now
    }
}
