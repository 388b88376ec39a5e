import Hummingbird
import Orchestration

/// Adds the spec's security headers to every response, errors included.
///
/// The CSP is `default-src 'self'`, so pages carry no inline script or style; HSTS only under TLS.
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let tls: Bool

    /// The POST routes whose answers carry secrets.
    static var secretAnswers: Set<String> { ["/auth/login", "/auth/refresh", "/api/v1/api-keys", "/api/v2/batch/process", "/api/v1/users"] }

    /// - Parameter tls: whether clients reach the server over HTTPS (adds `Strict-Transport-Security`).
    public init(tls: Bool) { self.tls = tls }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        // The old XSS auditor did more harm than good; `0` turns it off where it still exists (the CSP protects).
        response.headers[.init("X-XSS-Protection")!] = "0"
        response.headers[.contentSecurityPolicy] = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        // Answers that carry a secret (tokens, a new key, a batch's webhook secret) are never stored by a cache.
        if request.method == .post, Self.secretAnswers.contains(request.uri.path) {
            response.headers[.cacheControl] = "no-store"
        }
        if tls {
            response.headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains"
        }
        return response
    }
}
