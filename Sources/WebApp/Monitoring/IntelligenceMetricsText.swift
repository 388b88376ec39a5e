import Foundation
import Orchestration

/// The intelligence layer's metrics in Prometheus text, under the spec's names: `daemon_requests_total`,
/// `daemon_response_seconds`, `daemon_sessions_active`, `natural_language_requests_total`,
/// `batch_processing_queue_size` and `ai_insights_generated_total`.
enum IntelligenceMetricsText {
    static func render(
        requests: [String: [String: Int]], histograms: [String: ResponseHistogram], naturalLanguage: [String: [String: Int]],
        insights: [String: Int], sessionsActive: Int, queueSize: Int, deliveryStalls: Int = 0
    ) -> String {
        var lines: [String] = []
        func header(_ name: String, _ help: String, _ type: String) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
        }
        header("daemon_requests_total", "Requests answered by the intelligence layer, by type and outcome (ok, degraded)", "counter")
        for (type, byStatus) in requests.sorted(by: { $0.key < $1.key }) {
            for (status, count) in byStatus.sorted(by: { $0.key < $1.key }) {
                lines.append("daemon_requests_total{request_type=\"\(escape(type))\",status=\"\(escape(status))\"} \(count)")
            }
        }
        header("daemon_response_seconds", "How long the intelligence layer took to answer", "histogram")
        for (type, histogram) in histograms.sorted(by: { $0.key < $1.key }) {
            for (index, bound) in histogram.bounds.enumerated() {
                lines.append("daemon_response_seconds_bucket{request_type=\"\(escape(type))\",le=\"\(bound)\"} \(histogram.buckets[index])")
            }
            lines.append("daemon_response_seconds_bucket{request_type=\"\(escape(type))\",le=\"+Inf\"} \(histogram.count)")
            lines.append("daemon_response_seconds_sum{request_type=\"\(escape(type))\"} \(histogram.sum)")
            lines.append("daemon_response_seconds_count{request_type=\"\(escape(type))\"} \(histogram.count)")
        }
        header("daemon_sessions_active", "Chat sessions with a turn in the last 30 minutes", "gauge")
        lines.append("daemon_sessions_active \(sessionsActive)")
        header("natural_language_requests_total", "Natural-language requests by the intent understood and outcome", "counter")
        for (intent, byStatus) in naturalLanguage.sorted(by: { $0.key < $1.key }) {
            for (status, count) in byStatus.sorted(by: { $0.key < $1.key }) {
                lines.append("natural_language_requests_total{intent=\"\(escape(intent))\",status=\"\(escape(status))\"} \(count)")
            }
        }
        header("batch_processing_queue_size", "Batch items waiting to start", "gauge")
        lines.append("batch_processing_queue_size \(queueSize)")
        header("ai_insights_generated_total", "Insights announced, by type", "counter")
        for (type, count) in insights.sorted(by: { $0.key < $1.key }) {
            lines.append("ai_insights_generated_total{insight_type=\"\(escape(type))\"} \(count)")
        }
        header("orchestrator_delivery_stalls_total", "Messages found queued with no delivery running for their ready agent (should stay 0)", "counter")
        lines.append("orchestrator_delivery_stalls_total \(deliveryStalls)")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
