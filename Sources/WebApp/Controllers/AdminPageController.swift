import Foundation
import Hummingbird
import OrchestratorCore
import Storage
import Orchestration

/// `/admin/users`: admins add users, change roles, delete users, and create and revoke API keys.
/// Forms post and redirect; errors are shown on the page.
struct AdminPageController {
    let services: AppServices

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/admin/users", .role(.admin), page)
        routes.post("/admin/users", .role(.admin), createUser)
        routes.post("/admin/users/:username/role", .role(.admin), changeRole)
        routes.post("/admin/users/:username/delete", .role(.admin), deleteUser)
        routes.post("/admin/api-keys", .role(.admin), createKey)
        routes.post("/admin/api-keys/:id/revoke", .role(.admin), revokeKey)
    }

    private static let notices = [
        "user-created": "User created.",
        "role-changed": "Role changed.",
        "user-deleted": "User deleted.",
        "key-revoked": "API key revoked.",
    ]

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let notice = request.uri.queryParameters["notice"].flatMap { Self.notices[String($0)] }
        return try render(context, notice: notice)
    }

    @Sendable func createUser(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await Self.form(request, context)
        return try await perform(request, context, notice: "user-created") { principal in
            _ = try await services.users.create(
                username: form["username"] ?? "", password: form["password"] ?? "", role: form["role"] ?? "", actor: principal.actorLabel)
        }
    }

    @Sendable func changeRole(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await Self.form(request, context)
        let username = try context.parameters.require("username")
        return try await perform(request, context, notice: "role-changed") { principal in
            _ = try services.users.changeRole(username: username, to: form["role"] ?? "", actor: principal.actorLabel)
        }
    }

    @Sendable func deleteUser(_ request: Request, context: AppRequestContext) async throws -> Response {
        let username = try context.parameters.require("username")
        return try await perform(request, context, notice: "user-deleted") { principal in
            try services.users.delete(username: username, actor: principal.actorLabel)
        }
    }

    @Sendable func createKey(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await Self.form(request, context)
        let principal = try context.requirePrincipal()
        do {
            let created = try services.apiKeys.create(name: form["name"] ?? "", role: form["role"] ?? "", owner: principal)
            let newKey = AdminUsersPageModel.NewKey(name: created.key.name, secret: created.secret)
            return try render(context, newKey: newKey, status: .created).response(from: request, context: context)
        } catch {
            return try failure(error, request, context)
        }
    }

    @Sendable func revokeKey(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let id = Int64(try context.parameters.require("id")) else { throw APIError.notFound("no API key with that id") }
        return try await perform(request, context, notice: "key-revoked") { principal in
            try services.apiKeys.revoke(id: id, by: principal)
        }
    }

    /// Runs a change, then redirects back with a notice; a refused change re-renders the page with the reason.
    private func perform(
        _ request: Request, _ context: AppRequestContext, notice: String, _ change: (Principal) async throws -> Void
    ) async throws -> Response {
        do {
            try await change(try context.requirePrincipal())
            return .redirect(to: "/admin/users?notice=\(notice)", type: .normal)
        } catch {
            return try failure(error, request, context)
        }
    }

    private func failure(_ error: any Error, _ request: Request, _ context: AppRequestContext) throws -> Response {
        let apiError = ErrorRenderingMiddleware.apiError(for: error)
        guard apiError.status != .internalServerError, apiError.status != .unauthorized else { throw error }
        return try render(context, error: apiError.message.capitalizedFirst, status: apiError.status).response(from: request, context: context)
    }

    private func render(
        _ context: AppRequestContext, notice: String? = nil, error: String? = nil, newKey: AdminUsersPageModel.NewKey? = nil,
        status: HTTPResponse.Status = .ok
    ) throws -> HTML {
        let principal = try context.requirePrincipal()
        let model = AdminUsersPageModel(
            chrome: services.pages.chrome("Users and API keys", principal: principal, section: "admin"),
            users: try services.database.allUsers(), keys: try services.apiKeys.list(for: principal), currentUser: principal.username,
            notice: notice, error: error, newKey: newKey)
        return services.pages.render("pages/admin-users", model, status: status)
    }

    private static func form(_ request: Request, _ context: AppRequestContext) async throws -> FormFields {
        var request = request
        return FormFields(body: try await request.collectBody(upTo: context.maxUploadSize))
    }
}
