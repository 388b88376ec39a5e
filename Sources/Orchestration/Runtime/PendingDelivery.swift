import Storage

/// A message to deliver with its project and agent as read when it was queued, so the delivery that starts at
/// once needs no read of its own.
package struct PendingDelivery: Sendable {
    package var message: MessageRecord
    package var project: ProjectRecord?
    package var agent: AgentRecord?
}
