import Orchestration

/// The one JSON error shape of the API: `{"error": {"code", "message", "details"}}`.
struct ErrorBody: Encodable {
    struct Content: Encodable {
        var code: String
        var message: String
        var details: JSONValue?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(message, forKey: .message)
            try container.encode(details ?? .null, forKey: .details)
        }

        enum CodingKeys: String, CodingKey { case code, message, details }
    }

    var error: Content

    init(_ error: APIError) {
        self.error = Content(code: error.code, message: error.message, details: error.details)
    }
}
