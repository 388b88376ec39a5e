import Foundation
import Storage

/// Where a project stands against its budget: what it spent today and in all, and each limit's share used.
public struct BudgetStanding: Sendable, Equatable {
    /// One limit's standing.
    public struct Limit: Sendable, Equatable {
        public var limit: BudgetLimit
        public var allowed: Double
        public var spent: Double
        /// `spent / allowed` (1 = reached).
        public var fraction: Double { allowed > 0 ? spent / allowed : (spent > 0 ? .infinity : 0) }
    }

    public var today: UsageFigures
    public var total: UsageFigures
    public var limits: [Limit]

    /// The standing of `budget` given what was spent.
    public init(budget: BudgetRecord?, today: UsageFigures, total: UsageFigures) {
        self.today = today
        self.total = total
        var limits: [Limit] = []
        if let budget {
            if let allowed = budget.dailyDollars { limits.append(Limit(limit: .dailyDollars, allowed: allowed, spent: today.cost ?? 0)) }
            if let allowed = budget.totalDollars { limits.append(Limit(limit: .totalDollars, allowed: allowed, spent: total.cost ?? 0)) }
            if let allowed = budget.dailyTokens { limits.append(Limit(limit: .dailyTokens, allowed: Double(allowed), spent: Double(today.tokens.total))) }
            if let allowed = budget.totalTokens { limits.append(Limit(limit: .totalTokens, allowed: Double(allowed), spent: Double(total.tokens.total))) }
        }
        self.limits = limits
    }

    /// The most used limit's share (0 without limits).
    public var highestFraction: Double { limits.map(\.fraction).max() ?? 0 }

    /// `ok`, `alert` (80 % of a limit or more) or `exceeded` (a limit reached).
    public var state: String { highestFraction >= 1 ? "exceeded" : highestFraction >= 0.8 ? "alert" : "ok" }
}
