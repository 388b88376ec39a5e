import Foundation
import GRDB

extension AppDatabase {
    /// Most channels a user may have.
    public static let maximumChannelsPerUser = 20

    /// Adds a channel; nil when its user already has the most allowed.
    public func saveNotificationChannel(_ channel: NotificationChannel) throws -> NotificationChannel? {
        try writer.write { db in
            guard try NotificationChannel.filter(Column("user_id") == channel.userId).fetchCount(db) < Self.maximumChannelsPerUser else { return nil }
            var stored = channel
            try stored.insert(db)
            return stored
        }
    }

    /// A user's channels, oldest first.
    public func notificationChannels(userID: Int64) throws -> [NotificationChannel] {
        try reader.read { db in try NotificationChannel.filter(Column("user_id") == userID).order(Column("id")).fetchAll(db) }
    }

    /// One of a user's channels.
    public func notificationChannel(id: Int64, userID: Int64) throws -> NotificationChannel? {
        try reader.read { db in try NotificationChannel.filter(Column("id") == id && Column("user_id") == userID).fetchOne(db) }
    }

    /// Every channel (for sending), at most `limit`.
    public func allNotificationChannels(limit: Int = 10_000) throws -> [NotificationChannel] {
        try reader.read { db in try NotificationChannel.order(Column("id")).limit(limit).fetchAll(db) }
    }

    /// Deletes a user's channel; false when they have none with that id.
    @discardableResult
    public func deleteNotificationChannel(id: Int64, userID: Int64) throws -> Bool {
        try writer.write { db in try NotificationChannel.filter(Column("id") == id && Column("user_id") == userID).deleteAll(db) > 0 }
    }

    /// Notes how the last message to a channel went.
    public func noteChannelOutcome(id: Int64, outcome: String) throws {
        try writer.write { db in try db.execute(sql: "UPDATE notification_channel SET last_outcome = ? WHERE id = ?", arguments: [outcome, id]) }
    }
}
