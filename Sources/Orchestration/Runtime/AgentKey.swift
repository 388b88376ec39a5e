/// One agent of one project, as a dictionary key.
package struct AgentKey: Hashable, Sendable, CustomStringConvertible {
    package var projectID: String
    package var agentID: String

    package var description: String { "\(projectID)/\(agentID)" }
}
