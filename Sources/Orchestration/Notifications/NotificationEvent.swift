/// The things a person can be told about, by the name notices and rules carry.
package enum NotificationEvent: String, CaseIterable, Sendable {
    /// An agent waits for a person (with its question).
    case agentWaiting = "agent_waiting"
    /// An agent's program stopped.
    case agentFailed = "agent_failed"
    /// An agent hit its usage limit (with the reset time).
    case agentExhausted = "agent_exhausted"
    /// Every agent of a project reported its work done.
    case projectFinished = "project_finished"
    /// A merge stopped on conflicts.
    case mergeConflict = "merge_conflict"
    /// An agent answered a message the person sent.
    case messageReply = "message_reply"
    /// A batch the person started finished.
    case batchFinished = "batch_finished"
    /// A project used 80 % of a budget limit, or reached it (and was paused).
    case budget = "budget"
    /// An SSH host stopped answering, or answers again (admins only).
    case hostStatus = "host_status"

    /// How the settings page names it.
    package var title: String {
        switch self {
        case .agentWaiting: "An agent waits for me"
        case .agentFailed: "An agent failed"
        case .agentExhausted: "An agent ran out of credits"
        case .projectFinished: "A project finished"
        case .mergeConflict: "A merge conflict"
        case .messageReply: "A reply to my message"
        case .batchFinished: "My batch finished"
        case .budget: "A project nears or reaches its budget"
        case .hostStatus: "A host stops answering (admins)"
        }
    }
}
