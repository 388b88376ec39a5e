import Crypto
import Foundation
import Hummingbird
import OrchestratorCore
import Storage
import Orchestration

/// `GET /api/v1/projects/{id}/status`, `GET /api/v1/projects/{id}/metrics`, `GET /api/v1/system/metrics` and
/// the Prometheus exposition at `GET /metrics` (open on loopback, elsewhere behind `monitoring.metrics_token`).
struct MonitoringController {
    let services: AppServices

    private var reports: MonitoringReports { MonitoringReports(services: services) }

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/api/v1/projects/:id/status", .role(.viewer), projectStatus)
        routes.get("/api/v1/projects/:id/metrics", .role(.viewer), projectMetrics)
        routes.get("/api/v1/system/metrics", .role(.viewer), systemMetrics)
        routes.get("/metrics", .public, prometheus)
    }

    @Sendable func projectStatus(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let versions = services.database.versions.versions(of: [.project, .agent, .message, .event])
        return try await services.representations.respond(to: request, key: request.uri.path, versions: versions) {
            try SnakeCaseJSON(try reports.projectStatus(id: id)).bytes()
        }
    }

    @Sendable func projectMetrics(_ request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<ProjectMetricsReport> {
        SnakeCaseJSON(try await reports.projectMetrics(id: try context.parameters.require("id")))
    }

    @Sendable func systemMetrics(_ request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<SystemMetrics> {
        SnakeCaseJSON(try await reports.system())
    }

    @Sendable func prometheus(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard mayScrape(request, context) else {
            throw APIError(
                .forbidden, "forbidden",
                "metrics are served on loopback; from elsewhere send 'Authorization: Bearer <monitoring.metrics_token>'")
        }
        let intelligence = services.intelligence
        let (sessions, queue, waits, usage) = try await services.database.offloaded { [database = services.database] in
            (try intelligence.activeSessionCount(), try database.pendingBatchItemCount(), try database.agentWaitTimes(), try database.usageSumsPerAgentAndModel())
        }
        let backups = services.runtime.backups
        let counts = await backups.counts
        let text = services.metrics.exposition(
            try await reports.system(), projectStatuses: ProjectStatus.allCases.map(\.rawValue),
            agentStates: AgentState.allCases.map(\.rawValue), messageStatuses: ["queued", "delivering", "delivered", "failed"])
            + IntelligenceMetricsText.render(
                requests: await intelligence.requestCounts, histograms: await intelligence.responseHistograms,
                naturalLanguage: await intelligence.naturalLanguageCounts, insights: await intelligence.insightCounts,
                sessionsActive: sessions, queueSize: queue, deliveryStalls: await services.runtime.delivery.stalls)
            + OperationsMetricsText.render(
                waits: waits, latency: await services.runtime.delivery.latency,
                backups: .init(
                    intervalSeconds: backups.intervalMinutes * 60, succeeded: counts.succeeded, failed: counts.failed,
                    newest: await backups.newestDate()),
                notifications: await services.runtime.notifications?.counts ?? [:], notificationDelay: await services.runtime.notifications?.delay)
            + UsageMetricsText.render(usage, prices: services.runtime.prices)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Loopback callers may scrape; others only with the configured token (compared in constant time).
    private func mayScrape(_ request: Request, _ context: AppRequestContext) -> Bool {
        let address = ClientAddress.of(request, context: context, trustForwardedFor: services.configuration.server.trustForwardedFor)
        // A proxy on this machine makes every caller look local, and a forwarded address is only as true as whoever
        // sent the header: a forwarded request is never taken as local, whatever server.trust_forwarded_for says.
        let forwarded = ["X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Forwarded-Host"].contains { request.headers[.init($0)!] != nil }
        let loopback = address == "local" || address == "::1" || address.hasPrefix("127.") || address.hasPrefix("::ffff:127.")
        if loopback && !forwarded { return true }
        guard let token = services.configuration.monitoring.metricsToken, !token.isEmpty,
            let header = request.headers[.authorization], header.hasPrefix("Bearer ")
        else { return false }
        let offered = SHA256.hash(data: Data(header.dropFirst(7).utf8))
        let expected = SHA256.hash(data: Data(token.utf8))
        return offered == expected
    }
}
