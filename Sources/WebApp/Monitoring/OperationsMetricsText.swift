import Foundation
import Orchestration
import Storage

/// The exposition lines of what an operator alerts on beyond the counts: how long agents have waited for a person,
/// how long messages took to be delivered, and whether backups are being written.
enum OperationsMetricsText {
    struct Backups {
        var intervalSeconds: Double
        var succeeded: Int
        var failed: Int
        var newest: Date?
    }

    static func render(
        waits: [AgentWaitTime], latency: [String: ResponseHistogram], backups: Backups, notifications: [String: Int] = [:],
        notificationDelay: ResponseHistogram? = nil
    ) -> String {
        var out = PrometheusText()
        out.header("orchestrator_agent_waiting_seconds", "Seconds each agent of a running project has waited for a person (0 when it does not wait)", "gauge")
        for wait in waits {
            out.sample("orchestrator_agent_waiting_seconds", [("project", wait.projectID), ("agent", wait.agentID)], "\(wait.seconds.rounded())")
        }
        out.header("orchestrator_agents_waiting_longest_seconds", "The longest any agent has waited for a person right now (0 when none waits)", "gauge")
        out.sample("orchestrator_agents_waiting_longest_seconds", [], "\((waits.map(\.seconds).max() ?? 0).rounded())")

        out.header("orchestrator_message_delivery_seconds", "Time from a message being queued to its delivery (or to giving up), by outcome", "histogram")
        for (outcome, histogram) in latency.sorted(by: { $0.key < $1.key }) {
            out.histogram("orchestrator_message_delivery_seconds", [("outcome", outcome)], histogram)
        }

        out.header("orchestrator_backups_total", "Scheduled and requested backups since the server started, by outcome", "counter")
        out.sample("orchestrator_backups_total", [("outcome", "succeeded")], "\(backups.succeeded)")
        out.sample("orchestrator_backups_total", [("outcome", "failed")], "\(backups.failed)")
        out.header("orchestrator_backup_interval_seconds", "Seconds between scheduled backups (0: off)", "gauge")
        out.sample("orchestrator_backup_interval_seconds", [], "\(backups.intervalSeconds)")
        out.header("orchestrator_backup_newest_timestamp_seconds", "When the newest backup in the backups folder was written (0: none)", "gauge")
        out.sample("orchestrator_backup_newest_timestamp_seconds", [], "\((backups.newest?.timeIntervalSince1970 ?? 0).rounded())")
        out.header("orchestrator_notifications_total", "Notification attempts since the server started, by channel, event and outcome", "counter")
        for (key, count) in notifications.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "/", maxSplits: 2).map(String.init)
            guard parts.count == 3 else { continue }
            out.sample("orchestrator_notifications_total", [("channel", parts[0]), ("event", parts[1]), ("outcome", parts[2])], "\(count)")
        }
        if let delay = notificationDelay {
            out.header("orchestrator_notification_delay_seconds", "From the event to the push service taking the notification", "histogram")
            out.histogram("orchestrator_notification_delay_seconds", [], delay)
        }
        return out.text
    }
}
