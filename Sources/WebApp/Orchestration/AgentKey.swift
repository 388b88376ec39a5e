/// One agent of one project, as a dictionary key.
struct AgentKey: Hashable, Sendable, CustomStringConvertible {
    var projectID: String
    var agentID: String

    var description: String { "\(projectID)/\(agentID)" }
}
