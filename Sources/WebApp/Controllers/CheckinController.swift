import Foundation
import Hummingbird
import OrchestratorCore
import Storage
import Orchestration

/// `/api/v1/projects/{id}/checkins`: notes the scheduler delivers to an agent later, once or repeatedly.
struct CheckinController {
    let services: AppServices

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.post("/api/v1/projects/:id/checkins", .role(.manager), create)
        routes.get("/api/v1/projects/:id/checkins", .role(.viewer), list)
        routes.delete("/api/v1/projects/:id/checkins/:checkin_id", .role(.manager), cancel)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        guard try await services.database.projectExists(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
        let body = try await request.decodeBody(CheckinRequest.self, context: context)
        var check = Validator()
        check.require((body.minutes == nil) != (body.at == nil), "minutes", "give either minutes or at")
        check.require(body.minutes.map { $0 >= 0 && $0 <= 525_600 } ?? true, "minutes", "must be between 0 and 525600")
        let at = body.at.flatMap { ISO8601DateFormatter().date(from: $0) }
        check.require(body.at == nil || at != nil, "at", "must be an ISO 8601 time such as 2026-11-21T18:00:00Z")
        check.require(!body.note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "note", "must not be empty")
        check.require(!body.note.contains("\0") && body.note.utf8.count <= 20_000, "note", "must be at most 20000 bytes without NUL characters")
        check.require(body.repeatMinutes.map { (1...525_600).contains($0) } ?? true, "repeat_minutes", "must be between 1 and 525600")
        check.require(at.map { abs($0.timeIntervalSinceNow) < 366 * 24 * 3600 } ?? true, "at", "must be within a year of now")
        try check.done()
        guard try await services.database.agent(projectID: id, id: body.targetAgent) != nil else {
            throw APIError.notFound("project \(id) has no agent '\(body.targetAgent)'")
        }
        let due = at ?? Date().addingTimeInterval((body.minutes ?? 0) * 60)
        let stored = try services.database.createCheckin(
            CheckinRecord(projectId: id, targetAgent: body.targetAgent, note: body.note, dueAt: due, repeatMinutes: body.repeatMinutes, createdBy: principal.actorLabel))
        return try CheckinResponse(stored).response(status: .created, from: request, context: context)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> [CheckinResponse] {
        let id = try context.parameters.require("id")
        guard try await services.database.projectExists(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
        return try services.database.checkins(projectID: id).map(CheckinResponse.init)
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let id = try context.parameters.require("id")
        guard let checkinID = Int64(try context.parameters.require("checkin_id")), try services.database.cancelCheckin(projectID: id, id: checkinID) else {
            throw APIError.notFound("no active check-in with that id in project \(id)")
        }
        return .noContent
    }
}
