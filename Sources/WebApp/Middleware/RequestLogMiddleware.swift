import Foundation
import Hummingbird
import HummingbirdCore
import Logging

/// Logs each request's method and path, with the values of query parameters that carry credentials (`token=`,
/// `access_token=`, `key=`, …) replaced by `[redacted]`: a WebSocket's `?token=` must not end up in a log file.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let level: Logger.Level

    /// Query parameter names whose values are never logged (compared without case).
    static var secretNames: Set<String> { ["token", "access_token", "refresh_token", "key", "api_key", "apikey", "password", "secret", "code", "signature"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        context.logger.log(
            level: level, "Request",
            metadata: ["hb.request.path": .string(Self.loggable(request.uri)), "hb.request.method": .string(request.method.rawValue)])
        return try await next(request, context)
    }

    /// The path and query of `uri` with secret values redacted.
    static func loggable(_ uri: URI) -> String {
        guard let query = uri.query, !query.isEmpty else { return uri.path }
        let parts = query.split(separator: "&", omittingEmptySubsequences: false).map { part -> String in
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = (pair.first.map(String.init) ?? "").removingPercentEncoding?.lowercased() ?? ""
            return pair.count == 2 && secretNames.contains(name) ? "\(pair[0])=[redacted]" : String(part)
        }
        return uri.path + "?" + parts.joined(separator: "&")
    }
}
