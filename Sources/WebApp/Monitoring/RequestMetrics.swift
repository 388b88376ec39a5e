import Foundation
import Prometheus
import Orchestration

/// The Prometheus registry: request counts and response times recorded as requests finish, and gauges set
/// from a fresh ``SystemMetrics`` on every scrape.
public final class RequestMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let responseTime: DurationHistogram

    /// Creates the registry and its fixed metrics.
    public init() {
        responseTime = registry.makeDurationHistogram(
            descriptor: Self.descriptor("orchestrator_response_time_seconds", "Time to answer an HTTP request"),
            buckets: [.milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10)])
    }

    /// Counts one answered request. `endpoint` is the route's pattern, so ids do not multiply the series.
    func record(method: String, endpoint: String, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.descriptor("orchestrator_api_requests_total", "HTTP requests answered"),
            labels: [("method", method), ("endpoint", endpoint)]
        ).increment()
        responseTime.record(duration)
    }

    /// The exposition text after setting every gauge from `system`.
    func exposition(_ system: SystemMetrics, projectStatuses: [String], agentStates: [String], messageStatuses: [String]) -> String {
        gauge("orchestrator_active_projects", "Projects that are running", system.projects.active)
        for status in Set(projectStatuses).union(system.projects.byStatus.keys) {
            gauge("orchestrator_projects", "Projects by status", system.projects.byStatus[status] ?? 0, [("status", status)])
        }
        for state in Set(agentStates).union(system.agents.byStatus.keys) {
            gauge("orchestrator_agents", "Agents of projects that have not ended, by state", system.agents.byStatus[state] ?? 0, [("status", state)])
        }
        for status in Set(messageStatuses).union(system.messages.byStatus.keys) {
            gauge("orchestrator_messages", "Messages by delivery status", system.messages.byStatus[status] ?? 0, [("status", status)])
        }
        for (type, count) in system.events.byType {
            gauge("orchestrator_events_stored", "Events stored, by type", count, [("type", type)])
        }
        gauge("orchestrator_websocket_connections", "Open WebSocket connections", system.websocketConnections)
        gauge("orchestrator_database_bytes", "Size of the SQLite database file", Int(system.database.sizeBytes))
        gauge("orchestrator_database_wal_bytes", "Size of the SQLite write-ahead log", Int(system.database.walBytes))
        gauge("orchestrator_tmux_panes", "Panes on the orchestrator's tmux server", system.tmux.panes)
        gauge("orchestrator_tmux_memory_bytes", "Resident memory of the tmux server process", Int(system.tmux.memoryBytes ?? 0))
        gauge("orchestrator_process_resident_memory_bytes", "Resident memory of this server", Int(system.server.memoryBytes))
        registry.makeGauge(descriptor: Self.descriptor("orchestrator_process_cpu_seconds", "CPU time used by this server"))
            .set(system.server.cpuSeconds)
        gauge("orchestrator_uptime_seconds", "Seconds since this server started", system.server.uptimeSeconds)
        return registry.emitToString()
    }

    private func gauge(_ name: String, _ help: String, _ value: Int, _ labels: [(String, String)] = []) {
        if labels.isEmpty {
            registry.makeGauge(descriptor: Self.descriptor(name, help)).set(Double(value))
        } else {
            registry.makeGauge(descriptor: Self.descriptor(name, help), labels: labels).set(Double(value))
        }
    }

    /// A metric named exactly `name` (the unit is already part of it).
    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}
