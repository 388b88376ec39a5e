import Storage

/// A message to deliver with its project and agent as read when it was queued, so the delivery that starts at
/// once needs no read of its own.
struct PendingDelivery: Sendable {
    var message: MessageRecord
    var project: ProjectRecord?
    var agent: AgentRecord?
}
