import OrchestratorCore
import Foundation
import Hummingbird
import Orchestration

extension Request {
    /// Decodes a JSON body (or, when `allowForm`, a form body), mapping problems to the API's errors:
    /// unparseable → 400 `bad_request`; missing or mistyped fields → 422 naming them.
    mutating func decodeBody<T: Decodable>(_ type: T.Type, context: AppRequestContext, allowForm: Bool = false) async throws -> T {
        let buffer = try await collectBody(upTo: context.maxUploadSize)
        let contentType = headers[.contentType]?.lowercased() ?? ""
        if allowForm, contentType.hasPrefix("application/x-www-form-urlencoded") {
            do {
                return try URLEncodedFormDecoder().decode(T.self, from: String(buffer: buffer))
            } catch let error as DecodingError {
                throw Self.apiError(for: error)
            } catch {
                throw APIError.badRequest("form body could not be read")
            }
        }
        // A cross-site form can send any body as text/plain; only JSON (or no declared type) is read as JSON.
        if !contentType.isEmpty, !contentType.hasPrefix("application/json"), !contentType.contains("+json") {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", "send the body as JSON with Content-Type: application/json")
        }
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("request body must be a JSON object") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw Self.apiError(for: error)
        }
    }

    private static func apiError(for error: DecodingError) -> APIError {
        func name(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        let field: String
        let problem: String
        switch error {
        case .keyNotFound(let key, let context):
            field = name(context.codingPath + [key])
            problem = "is required"
        case .valueNotFound(_, let context):
            if context.codingPath.isEmpty { return .badRequest("request body must be a JSON object") }
            field = name(context.codingPath)
            problem = "must not be null"
        case .typeMismatch(let type, let context):
            if context.codingPath.isEmpty { return .badRequest("request body must be a JSON object") }
            field = name(context.codingPath)
            problem = "must be \(Self.describe(type))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return .badRequest("request body is not valid JSON") }
            field = name(context.codingPath)
            problem = "has an invalid value"
        @unknown default:
            return .badRequest("request body could not be read")
        }
        return .validation(.init([.init(field: field, message: problem)]))
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is Double.Type: "a number"
        default: "of the right type"
        }
    }
}
