/// What ``AppDatabase/enqueueChecked(_:)`` did with a message.
public enum QueuedMessage: Sendable {
    /// The project does not exist; nothing was stored.
    case noProject
    /// The project has no such agent; nothing was stored.
    case noAgent(ProjectRecord)
    /// The project is terminated and takes no messages; nothing was stored.
    case projectTerminated(ProjectRecord)
    /// Stored as queued. `isNext` when no other message waits for the agent (so it is the next to deliver).
    case queued(MessageRecord, project: ProjectRecord, agent: AgentRecord, isNext: Bool)
}
