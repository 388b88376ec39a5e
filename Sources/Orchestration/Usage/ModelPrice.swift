/// One model's prices in US dollars per million tokens; the `…Above200k` ones apply to a request whose input
/// (fresh, cache write and cache read together) passed 200,000 tokens, where the model is priced that way.
public struct ModelPrice: Codable, Sendable, Equatable {
    public var input: Double
    public var output: Double
    public var cacheWrite: Double?
    public var cacheRead: Double?
    public var inputAbove200k: Double?
    public var outputAbove200k: Double?
    public var cacheWriteAbove200k: Double?
    public var cacheReadAbove200k: Double?

    /// A price with no tiers.
    public init(input: Double, output: Double, cacheWrite: Double? = nil, cacheRead: Double? = nil) {
        self.input = input
        self.output = output
        self.cacheWrite = cacheWrite
        self.cacheRead = cacheRead
    }

    enum CodingKeys: String, CodingKey {
        case input, output
        case cacheWrite = "cache_write"
        case cacheRead = "cache_read"
        case inputAbove200k = "input_above_200k"
        case outputAbove200k = "output_above_200k"
        case cacheWriteAbove200k = "cache_write_above_200k"
        case cacheReadAbove200k = "cache_read_above_200k"
    }

    /// What these tokens cost. Cache tokens of a model listed without a cache price are priced as input.
    /// - Parameter large: the tokens came from requests above 200k input tokens each.
    public func cost(_ tokens: TokenCounts, large: Bool = false) -> Double {
        let inputRate = large ? inputAbove200k ?? input : input
        let outputRate = large ? outputAbove200k ?? output : output
        let writeRate = (large ? cacheWriteAbove200k ?? cacheWrite : cacheWrite) ?? inputRate
        let readRate = (large ? cacheReadAbove200k ?? cacheRead : cacheRead) ?? inputRate
        let millionths = Double(tokens.input) * inputRate + Double(tokens.output) * outputRate
            + Double(tokens.cacheCreation) * writeRate + Double(tokens.cacheRead) * readRate
        return millionths / 1_000_000
    }
}
