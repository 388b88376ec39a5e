import Foundation

/// One entry a reader found: a message's (or turn's) tokens, its model and what makes it unique.
public struct UsageItem: Sendable, Equatable {
    public var model: String
    public var occurredAt: Date?
    public var tokens: TokenCounts
    /// A cost the agent itself stated (aider), else nil.
    public var costDollars: Double?
    /// Unique across all sources: the same message read twice keeps one entry.
    public var dedupeKey: String

    /// An entry.
    public init(model: String, occurredAt: Date?, tokens: TokenCounts, costDollars: Double? = nil, dedupeKey: String) {
        self.model = model
        self.occurredAt = occurredAt
        self.tokens = tokens
        self.costDollars = costDollars
        self.dedupeKey = dedupeKey
    }
}
