import Hummingbird
import Orchestration

/// A rendered HTML page as a response.
public struct HTML: ResponseGenerator, Sendable {
    /// The page markup.
    public let markup: String
    /// The status to answer with.
    public var status: HTTPResponse.Status = .ok

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: markup)))
    }
}
