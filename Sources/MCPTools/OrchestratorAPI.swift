import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The orchestrator's REST API as a tool sees it: every call carries the caller's own credential, so a tool can do
/// exactly what that token or key may do (its role, and an agent token's project scope).
public struct OrchestratorAPI: Sendable {
    /// Where the server listens, e.g. `http://127.0.0.1:8000`.
    public let baseURL: URL
    /// The `Authorization` header value (`Bearer …`), or nil with an `X-API-Key`.
    let authorization: String?
    let apiKey: String?

    /// A client sending `Authorization: Bearer <token>` (an access token or API key).
    public init(baseURL: URL, token: String) {
        self.baseURL = baseURL
        self.authorization = "Bearer \(token)"
        self.apiKey = nil
    }

    /// A client passing on a request's own credential headers.
    public init(baseURL: URL, authorization: String?, apiKey: String?) {
        self.baseURL = baseURL
        self.authorization = authorization
        self.apiKey = apiKey
    }

    /// Whether calls carry any credential.
    public var hasCredential: Bool { authorization != nil || apiKey != nil }

    /// One call; the status and the decoded JSON body (nil when it was not JSON).
    func call(_ method: String, _ path: String, body: [String: Any]? = nil) async throws -> (status: Int, json: Any?) {
        guard let url = URL(string: path, relativeTo: baseURL) else { throw ToolFailure("bad path \(path)") }
        var request = URLRequest(url: url, timeoutInterval: 120)
        request.httpMethod = method
        if let authorization { request.setValue(authorization, forHTTPHeaderField: "Authorization") }
        if let apiKey { request.setValue(apiKey, forHTTPHeaderField: "X-API-Key") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw ToolFailure("the orchestrator at \(baseURL.absoluteString) could not be reached: \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }
}
