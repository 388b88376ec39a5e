/// Where usage is read and how it is priced.
public struct UsageSettings: Codable, Sendable, Equatable {
    /// The price table (`Resources/model-prices.json` when unset).
    public var pricesFile: String?
    /// Prices that replace or add to the table's, per model: `{input, output, cache_write?, cache_read?}` in US
    /// dollars per million tokens.
    public var prices: [String: ModelPrice] = [:]
    /// How often known transcripts are looked at for appended lines (hooks also trigger a read at once).
    public var pollSeconds: Double = 1

    /// Built-in defaults.
    public init() {}

    package enum CodingKeys: String, CodingKey {
        case pricesFile = "prices_file"
        case prices
        case pollSeconds = "poll_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        pricesFile = try c.decodeIfPresent(String.self, forKey: .pricesFile) ?? d.pricesFile
        prices = try c.decodeIfPresent([String: ModelPrice].self, forKey: .prices) ?? d.prices
        pollSeconds = try c.decodeIfPresent(Double.self, forKey: .pollSeconds) ?? d.pollSeconds
    }
}
