import Foundation
import Hummingbird
import Orchestration

/// A JSON response whose property names are written in snake case (`activeAgents` → `active_agents`), for
/// the monitoring documents with many multi-word fields.
struct SnakeCaseJSON<Value: Encodable & Sendable>: ResponseGenerator {
    var value: Value

    init(_ value: Value) { self.value = value }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response.json(try bytes())
    }

    /// The encoded value.
    func bytes() throws -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return ByteBuffer(bytes: try encoder.encode(value))
    }
}
