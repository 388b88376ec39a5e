import Foundation
import OrchestratorCore
import Storage
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Orchestration

/// JSON and form helpers over the Hummingbird test client.
extension TestClientProtocol {
    func json(
        _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, token: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if body != nil { headers[.contentType] = "application/json" }
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    func form(_ uri: String, _ fields: [String: String], headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        headers[.contentType] = "application/x-www-form-urlencoded"
        let body = fields.map { key, value in "\(Self.encode(key))=\(Self.encode(value))" }.joined(separator: "&")
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// Logs in through the API and returns the token answer.
    func login(_ username: String, _ password: String) async throws -> TokenPair {
        let response = try await json(.post, "/auth/login", #"{"username":"\#(username)","password":"\#(password)"}"#)
        guard response.status == .ok else { throw TestFailure("login \(username) failed: \(response.status) \(response.text)") }
        return try response.decode(TokenPair.self)
    }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The token answer of login and refresh.
struct TokenPair: Decodable {
    var access_token: String
    var refresh_token: String
    var token_type: String
    var expires_in: Int
}

/// The API's error shape.
struct ErrorEnvelope: Decodable {
    struct Content: Decodable {
        var code: String
        var message: String
        var details: Details?
    }
    struct Details: Decodable {
        var fields: [Field]?
        var retry_after: Double?
    }
    struct Field: Decodable {
        var field: String
        var message: String
    }
    var error: Content
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(text.utf8))
    }

    var apiError: ErrorEnvelope.Content? { try? decode(ErrorEnvelope.self).error }

    /// `Set-Cookie` headers by cookie name.
    var setCookies: [String: String] {
        var cookies: [String: String] = [:]
        for header in headers[values: .setCookie] {
            if let name = header.split(separator: "=").first { cookies[String(name)] = header }
        }
        return cookies
    }

    /// The value a `Set-Cookie` header sets for `name`.
    func cookieValue(_ name: String) -> String? {
        guard let header = setCookies[name] else { return nil }
        let pair = header.split(separator: ";").first ?? ""
        return pair.split(separator: "=", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
    }
}

/// A `Cookie` request header for a set of cookies.
func cookieHeader(_ cookies: [String: String]) -> HTTPFields {
    [.cookie: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
}
