import OrchestratorCore
import Hummingbird
import Orchestration

/// Requires a CSRF token on cookie-authenticated POST, PUT, PATCH and DELETE requests.
///
/// The token comes in the `X-CSRF-Token` header (scripts read it from the page's meta tag) or a
/// `csrf_token` form field. Bearer and API-key requests are exempt: a browser never adds those by itself.
public struct CSRFMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let csrf: CSRFProtection

    /// - Parameter csrf: computes the expected token for a session.
    public init(csrf: CSRFProtection) { self.csrf = csrf }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // A notification's answer carries a single-use token that only the push message held: that is the proof.
        guard context.authenticatedByCookie, [.post, .put, .patch, .delete].contains(request.method),
            request.uri.path != "/api/v1/notifications/actions",
            let sessionID = context.principal?.sessionID
        else {
            return try await next(request, context)
        }
        var request = request
        var candidate = request.headers[.init("X-CSRF-Token")!]
        if candidate == nil, request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            candidate = FormFields(body: body)["csrf_token"]
        }
        guard let candidate, csrf.isValid(candidate, forSession: sessionID) else {
            throw APIError(.forbidden, "csrf_failed", "missing or invalid CSRF token; reload the page and try again")
        }
        return try await next(request, context)
    }
}
