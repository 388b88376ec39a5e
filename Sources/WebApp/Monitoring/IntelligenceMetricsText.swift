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
        var out = PrometheusText()
        out.header("daemon_requests_total", "Requests answered by the intelligence layer, by type and outcome (ok, degraded)", "counter")
        for (type, byStatus) in requests.sorted(by: { $0.key < $1.key }) {
            for (status, count) in byStatus.sorted(by: { $0.key < $1.key }) {
                out.sample("daemon_requests_total", [("request_type", type), ("status", status)], "\(count)")
            }
        }
        out.header("daemon_response_seconds", "How long the intelligence layer took to answer", "histogram")
        for (type, histogram) in histograms.sorted(by: { $0.key < $1.key }) {
            out.histogram("daemon_response_seconds", [("request_type", type)], histogram)
        }
        out.header("daemon_sessions_active", "Chat sessions with a turn in the last 30 minutes", "gauge")
        out.sample("daemon_sessions_active", [], "\(sessionsActive)")
        out.header("natural_language_requests_total", "Natural-language requests by the intent understood and outcome", "counter")
        for (intent, byStatus) in naturalLanguage.sorted(by: { $0.key < $1.key }) {
            for (status, count) in byStatus.sorted(by: { $0.key < $1.key }) {
                out.sample("natural_language_requests_total", [("intent", intent), ("status", status)], "\(count)")
            }
        }
        out.header("batch_processing_queue_size", "Batch items waiting to start", "gauge")
        out.sample("batch_processing_queue_size", [], "\(queueSize)")
        out.header("ai_insights_generated_total", "Insights announced, by type", "counter")
        for (type, count) in insights.sorted(by: { $0.key < $1.key }) {
            out.sample("ai_insights_generated_total", [("insight_type", type)], "\(count)")
        }
        out.header("orchestrator_delivery_stalls_total", "Messages found queued with no delivery running for their ready agent (should stay 0)", "counter")
        out.sample("orchestrator_delivery_stalls_total", [], "\(deliveryStalls)")
        return out.text
    }
}
