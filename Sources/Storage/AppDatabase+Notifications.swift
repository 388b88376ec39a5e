import Foundation
import GRDB

extension AppDatabase {
    /// Most subscriptions a user may have (a browser per device).
    public static let maximumPushSubscriptionsPerUser = 20

    /// Adds (or, for an endpoint already known, takes over) a subscription for `subscription.userId`.
    /// - Returns: the stored row, or nil when the user already has the most allowed.
    public func savePushSubscription(_ subscription: PushSubscription) throws -> PushSubscription? {
        try writer.write { db in
            try PushSubscription.filter(Column("endpoint") == subscription.endpoint).deleteAll(db)
            let count = try PushSubscription.filter(Column("user_id") == subscription.userId).fetchCount(db)
            guard count < Self.maximumPushSubscriptionsPerUser else { return nil }
            var stored = subscription
            try stored.insert(db)
            return stored
        }
    }

    /// A user's subscriptions, newest first.
    public func pushSubscriptions(userID: Int64) throws -> [PushSubscription] {
        try reader.read { db in
            try PushSubscription.filter(Column("user_id") == userID).order(Column("id").desc).fetchAll(db)
        }
    }

    /// Every subscription with its owner's name and role (for sending), at most `limit`.
    public func allPushSubscriptions(limit: Int = 10_000) throws -> [PushSubscription] {
        try reader.read { db in try PushSubscription.order(Column("id")).limit(limit).fetchAll(db) }
    }

    /// Deletes a user's subscription; false when they have none with that id.
    @discardableResult
    public func deletePushSubscription(id: Int64, userID: Int64) throws -> Bool {
        try writer.write { db in
            try PushSubscription.filter(Column("id") == id && Column("user_id") == userID).deleteAll(db) > 0
        }
    }

    /// Deletes a subscription its push service no longer knows (404/410).
    public func forgetPushSubscription(id: Int64) throws {
        _ = try writer.write { db in try PushSubscription.deleteOne(db, key: id) }
    }

    /// Notes how the last push to a subscription went.
    public func notePushOutcome(id: Int64, success: Bool, failure: String?, at date: Date = Date()) throws {
        try writer.write { db in
            if success {
                try db.execute(sql: "UPDATE push_subscription SET last_success_at = ?, last_failure = NULL WHERE id = ?", arguments: [date, id])
            } else {
                try db.execute(sql: "UPDATE push_subscription SET last_failure = ? WHERE id = ?", arguments: [failure, id])
            }
        }
    }

    /// Records a notification attempt; the newest 1000 per user are kept.
    public func recordNotificationAttempt(_ attempt: NotificationAttempt) throws {
        try writer.write { db in
            var stored = attempt
            try stored.insert(db)
            try db.execute(
                sql: """
                    DELETE FROM notification_attempt WHERE user_id = ? AND id NOT IN
                      (SELECT id FROM notification_attempt WHERE user_id = ? ORDER BY id DESC LIMIT 1000)
                    """,
                arguments: [attempt.userId, attempt.userId])
        }
    }

    /// A user's newest attempts first.
    public func notificationAttempts(userID: Int64, limit: Int = 20) throws -> [NotificationAttempt] {
        try reader.read { db in
            try NotificationAttempt.filter(Column("user_id") == userID).order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    /// Stores an action token (and drops expired ones).
    public func saveNotificationAction(_ action: NotificationAction, now: Date = Date()) throws {
        try writer.write { db in
            try NotificationAction.filter(Column("expires_at") < now).deleteAll(db)
            try action.insert(db)
        }
    }

    /// The token with this hash, used or not.
    public func notificationAction(tokenHash: String) throws -> NotificationAction? {
        try reader.read { db in try NotificationAction.fetchOne(db, key: tokenHash) }
    }

    /// Marks the token with this hash used and returns its record, if it exists, is unused and has not expired;
    /// in one transaction, so a token answers once however many taps arrive.
    public func spendNotificationAction(tokenHash: String, now: Date = Date()) throws -> NotificationAction? {
        try writer.write { db in
            guard var action = try NotificationAction.fetchOne(db, key: tokenHash), action.usedAt == nil, action.expiresAt > now else { return nil }
            action.usedAt = now
            try action.update(db)
            return action
        }
    }
}
