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
        let object = try await send(body)
        guard let choices = object["choices"] as? [[String: Any]], let message = choices.first?["message"] as? [String: Any],
            let content = message["content"] as? String
        else { throw ModelError.malformed("no choices[0].message.content") }
        return content
    }

    /// Chat completions with `tools`: each `tool_calls` answer is carried out through `toolbox` and its results sent
    /// back as `tool` messages, until the model answers in text (or `rounds` are used up).
    public func complete(_ messages: [ChatMessage], toolbox: any ChatToolbox, rounds: Int, maxTokens: Int) async throws -> String {
        var conversation: [[String: Any]] = messages.map { ["role": $0.role, "content": $0.content] }
        let tools: [[String: Any]] = toolbox.decodedTools.map { tool in
            ["type": "function", "function": ["name": tool.name, "description": tool.description, "parameters": tool.schema]]
        }
        for round in 0...rounds {
            var body: [String: Any] = ["model": model, "temperature": 0, "max_tokens": maxTokens, "messages": conversation]
            if round < rounds { body["tools"] = tools }
            let object = try await send(body)
            guard let message = (object["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any] else {
                throw ModelError.malformed("no choices[0].message")
            }
            let calls = message["tool_calls"] as? [[String: Any]] ?? []
            if calls.isEmpty {
                guard let content = message["content"] as? String else { throw ModelError.malformed("neither content nor tool_calls") }
                return content
            }
            conversation.append(["role": "assistant", "content": message["content"] ?? NSNull(), "tool_calls": calls])
            for call in calls {
                let function = call["function"] as? [String: Any] ?? [:]
                let name = function["name"] as? String ?? ""
                let arguments = function["arguments"] as? String ?? "{}"
                let result = await toolbox.call(name, arguments: arguments)
                conversation.append(["role": "tool", "tool_call_id": call["id"] as? String ?? "", "content": (result.isError ? "error: " : "") + result.text])
            }
        }
        throw ModelError.malformed("the model kept calling tools")
    }

    /// Posts a body to `<baseURL>/chat/completions` (with the key as a bearer token, if there is one).
    private func send(_ body: [String: Any]) async throws -> [String: Any] {
        var headers: [String: String] = [:]
        if let apiKey, !apiKey.isEmpty { headers["Authorization"] = "Bearer \(apiKey)" }
        return try await HTTPJSONPost.send(to: baseURL.appendingPathComponent("chat/completions"), headers: headers, body: body, timeout: timeout)
    }
}
