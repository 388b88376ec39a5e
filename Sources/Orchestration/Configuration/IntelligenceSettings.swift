/// Which model the intelligence layer asks, if any. `heuristic` (the default) needs no model and no network.
public struct IntelligenceSettings: Codable, Sendable, Equatable {
    /// `heuristic`, `openai` (any OpenAI-compatible chat-completions server) or `anthropic` (the Messages API).
    public var provider = "heuristic"
    /// The provider's base URL, e.g. `http://127.0.0.1:8080/v1` for a local llama.cpp server.
    public var baseURL: String?
    /// The model name sent with each request.
    public var model: String?
    /// The key sent with each request (`Authorization: Bearer` or `x-api-key`).
    public var apiKey: String?
    /// Longest wait for one answer before the heuristic answers instead.
    public var timeoutSeconds: Double = 20

    /// The providers the server knows.
    public static let providers = ["heuristic", "openai", "anthropic"]

    /// Built-in defaults.
    public init() {}

    package enum CodingKeys: String, CodingKey {
        case provider, model
        case baseURL = "base_url"
        case apiKey = "api_key"
        case timeoutSeconds = "timeout_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        provider = try c.decodeIfPresent(String.self, forKey: .provider) ?? d.provider
        baseURL = try c.decodeIfPresent(String.self, forKey: .baseURL)
        model = try c.decodeIfPresent(String.self, forKey: .model)
        apiKey = try c.decodeIfPresent(String.self, forKey: .apiKey)
        timeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? d.timeoutSeconds
    }
}
