import Foundation

/// Any OpenAI-compatible chat-completions server: llama.cpp's server, vLLM, Ollama, LM Studio, or a hosted one.
public struct OpenAIChatModel: ChatModel {
    public let provider = "openai"
    public let model: String
    let baseURL: URL
    let apiKey: String?
    let timeout: Double

    /// A client for `<baseURL>/chat/completions`.
    public init(baseURL: URL, model: String, apiKey: String?, timeout: Double) {
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.timeout = timeout
    }

    public func complete(_ messages: [ChatMessage], json: Bool, maxTokens: Int) async throws -> String {
        var body: [String: Any] = [
            "model": model, "temperature": 0, "max_tokens": maxTokens,
            "messages": messages.map { ["role": $0.role, "content": $0.content] },
        ]
        if json { body["response_format"] = ["type": "json_object"] }
        var headers: [String: String] = [:]
        if let apiKey, !apiKey.isEmpty { headers["Authorization"] = "Bearer \(apiKey)" }
        let object = try await HTTPJSONPost.send(to: baseURL.appendingPathComponent("chat/completions"), headers: headers, body: body, timeout: timeout)
        guard let choices = object["choices"] as? [[String: Any]], let message = choices.first?["message"] as? [String: Any],
            let content = message["content"] as? String
        else { throw ModelError.malformed("no choices[0].message.content") }
        return content
    }
}
