import Hummingbird
import HummingbirdWebSocket
import NIOCore
import OrchestratorCore
import Orchestration

/// Per-request state: who is calling and how they proved it.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller, if any.
    public var principal: Principal?
    /// True when the credential came from the login cookie (CSRF rules apply).
    public var authenticatedByCookie = false
    /// Why presented credentials were refused, shown when a protected route answers 401.
    public var credentialProblem: String?
    /// Tokens renewed in passing for a page request, to be sent back as cookies.
    public var renewedTokens: IssuedTokens?
    /// The peer's address.
    public let remoteAddress: SocketAddress?
    /// Where an upgraded request's WebSocket handler is kept.
    public let webSocket = WebSocketHandlerReference<AppRequestContext>()
    /// The connection, to tell ``UpgradeRefusals`` why a WebSocket handshake was refused.
    let connection: ObjectIdentifier

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.connection = ObjectIdentifier(source.channel)
    }

    /// The caller; throws 401 when nobody is signed in.
    public func requirePrincipal() throws -> Principal {
        guard let principal else {
            throw AuthFailure.unauthenticated(reason: credentialProblem ?? "authentication required")
        }
        return principal
    }

    /// Checks the caller against a route's access level.
    /// - Throws: ``AuthFailure/unauthenticated(reason:)`` or ``AuthFailure/forbidden(reason:)``.
    public func authorize(_ level: AccessLevel) throws {
        guard let required = level.minimumRole else { return }
        let principal = try requirePrincipal()
        guard principal.role.allows(required) else {
            throw AuthFailure.forbidden(reason: "requires the \(required.rawValue) role; you are \(principal.role.rawValue)")
        }
    }
}
