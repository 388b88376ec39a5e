/// The database's tables, by their SQL names, for ``TableVersions``.
public enum DatabaseTable: String, Sendable, CaseIterable {
    case project, agent, message, event, user
    case apiKey = "api_key"
    case auditLog = "audit_log"
    case refreshToken = "refresh_token"
    case scheduledCheckin = "scheduled_checkin"
    case meta
    case chatSession = "chat_session"
    case chatMessage = "chat_message"
    case batch
    case batchItem = "batch_item"
}
