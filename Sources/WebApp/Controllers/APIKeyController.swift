import Hummingbird
import OrchestratorCore
import Orchestration

/// `/api/v1/api-keys`: keys for automation. Managers manage their own keys, admins everyone's.
struct APIKeyController {
    let services: AppServices

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/api/v1/api-keys", .role(.manager), list)
        routes.post("/api/v1/api-keys", .role(.manager), create)
        routes.delete("/api/v1/api-keys/:id", .role(.manager), revoke)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> [APIKeyResponse] {
        try services.apiKeys.list(for: try context.requirePrincipal()).map { APIKeyResponse($0) }
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeBody(CreateAPIKeyRequest.self, context: context)
        let created = try services.apiKeys.create(name: body.name, role: body.role, owner: try context.requirePrincipal())
        return try APIKeyResponse(created.key, secret: created.secret).response(status: .created, from: request, context: context)
    }

    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        guard let id = Int64(try context.parameters.require("id")) else { throw APIError.notFound("no API key with that id") }
        try services.apiKeys.revoke(id: id, by: try context.requirePrincipal())
        return .noContent
    }
}
