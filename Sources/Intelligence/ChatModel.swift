/// A language model that answers a conversation with text.
public protocol ChatModel: Sendable {
    /// The provider's name (`openai`, `anthropic`).
    var provider: String { get }
    /// The model's name as configured.
    var model: String { get }
    /// The model's reply to `messages`. With `json`, the reply is asked for as one JSON object.
    func complete(_ messages: [ChatMessage], json: Bool, maxTokens: Int) async throws -> String
}
