import OrchestratorCore
import Storage
import Foundation
import Hummingbird
import NIOCore
import Orchestration

/// `POST /auth/login`, `/auth/refresh`, `/auth/logout`: tokens in the body for programs, cookies for browsers.
struct AuthController {
    let services: AppServices

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.post("/auth/login", .public, login)
        routes.post("/auth/refresh", .public, refresh)
        routes.post("/auth/logout", .public, logout)
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        try CrossSiteLogin.check(request)
        var request = request
        let body = try await request.decodeBody(LoginRequest.self, context: context, allowForm: true)
        let address = ClientAddress.of(request, context: context, trustForwardedFor: services.configuration.server.trustForwardedFor)
        let (tokens, _) = try await services.login.login(username: body.username, password: body.password, address: address)
        return try tokens.response(
            cookies: services.cookies.issue(tokens, refreshTTL: services.configuration.security.refreshTokenTTLSeconds),
            from: request, context: context)
    }

    @Sendable func refresh(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        guard let (token, fromCookie) = try await refreshToken(&request, context: context) else {
            throw AuthFailure.unauthenticated(reason: "no refresh token: send refresh_token in the body or the cookie")
        }
        let (tokens, _) = try await services.tokens.refresh(token)
        // A token that came from the HttpOnly cookie is never handed to page scripts.
        return try (fromCookie ? tokens.withoutRefreshTokenInBody : tokens).response(
            cookies: services.cookies.issue(tokens, refreshTTL: services.configuration.security.refreshTokenTTLSeconds),
            from: request, context: context)
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        if let (token, _) = try await refreshToken(&request, context: context) {
            try services.tokens.revoke(refreshToken: token)
        }
        if let sessionID = context.principal?.sessionID {
            try services.database.revokeSession(familyID: sessionID)
        }
        return try Flag(values: ["logged_out": true]).response(cookies: services.cookies.clear(), from: request, context: context)
    }

    /// The refresh token from a JSON body, else from the cookie (then `fromCookie` is true).
    private func refreshToken(_ request: inout Request, context: AppRequestContext) async throws -> (token: String, fromCookie: Bool)? {
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        if buffer.readableBytes > 0, let token = try await request.decodeBody(RefreshRequest.self, context: context, allowForm: true).refreshToken {
            return (token, false)
        }
        return request.cookies[AuthCookies.refreshName]?.value.nilIfEmpty.map { ($0, true) }
    }
}

extension String {
    /// nil for the empty string.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
