/// How agents are launched.
public struct AgentSettings: Codable, Sendable, Equatable {
    /// Launch command for agents without a profile command; unset means `claude` when found, else a shell.
    public var defaultCommand: String?

    /// Built-in defaults.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case defaultCommand = "default_command"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        defaultCommand = try c.optionalValue(.defaultCommand, or: Self().defaultCommand)
    }
}
