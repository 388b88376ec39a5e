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
        let object = try await send(body(messages, extraSystem: json ? "Answer with one JSON object and nothing else." : nil, maxTokens: maxTokens))
        return try text(of: object)
    }

    /// Messages with `tools`: each `tool_use` block is carried out through `toolbox` and answered with a
    /// `tool_result` block in the next user turn, until the model answers in text (or `rounds` are used up, after
    /// which it is asked to answer without tools).
    public func complete(_ messages: [ChatMessage], toolbox: any ChatToolbox, rounds: Int, maxTokens: Int) async throws -> String {
        var request = body(messages, extraSystem: nil, maxTokens: maxTokens)
        var conversation = request["messages"] as? [[String: Any]] ?? []
        request["tools"] = toolbox.decodedTools.map { ["name": $0.name, "description": $0.description, "input_schema": $0.schema] }
        for round in 0...rounds {
            request["messages"] = conversation
            // A conversation that holds tool_use blocks must still declare the tools; the last round forbids calls.
            if round == rounds { request["tool_choice"] = ["type": "none"] }
            let object = try await send(request)
            guard let content = object["content"] as? [[String: Any]] else { throw ModelError.malformed("no content blocks") }
            let uses = content.filter { ($0["type"] as? String) == "tool_use" }
            if uses.isEmpty || round == rounds { return try text(of: object) }
            conversation.append(["role": "assistant", "content": content])
            var results: [[String: Any]] = []
            for use in uses {
                let input = use["input"] ?? [String: Any]()
                let arguments = (try? JSONSerialization.data(withJSONObject: input)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
                let result = await toolbox.call(use["name"] as? String ?? "", arguments: arguments)
                results.append(["type": "tool_result", "tool_use_id": use["id"] as? String ?? "", "content": result.text, "is_error": result.isError])
            }
            conversation.append(["role": "user", "content": results])
        }
        throw ModelError.malformed("the model kept calling tools")
    }

    /// The request body: the system messages joined (plus `extraSystem`), the rest as user/assistant turns.
    private func body(_ messages: [ChatMessage], extraSystem: String?, maxTokens: Int) -> [String: Any] {
        let system = (messages.filter { $0.role == "system" }.map(\.content) + [extraSystem].compactMap { $0 }).joined(separator: "\n\n")
        let turns = messages.filter { $0.role != "system" }.map { ["role": $0.role == "assistant" ? "assistant" : "user", "content": $0.content] }
        var body: [String: Any] = ["model": model, "max_tokens": maxTokens, "messages": turns]
        if !system.isEmpty { body["system"] = system }
        return body
    }

    private func send(_ body: [String: Any]) async throws -> [String: Any] {
        var headers = ["anthropic-version": "2023-06-01"]
        if let apiKey, !apiKey.isEmpty { headers["x-api-key"] = apiKey }
        return try await HTTPJSONPost.send(to: baseURL.appendingPathComponent("v1/messages"), headers: headers, body: body, timeout: timeout)
    }

    /// The text blocks of an answer, joined.
    private func text(of object: [String: Any]) throws -> String {
        guard let content = object["content"] as? [[String: Any]] else { throw ModelError.malformed("no content blocks") }
        let text = content.filter { ($0["type"] as? String) == "text" }.compactMap { $0["text"] as? String }.joined()
        guard !text.isEmpty else { throw ModelError.malformed("no text block") }
        return text
    }
}
