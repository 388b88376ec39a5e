/// One reason a request field was refused, naming the field so a client can point at it.
public struct FieldError: Sendable, Equatable, Codable {
    /// The field's name as the client sent it (snake_case).
    public var field: String
    /// What is wrong, in words a person can act on.
    public var message: String

    /// Creates a field error.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}
