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
        case "agent_reply": return "\(value("sender")) replied to message #\(value("in_reply_to"))"
        case "approval_dry_run": return "Rule \(value("rule_id")) would have answered \(value("would_answer")) for \(value("agent_id")) (dry run)"
        case "agent_input":
            if let answer = fields["answer"] as? String { return "\(value("by")) answered “\(answer)” for \(value("agent_id"))" }
            let keys = (fields["keys"] as? [String])?.joined(separator: " ") ?? "?"
            return "\(value("by")) pressed \(keys) in \(value("agent_id"))"
        case "message_held": return "Message #\(value("id")) to \(value("target_agent")) held: its agent waits for an answer"
        case "review_submitted": return "\(value("author")) sent \(value("agent_id")) a review (\(value("comments")) comments)"
        case "batch_completed": return "Batch \(value("batch_id")) finished: \(value("completed")) completed, \(value("failed")) failed"
        case "ai_insight": return value("message") == "?" ? "New insight" : value("message")
        default: return type.replacingOccurrences(of: "_", with: " ")
        }
    }
}
