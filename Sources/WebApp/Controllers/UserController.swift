import Foundation
import Hummingbird
import OrchestratorCore
import Storage
import Orchestration

/// `/api/v1/users` (admins) and `/api/v1/me` (everyone): accounts and roles.
struct UserController {
    let services: AppServices

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/api/v1/me", .authenticated, me)
        routes.get("/api/v1/users", .role(.admin), list)
        routes.post("/api/v1/users", .role(.admin), create)
        routes.get("/api/v1/users/:username", .authenticated, show)
        routes.patch("/api/v1/users/:username", .authenticated, update)
        routes.delete("/api/v1/users/:username", .role(.admin), delete)
    }

    struct MeResponse: ResponseEncodable {
        var id: Int64
        var username: String
        var role: Role
        var authenticatedWith: String
        enum CodingKeys: String, CodingKey {
            case id, username, role
            case authenticatedWith = "authenticated_with"
        }
    }

    @Sendable func me(_ request: Request, context: AppRequestContext) async throws -> MeResponse {
        let principal = try context.requirePrincipal()
        let via: String
        switch principal.credential {
        case .session: via = "session"
        case .apiKey(let id): via = "api_key:\(id)"
        }
        return MeResponse(id: principal.userID, username: principal.username, role: principal.role, authenticatedWith: via)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> [UserResponse] {
        try services.database.allUsers().map(UserResponse.init)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeBody(CreateUserRequest.self, context: context)
        let user = try await services.users.create(
            username: body.username, password: body.password, role: body.role ?? Role.viewer.rawValue, actor: try context.requirePrincipal().actorLabel)
        return try UserResponse(user).response(status: .created, from: request, context: context)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> UserResponse {
        let username = try context.parameters.require("username")
        try requireSelfOrAdmin(username, context)
        guard let user = try services.database.user(named: username) else { throw StorageError.userNotFound(username) }
        return UserResponse(user)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> UserResponse {
        var request = request
        let principal = try context.requirePrincipal()
        let username = try context.parameters.require("username")
        try requireSelfOrAdmin(username, context)
        let body = try await request.decodeBody(UpdateUserRequest.self, context: context)
        if body.role != nil, principal.role != .admin {
            throw AuthFailure.forbidden(reason: "only admins change roles")
        }
        if body.password != nil, username.lowercased() == principal.username.lowercased() {
            try await requireCurrentPassword(body.currentPassword, of: username)
        }
        return UserResponse(try await services.users.update(username: username, role: body.role, password: body.password, actor: principal.actorLabel))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let username = try context.parameters.require("username")
        try services.users.delete(username: username, actor: try context.requirePrincipal().actorLabel)
        return .noContent
    }

    private func requireSelfOrAdmin(_ username: String, _ context: AppRequestContext) throws {
        let principal = try context.requirePrincipal()
        guard principal.role == .admin || principal.username.lowercased() == username.lowercased() else {
            throw AuthFailure.forbidden(reason: "you may only see and change your own account")
        }
    }

    private func requireCurrentPassword(_ current: String?, of username: String) async throws {
        guard let current else {
            throw ValidationFailure([FieldError(field: "current_password", message: "is required to change your own password")])
        }
        // Guesses of the current password count like failed logins: a stolen session cannot try passwords fast.
        let key = "current-password:" + username.lowercased()
        if case .limited(let retryAfter) = await services.login.failuresPerUsername.consume(key) {
            throw APIError.rateLimited(retryAfter: retryAfter, "too many wrong current passwords; try again later")
        }
        let stored = try services.database.credentials(forUsername: username)?.passwordHash
        guard try await services.hasher.verify(current, against: stored) else {
            throw ValidationFailure([FieldError(field: "current_password", message: "is not your current password")])
        }
        await services.login.failuresPerUsername.reset(key)
    }
}
