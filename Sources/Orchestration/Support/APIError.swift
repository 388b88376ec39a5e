import HTTPTypes
import OrchestratorCore

/// An error answered as `{"error": {"code", "message", "details"}}` with its HTTP status.
public struct APIError: Error, Sendable, Equatable {
    /// HTTP status.
    public var status: HTTPResponse.Status
    /// Stable machine-readable code, e.g. `validation_failed`.
    public var code: String
    /// What went wrong, in words a person can act on.
    public var message: String
    /// Structured facts, e.g. the failing fields.
    public var details: JSONValue?
    /// Extra headers, e.g. `Retry-After`.
    public var headers: [String: String]

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, details: JSONValue? = nil, headers: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    /// 400 for a body that is not the JSON (or form) expected.
    public static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "bad_request", message) }

    /// 404 for something that does not exist.
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }

    /// 409 for a request that conflicts with the current state.
    public static func conflict(_ code: String = "conflict", _ message: String) -> APIError { APIError(.conflict, code, message) }

    /// 422 naming the fields that failed.
    public static func validation(_ failure: ValidationFailure) -> APIError {
        let fields = failure.fields.map { JSONValue.object(["field": .string($0.field), "message": .string($0.message)]) }
        return APIError(
            .unprocessableContent, "validation_failed", "invalid input: \(failure.summary)",
            details: .object(["fields": .array(fields)]))
    }

    /// 429 with `Retry-After`.
    public static func rateLimited(retryAfter: Int, _ message: String = "too many requests") -> APIError {
        APIError(
            .tooManyRequests, "rate_limited", "\(message); try again in \(retryAfter) s",
            details: .object(["retry_after": .number(Double(retryAfter))]), headers: ["Retry-After": String(retryAfter)])
    }
}
