import OrchestratorCore
import Hummingbird
import Orchestration

/// Limits requests per identity (user or API key; anonymous callers by address), answering 429 with `Retry-After`.
public struct RateLimitMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let limiter: RateLimiter
    let trustForwardedFor: Bool

    /// - Parameters:
    ///   - limiter: buckets of `security.rate_limit_per_minute` per minute.
    ///   - trustForwardedFor: read anonymous callers' address from `X-Forwarded-For`.
    public init(limiter: RateLimiter, trustForwardedFor: Bool) {
        self.limiter = limiter
        self.trustForwardedFor = trustForwardedFor
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path.hasPrefix("/static/") || request.uri.path == "/api/v1/system/health" {
            return try await next(request, context)
        }
        let key: String
        if let principal = context.principal {
            switch principal.credential {
            case .apiKey(let id): key = "key:\(id)"
            case .session: key = "user:\(principal.userID)"
            }
        } else {
            key = "ip:" + ClientAddress.of(request, context: context, trustForwardedFor: trustForwardedFor)
        }
        if case .limited(let retryAfter) = await limiter.consume(key) {
            throw APIError.rateLimited(retryAfter: retryAfter, "request rate limit reached")
        }
        return try await next(request, context)
    }
}
