/// The orchestrator's own tmux server.
public struct TmuxSettings: Codable, Sendable, Equatable {
    /// Socket name (`tmux -L <socket>`), so the user's own tmux is never touched.
    public var socket = "orchestrator"

    /// Built-in defaults.
    public init() {}

    package enum CodingKeys: String, CodingKey {
        case socket
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        socket = try c.value(.socket, or: Self().socket)
    }
}
