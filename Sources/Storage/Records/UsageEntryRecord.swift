import Foundation
import GRDB

/// One priced unit of an agent's model use: a Claude Code message, a Codex turn, an aider reply.
public struct UsageEntryRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "usage_entry"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var projectId: String
    public var agentId: String
    /// The model as the agent named it (`unknown` when it did not).
    public var model: String
    /// Where it was read: `claude`, `codex` or `aider`.
    public var source: String
    public var occurredAt: Date
    public var inputTokens: Int64
    public var outputTokens: Int64
    public var cacheCreationInputTokens: Int64
    public var cacheReadInputTokens: Int64
    /// A cost the agent itself stated (aider); nil means "price the tokens".
    public var costDollars: Double?
    /// What makes the entry unique (a message and request id, or a file and offset), so nothing counts twice.
    public var dedupeKey: String

    /// A new entry.
    public init(
        projectId: String, agentId: String, model: String, source: String, occurredAt: Date, inputTokens: Int64, outputTokens: Int64,
        cacheCreationInputTokens: Int64, cacheReadInputTokens: Int64, costDollars: Double? = nil, dedupeKey: String
    ) {
        self.projectId = projectId
        self.agentId = agentId
        self.model = model
        self.source = source
        self.occurredAt = occurredAt
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheCreationInputTokens = cacheCreationInputTokens
        self.cacheReadInputTokens = cacheReadInputTokens
        self.costDollars = costDollars
        self.dedupeKey = dedupeKey
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
