/// Tokens of the four kinds models bill separately.
public struct TokenCounts: Sendable, Equatable, Codable {
    public var input: Int64 = 0
    public var output: Int64 = 0
    public var cacheCreation: Int64 = 0
    public var cacheRead: Int64 = 0

    /// Counts.
    public init(input: Int64 = 0, output: Int64 = 0, cacheCreation: Int64 = 0, cacheRead: Int64 = 0) {
        self.input = input
        self.output = output
        self.cacheCreation = cacheCreation
        self.cacheRead = cacheRead
    }

    /// All four together (what a token budget counts).
    public var total: Int64 { input + output + cacheCreation + cacheRead }

    /// Whether nothing was used.
    public var isZero: Bool { total == 0 }

    /// The sum of two counts.
    public static func + (left: TokenCounts, right: TokenCounts) -> TokenCounts {
        TokenCounts(
            input: left.input + right.input, output: left.output + right.output, cacheCreation: left.cacheCreation + right.cacheCreation,
            cacheRead: left.cacheRead + right.cacheRead)
    }
}
