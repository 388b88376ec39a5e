import Foundation
import Hummingbird
import NIOCore
import Orchestration

/// The address a request came from, for per-address limits and the audit log.
enum ClientAddress {
    /// The peer's IP, or, when configured to trust a proxy, the last `X-Forwarded-For` entry: the address
    /// that proxy saw (earlier entries are written by the client and can be forged).
    static func of(_ request: Request, context: AppRequestContext, trustForwardedFor: Bool) -> String {
        if trustForwardedFor, let forwarded = request.headers[.init("X-Forwarded-For")!],
            let last = forwarded.split(separator: ",").last
        {
            return last.trimmingCharacters(in: .whitespaces)
        }
        return context.remoteAddress?.ipAddress ?? "local"
    }
}
