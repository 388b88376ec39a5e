import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Talks to a running server over HTTP for the commands people and agents use from a terminal:
/// `ORCHESTRATOR_URL` and `ORCHESTRATOR_TOKEN` (an access token or API key) come from the environment,
/// which the orchestrator sets in every agent's window.
struct ServerClient {
    let baseURL: URL
    let token: String

    /// From `--url`/`--token` or the environment.
    init(url: String?, token: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let text = url ?? environment["ORCHESTRATOR_URL"], let baseURL = URL(string: text), baseURL.scheme != nil else {
            throw ValidationError("set ORCHESTRATOR_URL (e.g. http://127.0.0.1:8000) or pass --url")
        }
        guard let token = token ?? environment["ORCHESTRATOR_TOKEN"], !token.isEmpty else {
            throw ValidationError("set ORCHESTRATOR_TOKEN (an access token or API key) or pass --token")
        }
        self.baseURL = baseURL
        self.token = token
    }

    /// Sends a request and returns the JSON answer; HTTP errors become a message from the server's error shape.
    func call(_ method: String, _ path: String, body: [String: Any]? = nil) async throws -> Any {
        guard let url = URL(string: path, relativeTo: baseURL) else { throw ValidationError("bad path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let json = data.isEmpty ? [:] : (try? JSONSerialization.jsonObject(with: data)) ?? [:]
        guard (200..<300).contains(status) else {
            let error = (json as? [String: Any])?["error"] as? [String: Any]
            throw ValidationError("server answered \(status): \(error?["message"] as? String ?? String(decoding: data, as: UTF8.self))")
        }
        return json
    }
}

extension ServerClient {
    /// A status and a body, as one value that may cross tasks.
    struct Answer: Sendable {
        var status: Int
        var body: Data
    }

    /// Posts raw JSON bytes and returns the HTTP status (0 when the server could not be reached in time).
    func post(_ path: String, json: Data, timeout: TimeInterval) async -> (status: Int, body: Data) {
        guard let url = URL(string: path, relativeTo: baseURL) else { return (0, Data()) }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = json
        let sent = request
        let answer = await Deadline.within(timeout) { () async -> Answer? in
            guard let (data, response) = try? await URLSession.shared.data(for: sent) else { return nil }
            return Answer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
        }
        return answer.map { ($0.status, $0.body) } ?? (0, Data())
    }
}

/// `--url`, `--token`, `--project` shared by the client commands.
struct ServerOptions: ParsableArguments {
    @Option(help: "Server URL; default ORCHESTRATOR_URL.") var url: String?
    @Option(help: "Access token or API key; default ORCHESTRATOR_TOKEN.") var token: String?

    func client() throws -> ServerClient { try ServerClient(url: url, token: token) }

    /// `value`, else the environment variable, else a clear error.
    static func required(_ value: String?, _ variable: String, _ what: String) throws -> String {
        guard let result = value ?? ProcessInfo.processInfo.environment[variable], !result.isEmpty else {
            throw ValidationError("give the \(what) or set \(variable)")
        }
        return result
    }
}
