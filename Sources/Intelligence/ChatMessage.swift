/// One turn of a conversation with a model.
public struct ChatMessage: Codable, Sendable, Equatable {
    /// `system`, `user` or `assistant`.
    public var role: String
    /// The turn's text.
    public var content: String

    /// A turn.
    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}
