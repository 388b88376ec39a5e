import Foundation
import Orchestration

/// One line of words for a stored event, for the events timeline.
enum EventSummary {
    /// A sentence for an event of `type` whose data is the JSON `data`.
    static func text(type: String, data: String) -> String {
        let fields = (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
        func value(_ key: String) -> String { (fields[key]).map { "\($0)" } ?? "?" }
        switch type {
        case "agent_status_update": return "\(value("agent_id")) is now \(value("status"))"
        case "project_status_change": return "Project is now \(value("status"))"
        case "message_queued": return "Message #\(value("id")) from \(value("sender")) to \(value("target_agent")) queued"
        case "message_delivered": return "Message #\(value("id")) delivered to \(value("target_agent"))"
        case "message_failed": return "Message #\(value("id")) to \(value("target_agent")) failed: \(value("failure_reason"))"
        case "agent_report":
            let task = fields["current_task"].map { ": \($0)" } ?? ""
            return "\(value("agent_id")) reported\(task)"
        case "checkin_delivered": return "Check-in delivered to \(value("target_agent"))"
        case "git_event":
            let hash = String(value("hash").prefix(8))
            return "git \(value("event")) on \(value("branch"))\(hash.isEmpty || hash == "?" ? "" : " (\(hash))"): \(value("message"))"
        case "system_alert": return value("message")
        default: return type.replacingOccurrences(of: "_", with: " ")
        }
    }
}
