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
    /// The message this one answers, if it is a reply.
    var inReplyTo: Int64?
    /// A reply was asked for and has not come yet.
    var awaitsReply: Bool
    /// A reply was asked for and came.
    var answered: Bool

    /// - Parameters:
    ///   - message: the stored message.
    ///   - agent: on an agent's page, that agent.
    ///   - answeredIDs: ids of the messages some reply answers.
    init(_ message: MessageRecord, agent: String? = nil, answeredIDs: Set<Int64> = []) {
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
        inReplyTo = message.inReplyTo
        answered = message.requiresResponse && message.id.map(answeredIDs.contains) == true
        awaitsReply = message.requiresResponse && !answered
    }
}
