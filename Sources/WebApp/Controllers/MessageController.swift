import Foundation
import Hummingbird
import OrchestratorCore
import Storage
import Orchestration

/// `/api/v1/projects/{id}/messages`: send to an agent (stored first, delivered after) and read the history.
struct MessageController {
    let services: AppServices

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.post("/api/v1/projects/:id/messages", .role(.manager), send)
        routes.get("/api/v1/projects/:id/messages", .role(.viewer), history)
    }

    /// Longest message accepted.
    static let maximumLength = 100_000

    @Sendable func send(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let body = try await request.decodeBody(MessageRequest.self, context: context)
        var check = Validator()
        check.require(!body.content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "content", "must not be empty")
        check.require(body.content.utf8.count <= Self.maximumLength, "content", "must be at most \(Self.maximumLength) bytes")
        check.require(!body.content.contains("\u{0}"), "content", "must not contain NUL characters")
        check.require(body.priority.map { Priority(rawValue: $0) != nil } ?? true, "priority", "must be one of low, normal, high, urgent")
        try check.done()
        let sender: (kind: String, name: String)
        switch principal.credential {
        case .session: sender = ("user", principal.username)
        case .apiKey(let keyID): sender = principal.agentID.map { ("agent", $0) } ?? ("api_key", "\(principal.username) (key \(keyID))")
        }
        // One database step checks the project and agent and stores the message.
        let stored = try await services.runtime.send(
            MessageRecord(
                projectId: id, targetAgent: body.targetAgent, senderKind: sender.kind, sender: sender.name, content: body.content,
                priority: body.priority ?? "normal", requiresResponse: body.requiresResponse ?? false))
        let answer = MessageResponse(stored)
        services.runtime.events.log("message_queued", projectID: id, answer)
        return answer.response(status: .accepted)
    }

    @Sendable func history(_ request: Request, context: AppRequestContext) async throws -> JSONList<MessageResponse> {
        let id = try context.parameters.require("id")
        guard try await services.database.projectExists(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
        let query = request.uri.queryParameters
        var check = Validator()
        let limit = query["limit"].map { Int(String($0)) } ?? 50
        check.require(limit.map { (1...1000).contains($0) } ?? false, "limit", "must be a number from 1 to 1000")
        let before = query["before"].map { Int64(String($0)) }
        check.require(before.map { $0 != nil } ?? true, "before", "must be a message id")
        let status = query["status"].map(String.init)
        check.require(status.map { ["queued", "delivering", "delivered", "failed"].contains($0) } ?? true, "status", "must be one of queued, delivering, delivered, failed")
        try check.done()
        return await JSONList(
            try services.database.messages(
                projectID: id, agent: query["agent"].map(String.init), status: status, before: before ?? nil, limit: limit!
            ).map(MessageResponse.init))
    }
}
