import Foundation
import GRDB

extension MessageRecord {
    /// Reads a row column by column: messages are read and written on every delivery, and Codable's snake-case
    /// key conversion was most of the cost (see ``AgentRecord/init(row:)``).
    public init(row: Row) throws {
        id = row["id"]
        projectId = row["project_id"]
        targetAgent = row["target_agent"]
        kind = row["kind"]
        senderKind = row["sender_kind"]
        sender = row["sender"]
        content = row["content"]
        priority = row["priority"]
        requiresResponse = row["requires_response"]
        status = row["status"]
        failureReason = row["failure_reason"]
        attempts = row["attempts"]
        createdAt = row["created_at"]
        deliveredAt = row["delivered_at"]
        checkinId = row["checkin_id"]
        pastedAt = row["pasted_at"]
        inReplyTo = row["in_reply_to"]
        holdReason = row["hold_reason"]
    }

    /// Writes every column by name, without going through `Encodable`.
    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["project_id"] = projectId
        container["target_agent"] = targetAgent
        container["kind"] = kind
        container["sender_kind"] = senderKind
        container["sender"] = sender
        container["content"] = content
        container["priority"] = priority
        container["requires_response"] = requiresResponse
        container["status"] = status
        container["failure_reason"] = failureReason
        container["attempts"] = attempts
        container["created_at"] = createdAt
        container["delivered_at"] = deliveredAt
        container["checkin_id"] = checkinId
        container["pasted_at"] = pastedAt
        container["in_reply_to"] = inReplyTo
        container["hold_reason"] = holdReason
    }
}
