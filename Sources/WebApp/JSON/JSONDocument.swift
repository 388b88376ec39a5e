import Hummingbird
import NIOCore
import Orchestration

/// A response body written with ``JSONWriter``: the value's own field order, `null` for absent fields.
public protocol JSONDocument: ResponseGenerator, JSONWritable, Sendable {}

extension JSONDocument {
    /// The document's bytes.
    public var jsonBytes: ByteBuffer {
        var writer = JSONWriter(capacity: 4096)
        write(to: &writer)
        return writer.buffer
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response.json(jsonBytes)
    }

    /// This document as a JSON response with `status` (e.g. `.created`).
    public func response(status: HTTPResponse.Status) -> Response {
        Response.json(jsonBytes, status: status)
    }
}

extension Response {
    /// A JSON response with `body` as it stands.
    static func json(_ body: ByteBuffer, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}

/// A JSON array of documents as a response (`GET …/agents`).
public struct JSONList<Element: JSONWritable & Sendable>: JSONDocument {
    public var elements: [Element]

    public init(_ elements: [Element]) { self.elements = elements }

    public func write(to writer: inout JSONWriter) { elements.write(to: &writer) }
}
