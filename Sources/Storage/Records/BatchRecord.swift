import Foundation
import GRDB

/// A row of the `batch` table: specifications run one project after another (`POST /api/v2/batch/process`).
public struct BatchRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "batch"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: String
    public var createdBy: String
    /// `running`, `completed` or `cancelled`.
    public var status: String
    public var processingMode: String
    /// JSON array of the goals as given.
    public var optimizationGoals: String
    /// Why the items run in this order.
    public var reasoning: String
    public var webhookUrl: String?
    /// The HMAC key of the webhook's `X-Orchestrator-Signature`, shown once at creation.
    public var webhookSecret: String?
    /// The last webhook delivery's outcome (`200`, `failed: …`).
    public var webhookStatus: String?
    /// What the items' agents run; nil for the server's default.
    public var agentCommand: String?
    /// How many items run at once.
    public var maxConcurrent: Int
    public var estimatedCompletion: Date?
    public var createdAt: Date
    public var completedAt: Date?

    /// A new running batch.
    public init(
        id: String, createdBy: String, processingMode: String, optimizationGoals: String, reasoning: String, webhookUrl: String?,
        webhookSecret: String?, agentCommand: String?, maxConcurrent: Int, estimatedCompletion: Date?, now: Date = Date()
    ) {
        self.id = id
        self.createdBy = createdBy
        self.status = "running"
        self.processingMode = processingMode
        self.optimizationGoals = optimizationGoals
        self.reasoning = reasoning
        self.webhookUrl = webhookUrl
        self.webhookSecret = webhookSecret
        self.agentCommand = agentCommand
        self.maxConcurrent = maxConcurrent
        self.estimatedCompletion = estimatedCompletion
        self.createdAt = now
    }
}
