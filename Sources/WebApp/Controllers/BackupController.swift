import Foundation
import Hummingbird
import Orchestration
import OrchestratorCore
import Storage

/// `GET /api/v1/system/backups` (the schedule and the backups kept), `POST /api/v1/system/backups` (one now), and the
/// system page's "Back up now" form; admins only.
struct BackupController {
    let services: AppServices

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/api/v1/system/backups", .role(.admin), list)
        routes.post("/api/v1/system/backups", .role(.admin), create)
        routes.post("/system/backups", .role(.admin), createFromPage)
    }

    struct BackupList: ResponseEncodable {
        var intervalMinutes: Double
        var keep: Int
        var directory: String
        var lastError: String?
        var backups: [BackupRecord]
        enum CodingKeys: String, CodingKey {
            case keep, directory, backups
            case intervalMinutes = "interval_minutes"
            case lastError = "last_error"
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let schedule = services.runtime.backups
        return try BackupList(
            intervalMinutes: schedule.intervalMinutes, keep: schedule.keep, directory: schedule.folder, lastError: await schedule.lastError,
            backups: await schedule.list()
        ).response(from: request, context: context)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let record = try await backUp(context)
        var response = try record.response(from: request, context: context)
        response.status = .created
        return response
    }

    @Sendable func createFromPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await backUp(context)
        return .redirect(to: "/system?notice=backup-written#backups", type: .normal)
    }

    private func backUp(_ context: AppRequestContext) async throws -> BackupRecord {
        let principal = try context.requirePrincipal()
        do {
            let record = try await services.runtime.backups.backUp()
            try? services.database.recordAudit(actor: principal.actorLabel, action: "backup.create", target: record.name, details: record.sha256)
            return record
        } catch let error as BackupError {
            throw APIError(.serviceUnavailable, "backup_failed", error.description)
        }
    }
}

extension BackupRecord: ResponseEncodable {}
