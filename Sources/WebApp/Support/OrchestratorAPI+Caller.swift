import Foundation
import Hummingbird
import MCPTools

extension OrchestratorAPI {
    /// The REST API as the caller of `request` may use it: their bearer token or API key, or a browser's access cookie
    /// as a bearer token. Nil when the server's own address is unknown.
    static func asCaller(of request: Request, serverURL: String) -> OrchestratorAPI? {
        guard let base = URL(string: serverURL) else { return nil }
        var authorization = request.headers[.authorization]
        if authorization == nil, let cookie = request.cookies[AuthCookies.accessName]?.value, !cookie.isEmpty { authorization = "Bearer \(cookie)" }
        return OrchestratorAPI(baseURL: base, authorization: authorization, apiKey: request.headers[.init("X-API-Key")!])
    }
}
