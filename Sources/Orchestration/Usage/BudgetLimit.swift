/// One of a budget's four limits.
public enum BudgetLimit: String, Sendable, CaseIterable {
    case dailyDollars = "daily_dollars"
    case totalDollars = "total_dollars"
    case dailyTokens = "daily_tokens"
    case totalTokens = "total_tokens"

    /// Whether it counts today only (UTC).
    public var isDaily: Bool { self == .dailyDollars || self == .dailyTokens }

    /// How a person reads it.
    public var title: String {
        switch self {
        case .dailyDollars: "daily budget"
        case .totalDollars: "total budget"
        case .dailyTokens: "daily token budget"
        case .totalTokens: "total token budget"
        }
    }
}
