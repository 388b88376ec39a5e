import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Requests made inside the server, so a page's form runs the very API handler (same checks, same events,
/// same audit) that a script would call.
enum InternalRequest {
    /// A request for `path` (with its query), carrying `json` as its body when given.
    static func make(_ method: HTTPRequest.Method, _ path: String, json: [String: Any]? = nil) throws -> Request {
        var fields = HTTPFields()
        var body = ByteBuffer()
        if let json {
            fields[.contentType] = "application/json"
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        }
        let head = HTTPRequest(method: method, scheme: "http", authority: "localhost", path: path, headerFields: fields)
        return Request(head: head, body: RequestBody(buffer: body))
    }
}
