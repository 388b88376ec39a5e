import Foundation
import GRDB

/// A browser's Web Push subscription (RFC 8030): where its push service takes messages for it, and the keys its
/// messages are encrypted to (RFC 8291).
public struct PushSubscription: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "push_subscription"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// The row id.
    public var id: Int64?
    /// The user it notifies.
    public var userId: Int64
    /// The push service URL.
    public var endpoint: String
    /// The browser's P-256 public key, base64url.
    public var p256dh: String
    /// The browser's 16-byte authentication secret, base64url.
    public var auth: String
    /// When it was added.
    public var createdAt: Date
    /// The last push its service took.
    public var lastSuccessAt: Date?
    /// Why the last push failed, when it did.
    public var lastFailure: String?

    /// A new subscription.
    public init(userId: Int64, endpoint: String, p256dh: String, auth: String, createdAt: Date = Date()) {
        self.userId = userId
        self.endpoint = endpoint
        self.p256dh = p256dh
        self.auth = auth
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
