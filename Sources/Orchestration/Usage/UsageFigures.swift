/// Tokens and what they cost, for one row of a usage report or its total.
public struct UsageFigures: Sendable, Equatable {
    public var tokens = TokenCounts()
    /// The priced part's cost; nil when no part of the row could be priced.
    public var cost: Double?
    /// Models whose tokens are counted but not priced (no price known): the cost leaves them out.
    public var unpricedModels: Set<String> = []
    public var entries = 0

    /// Empty figures.
    public init() {}

    /// Adds one sum, priced by `prices` (or by the cost its agent stated).
    mutating func add(_ sum: UsageSumPart, prices: PriceTable) {
        tokens = tokens + sum.tokens
        entries += sum.entries
        if sum.stated {
            cost = (cost ?? 0) + sum.statedCost
        } else if let price = prices.price(for: sum.model) {
            cost = (cost ?? 0) + price.cost(sum.tokens, large: sum.large)
        } else if !sum.tokens.isZero {
            unpricedModels.insert(sum.model)
        }
    }

    /// Merges two rows' figures.
    public mutating func merge(_ other: UsageFigures) {
        tokens = tokens + other.tokens
        entries += other.entries
        if let more = other.cost { cost = (cost ?? 0) + more }
        unpricedModels.formUnion(other.unpricedModels)
    }
}
