/// Why a tool call did not succeed, in words for the model or person that called it.
public struct ToolFailure: Error, Sendable, CustomStringConvertible {
    public let description: String

    /// A failure described by `description`.
    public init(_ description: String) { self.description = description }
}
