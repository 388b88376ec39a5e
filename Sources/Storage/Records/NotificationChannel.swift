import Foundation
import GRDB

/// A place outside the browser a user is told things: a signed webhook, a Slack or Discord incoming webhook, an ntfy
/// topic, a Telegram chat, an e-mail address. Its secret (signing secret, access token or bot token) is never shown again once saved.
public struct NotificationChannel: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "notification_channel"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// The row id.
    public var id: Int64?
    /// Whose channel it is.
    public var userId: Int64
    /// `webhook`, `slack`, `discord`, `ntfy`, `telegram` or `email`.
    public var kind: String
    /// The user's name for it.
    public var name: String
    /// Where messages go: a URL, or the e-mail address (none for Telegram, whose address is made from the bot token).
    public var url: String?
    /// The webhook's signing secret, ntfy's access token or Telegram's bot token.
    public var secret: String?
    /// Telegram's chat id.
    public var chatId: String?
    /// When it was added.
    public var createdAt: Date
    /// How the last message went.
    public var lastOutcome: String?

    /// A new channel.
    public init(userId: Int64, kind: String, name: String, url: String?, secret: String?, chatId: String?, createdAt: Date = Date()) {
        self.userId = userId
        self.kind = kind
        self.name = name
        self.url = url
        self.secret = secret
        self.chatId = chatId
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
