/// A project's row and its agents' rows, with their row ids: what one entry of the project list is built from.
public struct ProjectRows: Sendable {
    public var project: ProjectRecord
    public var projectRowID: Int64
    /// In creation order.
    public var agents: [AgentRecord]
    public var agentRowIDs: [Int64]
}
