import OrchestratorCore
import Orchestration

/// The least a caller needs to reach a route. Every route declares one (see ``RouteCatalog``).
public enum AccessLevel: Sendable, Equatable, CustomStringConvertible {
    /// Anyone, signed in or not.
    case `public`
    /// Any signed-in user or key; the handler may check more (e.g. "yourself or an admin").
    case authenticated
    /// Signed in with at least this role.
    case role(Role)

    /// The role this level guarantees, if any.
    public var minimumRole: Role? {
        switch self {
        case .public: nil
        case .authenticated: .viewer
        case .role(let role): role
        }
    }

    public var description: String {
        switch self {
        case .public: "public"
        case .authenticated: "authenticated"
        case .role(let role): role.rawValue
        }
    }
}
