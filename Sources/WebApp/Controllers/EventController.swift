import Foundation
import Hummingbird
import OrchestratorCore
import Storage
import Orchestration

/// `GET /api/v1/projects/{id}/events?since=`: what happened, in order, from an event id on — the same stored
/// events live watchers receive, for clients that poll or catch up.
struct EventController {
    let services: AppServices

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/api/v1/projects/:id/events", .role(.viewer), list)
    }

    struct Event: ResponseEncodable {
        var id: Int64
        var type: String
        var timestamp: Date
        var data: JSONValue
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> [Event] {
        let id = try context.parameters.require("id")
        guard try await services.database.projectExists(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
        let query = request.uri.queryParameters
        let since = query["since"].map { Int64(String($0)) } ?? 0
        let limit = query["limit"].map { Int(String($0)) } ?? 500
        guard let since, since >= 0 else { throw APIError.validation(.init([.init(field: "since", message: "must be an event id")])) }
        guard let limit, (1...5000).contains(limit) else { throw APIError.validation(.init([.init(field: "limit", message: "must be a number from 1 to 5000")])) }
        await services.runtime.events.flush()
        return try services.database.events(projectID: id, since: since, type: query["type"].map(String.init), limit: limit).map { record in
            Event(
                id: record.id ?? 0, type: record.type, timestamp: record.createdAt,
                data: (try? JSONDecoder().decode(JSONValue.self, from: Data(record.data.utf8))) ?? .null)
        }
    }
}
