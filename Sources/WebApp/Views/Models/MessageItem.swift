import Foundation
import Storage
import Orchestration

/// A message as the pages list it, its content rendered from Markdown.
struct MessageItem: Sendable {
    var id: Int64
    var sender: String
    var target: String
    var priority: String
    var status: String
    var contentHTML: String
    var created: String
    var requiresResponse: Bool
    var failureReason: String?
    var isFailed: Bool
    /// On an agent's page: `to` the agent or `from` it.
    var direction: String

    init(_ message: MessageRecord, agent: String? = nil) {
        id = message.id ?? 0
        sender = message.sender
        target = message.targetAgent
        priority = message.priority
        status = message.status
        contentHTML = Markdown.html(message.content)
        created = DisplayTime.text(message.createdAt)
        requiresResponse = message.requiresResponse
        failureReason = message.failureReason
        isFailed = message.status == "failed"
        direction = message.senderKind == "agent" && message.sender == agent ? "from" : "to"
    }
}
