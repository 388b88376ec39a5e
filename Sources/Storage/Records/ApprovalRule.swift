import Foundation
import GRDB

/// A rule that answers an agent's permission question without a person: for a project (or every project), for some
/// kinds of agent, one tool, and the command, file or question matching a pattern; `allow`, `deny` or `ask` (always a
/// person). A dry-run rule only records what it would have answered.
public struct ApprovalRule: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "approval_rule"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// The row id.
    public var id: Int64?
    /// The project it applies to; nil for every project (an admin's rule).
    public var projectId: String?
    /// The agent profiles it applies to (`claude`, `codex`, …) as a JSON array; nil for all.
    public var agentKinds: String?
    /// The tool it applies to (`Bash`, `Edit`, …); nil for any, and for questions drawn on screen.
    public var tool: String?
    /// A glob (`*` any text, `?` one character) the whole command, file or question must match.
    public var pattern: String
    /// `allow`, `deny` or `ask`.
    public var answer: String
    /// Records what it would answer, answers nothing.
    public var dryRun: Bool
    public var createdBy: String
    public var createdAt: Date
    /// How many questions it matched.
    public var hits: Int
    public var lastHitAt: Date?

    /// A new rule.
    public init(
        projectId: String?, agentKinds: String?, tool: String?, pattern: String, answer: String, dryRun: Bool, createdBy: String, createdAt: Date = Date()
    ) {
        self.projectId = projectId
        self.agentKinds = agentKinds
        self.tool = tool
        self.pattern = pattern
        self.answer = answer
        self.dryRun = dryRun
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.hits = 0
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
