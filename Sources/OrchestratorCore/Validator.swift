/// Collects field errors and throws them together, so a client learns every problem at once.
///
/// ```swift
/// var check = Validator()
/// check.require(!name.isEmpty, "name", "must not be empty")
/// try check.done()
/// ```
public struct Validator: Sendable {
    /// Errors collected so far.
    public private(set) var errors: [FieldError] = []

    /// Creates an empty validator.
    public init() {}

    /// Records `message` for `field` unless `condition` holds.
    public mutating func require(_ condition: Bool, _ field: String, _ message: String) {
        if !condition { errors.append(FieldError(field: field, message: message)) }
    }

    /// Records a failure for `field` when `failure` is non-nil.
    public mutating func check(_ field: String, _ failure: String?) {
        if let failure { errors.append(FieldError(field: field, message: failure)) }
    }

    /// Throws ``ValidationFailure`` if anything was recorded.
    public func done() throws(ValidationFailure) {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}
