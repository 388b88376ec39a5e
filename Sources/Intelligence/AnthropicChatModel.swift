import Foundation

/// Anthropic's Messages API (`POST /v1/messages`): system text apart, the conversation as user/assistant turns.
public struct AnthropicChatModel: ChatModel {
    public let provider = "anthropic"
    public let model: String
    let baseURL: URL
    let apiKey: String?
    let timeout: Double

    /// The public API's address.
    public static let defaultBaseURL = URL(string: "https://api.anthropic.com")!

    /// A client for `<baseURL>/v1/messages`.
    public init(baseURL: URL?, model: String, apiKey: String?, timeout: Double) {
        self.baseURL = baseURL ?? Self.defaultBaseURL
        self.model = model
        self.apiKey = apiKey
        self.timeout = timeout
    }

    public func complete(_ messages: [ChatMessage], json: Bool, maxTokens: Int) async throws -> String {
        let system = messages.filter { $0.role == "system" }.map(\.content).joined(separator: "\n\n")
            + (json ? "\n\nAnswer with one JSON object and nothing else." : "")
        let turns = messages.filter { $0.role != "system" }.map { ["role": $0.role == "assistant" ? "assistant" : "user", "content": $0.content] }
        var body: [String: Any] = ["model": model, "max_tokens": maxTokens, "messages": turns]
        if !system.isEmpty { body["system"] = system }
        var headers = ["anthropic-version": "2023-06-01"]
        if let apiKey, !apiKey.isEmpty { headers["x-api-key"] = apiKey }
        let object = try await HTTPJSONPost.send(to: baseURL.appendingPathComponent("v1/messages"), headers: headers, body: body, timeout: timeout)
        guard let content = object["content"] as? [[String: Any]] else { throw ModelError.malformed("no content blocks") }
        let text = content.filter { ($0["type"] as? String) == "text" }.compactMap { $0["text"] as? String }.joined()
        guard !text.isEmpty else { throw ModelError.malformed("no text block") }
        return text
    }
}
