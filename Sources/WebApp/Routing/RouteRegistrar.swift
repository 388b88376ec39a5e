import Foundation
import OrchestratorCore
import Hummingbird
import HummingbirdWebSocket
import Orchestration

/// Adds routes to the router, each with its ``AccessLevel`` enforced before the handler runs.
public struct RouteRegistrar {
    let router: Router<AppRequestContext>
    /// What has been registered so far.
    public private(set) var catalog = RouteCatalog()

    init(router: Router<AppRequestContext>) { self.router = router }

    /// What an agent's token may do on a route: act only on its own project (and read who it is); read it,
    /// report, reply, message, post their hooks and schedule, but not merge, push, press keys or reshape it.
    /// Public routes are open to agents as to anyone, and `/mcp` too: each of its tool calls goes to the REST API
    /// with the agent's own token, so these same checks apply to it there.
    static func agentScopeCheck(method: HTTPRequest.Method, path: String, access: AccessLevel) -> @Sendable (AppRequestContext) throws -> Void {
        if access == .public || path == "/mcp" { return { _ in } }
        let projectRoute = path.hasPrefix("/api/v1/projects/:id") || path.hasPrefix("/ws/projects/:id")
        let openToAgents = projectRoute || path == "/api/v1/me"
        let mayWrite = method == .get || agentWritablePaths.contains(path)
        return { context in
            guard let scope = context.principal?.projectScope else { return }
            guard openToAgents, !projectRoute || context.parameters.get("id") == scope else {
                throw AuthFailure.forbidden(reason: "this agent token is limited to project \(scope)")
            }
            guard mayWrite else {
                throw AuthFailure.forbidden(reason: "agents may report, reply, send messages, post their hooks and schedule check-ins; ask a manager for the rest")
            }
        }
    }

    /// The only changes an agent's token may make.
    static let agentWritablePaths: Set<String> = [
        "/api/v1/projects/:id/messages", "/api/v1/projects/:id/checkins", "/api/v1/projects/:id/agents/:agent_id/report",
        "/api/v1/projects/:id/agents/:agent_id/hooks", "/api/v1/projects/:id/agents/:agent_id/reply",
    ]

    /// Adds a route.
    /// - Parameters:
    ///   - method: HTTP method.
    ///   - path: path pattern with `:name` parameters.
    ///   - access: who may call it.
    ///   - handler: the work; it runs only after the access check passed.
    mutating func on<Output: ResponseGenerator>(
        _ method: HTTPRequest.Method, _ path: String, _ access: AccessLevel,
        _ handler: @escaping @Sendable (Request, AppRequestContext) async throws -> Output
    ) {
        catalog.record(.init(method: method.rawValue, path: path, access: access))
        let checkAgent = Self.agentScopeCheck(method: method, path: path, access: access)
        router.on(RouterPath(path), method: method) { request, context in
            try context.authorize(access)
            try checkAgent(context)
            return try await handler(request, context)
        }
    }

    /// Adds a WebSocket route: `access` and `shouldUpgrade` are checked before the upgrade (failures answer
    /// with their HTTP error and no upgrade happens).
    mutating func webSocket(
        _ path: String, _ access: AccessLevel, shouldUpgrade: @escaping @Sendable (Request, AppRequestContext) async throws -> Void,
        onUpgrade: @escaping WebSocketDataHandler<WebSocketRouterContext<AppRequestContext>>
    ) {
        catalog.record(.init(method: "GET", path: path, access: access))
        let checkAgent = Self.agentScopeCheck(method: .get, path: path, access: access)
        router.ws(RouterPath(path), shouldUpgrade: { request, context in
            do {
                // A page of another site must not open a socket with the visitor's cookie: a browser's handshake names
                // its origin, which must be this server (tools that send no Origin are judged by their credential alone).
                if let origin = request.headers[.origin], !Self.isSameOrigin(origin, host: request.head.authority) {
                    throw AuthFailure.forbidden(reason: "WebSocket connections are accepted from this server's own pages only")
                }
                try context.authorize(access)
                // A plain GET gets told what this is rather than an empty 200.
                guard request.headers[.upgrade]?.lowercased().contains("websocket") == true else {
                    throw APIError(.upgradeRequired, "upgrade_required", "this is a WebSocket endpoint: connect with Upgrade: websocket")
                }
                try checkAgent(context)
                try await shouldUpgrade(request, context)
                return .upgrade([:])
            } catch {
                // The handshake's refusal goes out as Hummingbird's fixed 400; it is written with this status instead.
                UpgradeRefusals.note(UpgradeRefusals.status(for: error), for: context.connection)
                throw error
            }
        }, onUpgrade: onUpgrade)
    }

    /// Whether an `Origin` header names the host (and port) the request was sent to. Browsers send their page's
    /// `http(s)` origin; a `ws(s)` origin comes from a WebSocket library, not a page, and is judged by its credential.
    static func isSameOrigin(_ origin: String, host: String?) -> Bool {
        guard let url = URL(string: origin), let originHost = url.host else { return false }
        if let scheme = url.scheme?.lowercased(), scheme == "ws" || scheme == "wss" { return true }
        guard let host else { return false }
        let port = url.port.map { ":\($0)" } ?? ""
        return (originHost + port).lowercased() == host.lowercased() || (url.port == nil && originHost.lowercased() == host.lowercased())
    }

    mutating func get<Output: ResponseGenerator>(
        _ path: String, _ access: AccessLevel, _ handler: @escaping @Sendable (Request, AppRequestContext) async throws -> Output
    ) { on(.get, path, access, handler) }

    mutating func post<Output: ResponseGenerator>(
        _ path: String, _ access: AccessLevel, _ handler: @escaping @Sendable (Request, AppRequestContext) async throws -> Output
    ) { on(.post, path, access, handler) }

    mutating func patch<Output: ResponseGenerator>(
        _ path: String, _ access: AccessLevel, _ handler: @escaping @Sendable (Request, AppRequestContext) async throws -> Output
    ) { on(.patch, path, access, handler) }

    mutating func put<Output: ResponseGenerator>(
        _ path: String, _ access: AccessLevel, _ handler: @escaping @Sendable (Request, AppRequestContext) async throws -> Output
    ) { on(.put, path, access, handler) }

    mutating func delete<Output: ResponseGenerator>(
        _ path: String, _ access: AccessLevel, _ handler: @escaping @Sendable (Request, AppRequestContext) async throws -> Output
    ) { on(.delete, path, access, handler) }
}
