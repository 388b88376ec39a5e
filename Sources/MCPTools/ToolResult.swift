/// What a tool call returns: concise text, and whether it is an error (a tool error, never a protocol error).
public struct ToolResult: Sendable, Equatable {
    public var text: String
    public var isError: Bool

    /// A result.
    public init(text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}
