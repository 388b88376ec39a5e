/// A language model that answers a conversation with text.
public protocol ChatModel: Sendable {
    /// The provider's name (`openai`, `anthropic`).
    var provider: String { get }
    /// The model's name as configured.
    var model: String { get }
    /// The model's reply to `messages`. With `json`, the reply is asked for as one JSON object.
    func complete(_ messages: [ChatMessage], json: Bool, maxTokens: Int) async throws -> String
    /// The model's reply, letting it call `toolbox`'s tools (at most `rounds` times) before it answers.
    func complete(_ messages: [ChatMessage], toolbox: any ChatToolbox, rounds: Int, maxTokens: Int) async throws -> String
}

extension ChatModel {
    /// Models without tool use answer without tools.
    public func complete(_ messages: [ChatMessage], toolbox: any ChatToolbox, rounds: Int, maxTokens: Int) async throws -> String {
        try await complete(messages, json: false, maxTokens: maxTokens)
    }
}
