import Foundation
import Storage

/// A stored message and its delivery state.
public struct MessageResponse: Codable, JSONWritable, Sendable {
    public var id: Int64
    public var projectId: String
    public var targetAgent: String
    public var kind: String
    public var sender: String
    public var senderKind: String
    public var content: String
    /// `content` rendered from Markdown to safe HTML (raw HTML dropped).
    public var contentHtml: String?
    public var priority: String
    public var requiresResponse: Bool
    public var status: String
    public var failureReason: String?
    /// Why a queued message waits, e.g. "held: the agent is waiting for an answer".
    public var statusDetail: String?
    /// The message this one answers.
    public var inReplyTo: Int64?
    public var attempts: Int
    public var createdAt: Date
    public var deliveredAt: Date?

    package init(_ message: MessageRecord) {
        id = message.id ?? 0
        projectId = message.projectId
        targetAgent = message.targetAgent
        kind = message.kind
        sender = message.sender
        senderKind = message.senderKind
        content = message.content
        contentHtml = Markdown.html(message.content)
        priority = message.priority
        requiresResponse = message.requiresResponse
        status = message.status
        failureReason = message.failureReason
        statusDetail = message.holdReason
        inReplyTo = message.inReplyTo
        attempts = message.attempts
        createdAt = message.createdAt
        deliveredAt = message.deliveredAt
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("id", id)
        writer.field("project_id", projectId)
        writer.field("target_agent", targetAgent)
        writer.field("kind", kind)
        writer.field("sender", sender)
        writer.field("sender_kind", senderKind)
        writer.field("content", content)
        writer.field("content_html", contentHtml)
        writer.field("priority", priority)
        writer.field("requires_response", requiresResponse)
        writer.field("status", status)
        writer.field("failure_reason", failureReason)
        writer.field("status_detail", statusDetail)
        writer.field("in_reply_to", inReplyTo)
        writer.field("attempts", attempts)
        writer.field("created_at", createdAt)
        writer.field("delivered_at", deliveredAt)
        writer.endObject()
    }

    package enum CodingKeys: String, CodingKey {
        case id, kind, sender, content, priority, status, attempts
        case projectId = "project_id"
        case targetAgent = "target_agent"
        case senderKind = "sender_kind"
        case contentHtml = "content_html"
        case requiresResponse = "requires_response"
        case failureReason = "failure_reason"
        case statusDetail = "status_detail"
        case inReplyTo = "in_reply_to"
        case createdAt = "created_at"
        case deliveredAt = "delivered_at"
    }
}
