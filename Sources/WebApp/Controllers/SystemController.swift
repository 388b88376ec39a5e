import Foundation
import Hummingbird
import Orchestration

/// `GET /api/v1/system/health` (liveness) and `GET /api/v1/system/ready` (readiness).
struct SystemController {
    let services: AppServices

    /// The server's version.
    static let version = "0.1.0"

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/api/v1/system/health", .public, health)
        routes.get("/api/v1/system/ready", .public, ready)
    }

    struct Health: ResponseEncodable {
        var status = "ok"
        var version = SystemController.version
        var uptimeSeconds: Int
        enum CodingKeys: String, CodingKey {
            case status, version
            case uptimeSeconds = "uptime_seconds"
        }
    }

    struct Readiness: ResponseEncodable {
        var ready: Bool
        var checks: [String: ReadinessProbe.Check]
        var missing: [String]
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Health {
        Health(uptimeSeconds: Int(Date().timeIntervalSince(services.startedAt)))
    }

    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> Response {
        let checks = await services.readiness.run()
        let missing = checks.filter { !$0.value.ok }.keys.sorted()
        return try Readiness(ready: missing.isEmpty, checks: checks, missing: missing)
            .response(status: missing.isEmpty ? .ok : .serviceUnavailable, from: request, context: context)
    }
}
