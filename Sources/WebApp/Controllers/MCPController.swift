import Foundation
import Hummingbird
import MCPTools
import OrchestratorCore
import Orchestration

/// `/mcp`: the orchestrator's tools over MCP's streamable HTTP (JSON answers, no server-initiated stream). Signed-in
/// callers only (bearer token or API key); each tool call goes to the REST API with the caller's own credential, so
/// it can do what the caller may do and nothing more.
struct MCPController {
    let services: AppServices

    /// Largest JSON-RPC message accepted.
    static let maximumBody = 1 << 20

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.post("/mcp", .role(.viewer), post)
        routes.get("/mcp", .role(.viewer), notStreamed)
        routes.delete("/mcp", .role(.viewer), notStreamed)
    }

    @Sendable func post(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let principal = try context.requirePrincipal()
        let body = try await request.collectBody(upTo: Self.maximumBody)
        guard let api = OrchestratorAPI.asCaller(of: request, serverURL: services.runtime.serverURL) else {
            throw APIError(.internalServerError, "no_server_url", "the server's own address is unknown")
        }
        var defaults: [String: String] = [:]
        if let project = principal.projectScope { defaults["project_id"] = project }
        if let agent = principal.agentID { defaults["agent_id"] = agent }
        let session = MCPSession(api: api, defaults: defaults)
        guard let answer = await session.handle(Data(body.readableBytesView)) else { return Response(status: .accepted) }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: answer)))
    }

    /// This server sends nothing unasked: there is no stream to open or session to end.
    @Sendable func notStreamed(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(status: .methodNotAllowed, headers: [.allow: "POST"])
    }
}
