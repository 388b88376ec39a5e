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
        var lines: [String] = []
        func header(_ name: String, _ help: String, _ type: String) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
        }
        header("orchestrator_agent_waiting_seconds", "Seconds each agent of a running project has waited for a person (0 when it does not wait)", "gauge")
        for wait in waits {
            lines.append("orchestrator_agent_waiting_seconds{project=\"\(escape(wait.projectID))\",agent=\"\(escape(wait.agentID))\"} \(wait.seconds.rounded())")
        }
        header("orchestrator_agents_waiting_longest_seconds", "The longest any agent has waited for a person right now (0 when none waits)", "gauge")
        lines.append("orchestrator_agents_waiting_longest_seconds \((waits.map(\.seconds).max() ?? 0).rounded())")

        header("orchestrator_message_delivery_seconds", "Time from a message being queued to its delivery (or to giving up), by outcome", "histogram")
        for (outcome, histogram) in latency.sorted(by: { $0.key < $1.key }) {
            for (index, bound) in histogram.bounds.enumerated() {
                lines.append("orchestrator_message_delivery_seconds_bucket{outcome=\"\(outcome)\",le=\"\(bound)\"} \(histogram.buckets[index])")
            }
            lines.append("orchestrator_message_delivery_seconds_bucket{outcome=\"\(outcome)\",le=\"+Inf\"} \(histogram.count)")
            lines.append("orchestrator_message_delivery_seconds_sum{outcome=\"\(outcome)\"} \(histogram.sum)")
            lines.append("orchestrator_message_delivery_seconds_count{outcome=\"\(outcome)\"} \(histogram.count)")
        }

        header("orchestrator_backups_total", "Scheduled and requested backups since the server started, by outcome", "counter")
        lines.append("orchestrator_backups_total{outcome=\"succeeded\"} \(backups.succeeded)")
        lines.append("orchestrator_backups_total{outcome=\"failed\"} \(backups.failed)")
        header("orchestrator_backup_interval_seconds", "Seconds between scheduled backups (0: off)", "gauge")
        lines.append("orchestrator_backup_interval_seconds \(backups.intervalSeconds)")
        header("orchestrator_backup_newest_timestamp_seconds", "When the newest backup in the backups folder was written (0: none)", "gauge")
        lines.append("orchestrator_backup_newest_timestamp_seconds \((backups.newest?.timeIntervalSince1970 ?? 0).rounded())")
        header("orchestrator_notifications_total", "Notification attempts since the server started, by channel, event and outcome", "counter")
        for (key, count) in notifications.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "/", maxSplits: 2).map(String.init)
            guard parts.count == 3 else { continue }
            lines.append("orchestrator_notifications_total{channel=\"\(escape(parts[0]))\",event=\"\(escape(parts[1]))\",outcome=\"\(escape(parts[2]))\"} \(count)")
        }
        if let delay = notificationDelay {
            header("orchestrator_notification_delay_seconds", "From the event to the push service taking the notification", "histogram")
            for (index, bound) in delay.bounds.enumerated() {
                lines.append("orchestrator_notification_delay_seconds_bucket{le=\"\(bound)\"} \(delay.buckets[index])")
            }
            lines.append("orchestrator_notification_delay_seconds_bucket{le=\"+Inf\"} \(delay.count)")
            lines.append("orchestrator_notification_delay_seconds_sum \(delay.sum)")
            lines.append("orchestrator_notification_delay_seconds_count \(delay.count)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
