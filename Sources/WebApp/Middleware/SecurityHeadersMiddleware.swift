import Hummingbird
import Orchestration

/// Adds the spec's security headers to every response, errors included.
///
/// The CSP is `default-src 'self'`, so pages carry no inline script or style; HSTS only under TLS.
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let tls: Bool

    /// - Parameter tls: whether clients reach the server over HTTPS (adds `Strict-Transport-Security`).
    public init(tls: Bool) { self.tls = tls }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("X-XSS-Protection")!] = "1; mode=block"
        response.headers[.contentSecurityPolicy] = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        if tls {
            response.headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains"
        }
        return response
    }
}
