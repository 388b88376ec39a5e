import Foundation

/// Token sums of usage entries that share a key (an agent, a model, a day, a project) and a model, split so each
/// part prices one way: by the model's per-token prices (normal or above 200k tokens a request), or by the cost
/// the agent itself stated.
public struct UsageSum: Sendable, Equatable {
    /// What the rows were grouped by (the agent id, model, `YYYY-MM-DD` day or project id).
    public var key: String
    /// The project the rows belong to (for labels).
    public var projectId: String
    public var agentId: String?
    public var model: String
    /// The sum's entries carried their own cost (``statedCost``), so their tokens are not priced again.
    public var stated: Bool
    /// The sum's entries each used more than 200k input tokens in one request (priced at the higher tier).
    public var large: Bool
    public var inputTokens: Int64
    public var outputTokens: Int64
    public var cacheCreationInputTokens: Int64
    public var cacheReadInputTokens: Int64
    public var statedCost: Double
    public var entries: Int
}
