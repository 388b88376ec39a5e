import Hummingbird
import Orchestration

/// Records every request's route, method and duration in ``RequestMetrics``, and gives every response an
/// `X-Request-ID` header carrying the id its log lines hold.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: RequestMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            var response = try await next(request, context)
            response.headers[.init("X-Request-ID")!] = context.id
            metrics.record(method: request.method.rawValue, endpoint: Self.endpoint(request, context), duration: clock.now - start)
            return response
        } catch {
            metrics.record(method: request.method.rawValue, endpoint: Self.endpoint(request, context), duration: clock.now - start)
            throw error
        }
    }

    /// The route's pattern; files and unknown paths are grouped so they cannot multiply the series.
    static func endpoint(_ request: Request, _ context: Context) -> String {
        if request.uri.path.hasPrefix("/static/") { return "/static" }
        return context.endpointPath ?? "unmatched"
    }
}
