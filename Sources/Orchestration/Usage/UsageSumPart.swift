import Storage

/// A stored sum as the pricing reads it.
struct UsageSumPart {
    var model: String
    var tokens: TokenCounts
    var stated: Bool
    var statedCost: Double
    var large: Bool
    var entries: Int

    init(_ sum: UsageSum) {
        model = sum.model
        tokens = TokenCounts(input: sum.inputTokens, output: sum.outputTokens, cacheCreation: sum.cacheCreationInputTokens, cacheRead: sum.cacheReadInputTokens)
        stated = sum.stated
        statedCost = sum.statedCost
        large = sum.large
        entries = sum.entries
    }
}
