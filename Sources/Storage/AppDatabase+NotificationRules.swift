import Foundation
import GRDB

extension AppDatabase {
    /// A user's notification rules, or nil when they keep the defaults.
    public func notificationRule(userID: Int64) throws -> NotificationRule? {
        try reader.read { db in try NotificationRule.fetchOne(db, key: userID) }
    }

    /// The rules of these users that have any, by user.
    public func notificationRules(userIDs: [Int64]) throws -> [Int64: NotificationRule] {
        guard !userIDs.isEmpty else { return [:] }
        let rules = try reader.read { db in try NotificationRule.filter(userIDs.contains(Column("user_id"))).fetchAll(db) }
        return Dictionary(uniqueKeysWithValues: rules.map { ($0.userId, $0) })
    }

    /// Stores a user's rules in place of their old ones.
    public func saveNotificationRule(_ rule: NotificationRule) throws {
        try writer.write { db in try rule.save(db) }
    }
}
