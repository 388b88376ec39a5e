import Foundation
import GRDB

/// A file (or screen) an agent's usage is read from, and how far it has been read.
public struct UsageSource: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "usage_source"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// The file's resolved path (`screen:<project>/<agent>` for a screen).
    public var path: String
    public var projectId: String
    public var agentId: String
    /// `claude`, `codex` or `aider`.
    public var kind: String
    /// Bytes read so far: everything before it is counted.
    public var offset: Int64
    /// What the reader carries between reads as JSON (Codex's current model and totals, aider's session cost).
    public var state: String?
    public var updatedAt: Date

    /// A source read up to `offset`.
    public init(path: String, projectId: String, agentId: String, kind: String, offset: Int64 = 0, state: String? = nil, updatedAt: Date = Date()) {
        self.path = path
        self.projectId = projectId
        self.agentId = agentId
        self.kind = kind
        self.offset = offset
        self.state = state
        self.updatedAt = updatedAt
    }
}
