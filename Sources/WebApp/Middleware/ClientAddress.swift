import Foundation
import Hummingbird
import NIOCore

/// The address a request came from, for per-address limits and the audit log.
enum ClientAddress {
    /// The peer's IP, or the first `X-Forwarded-For` entry when configured to trust a proxy.
    static func of(_ request: Request, context: AppRequestContext, trustForwardedFor: Bool) -> String {
        if trustForwardedFor, let forwarded = request.headers[.init("X-Forwarded-For")!],
            let first = forwarded.split(separator: ",").first
        {
            return first.trimmingCharacters(in: .whitespaces)
        }
        return context.remoteAddress?.ipAddress ?? "local"
    }
}
