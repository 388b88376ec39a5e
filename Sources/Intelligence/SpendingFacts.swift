import Foundation

/// What a project's agents spent on models, as the usage readers counted it (never estimated by a model).
public struct SpendingFacts: Sendable, Codable, Equatable {
    /// Dollars today (UTC), in the last 7 days and in all; nil where no price is known for anything used.
    public var dollarsToday: Double?
    public var dollarsWeek: Double?
    public var dollarsTotal: Double?
    /// Tokens of every kind, same periods.
    public var tokensToday: Int64
    public var tokensWeek: Int64
    public var tokensTotal: Int64
    /// Models whose tokens are counted but not priced.
    public var unpricedModels: [String]
    /// The budget's limits as a person reads them (`$10.00 total, $2.00 a day`), nil without a budget.
    public var budget: String?
    /// The most used limit's share (1 = reached), nil without a budget.
    public var budgetUsed: Double?

    /// Spending figures.
    public init(
        dollarsToday: Double?, dollarsWeek: Double?, dollarsTotal: Double?, tokensToday: Int64, tokensWeek: Int64, tokensTotal: Int64,
        unpricedModels: [String] = [], budget: String? = nil, budgetUsed: Double? = nil
    ) {
        self.dollarsToday = dollarsToday
        self.dollarsWeek = dollarsWeek
        self.dollarsTotal = dollarsTotal
        self.tokensToday = tokensToday
        self.tokensWeek = tokensWeek
        self.tokensTotal = tokensTotal
        self.unpricedModels = unpricedModels
        self.budget = budget
        self.budgetUsed = budgetUsed
    }

    enum CodingKeys: String, CodingKey {
        case dollarsToday = "dollars_today"
        case dollarsWeek = "dollars_week"
        case dollarsTotal = "dollars_total"
        case tokensToday = "tokens_today"
        case tokensWeek = "tokens_week"
        case tokensTotal = "tokens_total"
        case unpricedModels = "unpriced_models"
        case budget
        case budgetUsed = "budget_used"
    }
}
