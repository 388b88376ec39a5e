import Foundation
import Hummingbird
import OrchestratorCore
import Orchestration

/// Finds out who is calling, from `Authorization: Bearer`, `X-API-Key`, or the login cookie.
///
/// It never refuses a request itself: it fills `context.principal` (or notes why credentials failed) and
/// each route's ``AccessLevel`` decides. A page request whose access cookie has expired is renewed in
/// passing from the refresh cookie, so a person is not sent back to the login page every hour.
public struct AuthenticationMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let tokens: TokenService
    let keys: APIKeyAdministration
    let cookies: AuthCookies
    let refreshTTL: Int
    let renewals = PageRenewals()

    /// Creates the middleware.
    public init(tokens: TokenService, keys: APIKeyAdministration, cookies: AuthCookies, refreshTTL: Int) {
        self.tokens = tokens
        self.keys = keys
        self.cookies = cookies
        self.refreshTTL = refreshTTL
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path.hasPrefix("/static/") { return try await next(request, context) }
        var context = context
        do {
            try await authenticate(request, &context)
        } catch let failure as AuthFailure {
            if case .unauthenticated(let reason) = failure { context.credentialProblem = reason }
        }
        let renewed = context.renewedTokens
        var response = try await next(request, context)
        if let renewed {
            for cookie in cookies.issue(renewed, refreshTTL: refreshTTL) { response.setCookie(cookie) }
        }
        return response
    }

    private func authenticate(_ request: Request, _ context: inout Context) async throws {
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw AuthFailure.unauthenticated(reason: "Authorization header must be 'Bearer <token>'")
            }
            let credential = parts[1].trimmingCharacters(in: .whitespaces)
            if credential.hasPrefix(APIKeyAdministration.keyPrefix) {
                context.principal = try keys.authenticate(key: credential)
            } else {
                context.principal = try await tokens.authenticate(accessToken: credential)
            }
            return
        }
        // WebSocket clients that cannot set headers (browsers) may pass the token in the query.
        if request.uri.path.hasPrefix("/ws/"), let token = request.uri.queryParameters["token"].map(String.init), !token.isEmpty {
            if token.hasPrefix(APIKeyAdministration.keyPrefix) {
                context.principal = try keys.authenticate(key: token)
            } else {
                context.principal = try await tokens.authenticate(accessToken: token)
            }
            return
        }
        if let key = request.headers[.init("X-API-Key")!] {
            context.principal = try keys.authenticate(key: key)
            return
        }
        let access = request.cookies[AuthCookies.accessName]?.value
        if let access, !access.isEmpty {
            do {
                context.principal = try await tokens.authenticate(accessToken: access)
                context.authenticatedByCookie = true
                return
            } catch let failure as AuthFailure {
                guard try await renewForPage(request, &context) else { throw failure }
                return
            }
        }
        _ = try await renewForPage(request, &context)
    }

    /// Renews the session from the refresh cookie for a plain page view (GET of a page), never for API calls.
    private func renewForPage(_ request: Request, _ context: inout Context) async throws -> Bool {
        // Page views and the pages' own form posts (same-site only: the cookies are SameSite=Strict, and the
        // CSRF check still runs after), so a form sent after an hour on a quiet page is not lost.
        guard request.method == .get || request.method == .post, RequestKind(request) == .page, request.uri.path != "/login", !request.uri.path.hasPrefix("/static/"),
            let refresh = request.cookies[AuthCookies.refreshName]?.value, !refresh.isEmpty
        else { return false }
        let issued = try await renewals.renew(refresh, using: tokens)
        context.principal = try await tokens.authenticate(accessToken: issued.accessToken)
        context.authenticatedByCookie = true
        context.renewedTokens = issued
        return true
    }
}
