import Foundation
import GRDB

/// What a person wants to be told and when: which events, which projects, quiet hours in their own time zone, and
/// whether to stay quiet about a project whose page they are looking at. One row per user; no row means the defaults.
public struct NotificationRule: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "notification_rule"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// Whose rules they are.
    public var userId: Int64
    /// The events that notify, as a JSON array of names.
    public var events: String
    /// The projects that notify, as a JSON array of ids; nil for every project.
    public var projects: String?
    /// Quiet hours' start, minutes after midnight in ``timeZone``; nil for none.
    public var quietStart: Int?
    /// Quiet hours' end (exclusive), minutes after midnight; may be before the start (quiet overnight).
    public var quietEnd: Int?
    /// The IANA time zone quiet hours are in.
    public var timeZone: String
    /// Nothing about a project while its page is open and focused.
    public var skipWhenFocused: Bool
    /// When they were last changed.
    public var updatedAt: Date

    /// Rules for `userId`.
    public init(
        userId: Int64, events: String, projects: String?, quietStart: Int?, quietEnd: Int?, timeZone: String, skipWhenFocused: Bool,
        updatedAt: Date = Date()
    ) {
        self.userId = userId
        self.events = events
        self.projects = projects
        self.quietStart = quietStart
        self.quietEnd = quietEnd
        self.timeZone = timeZone
        self.skipWhenFocused = skipWhenFocused
        self.updatedAt = updatedAt
    }
}
