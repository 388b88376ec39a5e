/// Input that was well-formed but not acceptable; carries every field that failed.
public struct ValidationFailure: Error, Sendable, Equatable {
    /// The fields that failed, in the order they were checked.
    public var fields: [FieldError]

    /// Creates a failure from field errors.
    public init(_ fields: [FieldError]) { self.fields = fields }

    /// A one-line summary such as `username: must not be empty; role: unknown role`.
    public var summary: String {
        fields.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
    }
}
