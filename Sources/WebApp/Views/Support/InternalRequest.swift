import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Orchestration

/// Requests made inside the server, so a page's form runs the very API handler (same checks, same events,
/// same audit) that a script would call.
enum InternalRequest {
    /// A request for `path` (with its query), carrying `json` as its body when given.
    /// - Parameter credentialsOf: the page request whose credentials (bearer, API key, cookies) the API handler may
    ///   pass on, e.g. to tools a model calls for the person.
    static func make(_ method: HTTPRequest.Method, _ path: String, json: [String: Any]? = nil, credentialsOf original: Request? = nil) throws -> Request {
        var fields = HTTPFields()
        if let original {
            for name in [HTTPField.Name.authorization, .cookie, HTTPField.Name("X-API-Key")!] {
                if let value = original.headers[name] { fields[name] = value }
            }
        }
        var body = ByteBuffer()
        if let json {
            fields[.contentType] = "application/json"
            guard JSONSerialization.isValidJSONObject(json), let data = try? JSONSerialization.data(withJSONObject: json) else {
                throw APIError.badRequest("the form holds a value that cannot be sent")
            }
            body = ByteBuffer(bytes: data)
        }
        let head = HTTPRequest(method: method, scheme: "http", authority: "localhost", path: path, headerFields: fields)
        return Request(head: head, body: RequestBody(buffer: body))
    }
}
