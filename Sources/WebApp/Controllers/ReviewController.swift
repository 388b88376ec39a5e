import Foundation
import GitKit
import Hummingbird
import OrchestratorCore
import Orchestration
import Storage

/// `/api/v1/projects/{id}/reviews`: a manager's line comments on an agent's diff, sent as one message in a fixed
/// Markdown shape (``ReviewMessage``), listed per agent with their state: `sent`, or `answered` once the agent replied
/// to it or committed after it.
struct ReviewController {
    let services: AppServices

    /// Most comments in one review.
    static let maximumComments = 50
    /// Longest comment or summary, in characters.
    static let maximumBody = 4000

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.post("/api/v1/projects/:id/reviews", .role(.manager), create)
        routes.get("/api/v1/projects/:id/reviews", .role(.viewer), list)
        routes.get("/api/v1/projects/:id/reviews/:review_id", .role(.viewer), show)
    }

    struct CreateRequest: Decodable {
        var agent: String
        var summary: String?
        var comments: [ReviewComment]
    }

    struct ReviewResponse: ResponseEncodable {
        var id: Int64
        var projectId: String
        var agent: String
        var author: String
        var summary: String?
        var comments: [ReviewComment]
        var messageId: Int64?
        /// The message as the agent received it.
        var content: String?
        var state: String
        var createdAt: Date
        enum CodingKeys: String, CodingKey {
            case id, agent, author, summary, comments, content, state
            case projectId = "project_id"
            case messageId = "message_id"
            case createdAt = "created_at"
        }
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let principal = try context.requirePrincipal()
        guard principal.agentID == nil else { throw AuthFailure.forbidden(reason: "agents do not review each other; people do") }
        let id = try context.parameters.require("id")
        let body = try await request.decodeBody(CreateRequest.self, context: context)
        guard let project = try await services.database.project(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
        guard let agent = try await services.database.agent(projectID: id, id: body.agent) else {
            throw APIError.notFound("project \(id) has no agent '\(body.agent)'")
        }
        var check = Validator()
        check.require(!body.comments.isEmpty && body.comments.count <= Self.maximumComments, "comments", "must hold 1 to \(Self.maximumComments) comments")
        check.require((body.summary?.count ?? 0) <= Self.maximumBody && !(body.summary ?? "").contains("\0"), "summary", "must be at most \(Self.maximumBody) characters")
        try check.done()
        // Each comment must point at a line the agent's diff shows, on that side.
        let base = project.baseBranch ?? "main"
        let repository = GitRepository(path: agent.worktreePath)
        let files: [GitFileDiff]
        do {
            files = try await repository.diff(against: base)
        } catch {
            throw APIError(.conflict, "git_failed", "the diff of \(agent.id) could not be read: \(error)")
        }
        let patches = Dictionary(files.map { ($0.path, $0.patch) }, uniquingKeysWith: { first, _ in first })
        var comments: [ReviewComment] = []
        for (index, comment) in body.comments.prefix(Self.maximumComments).enumerated() {
            let field = "comments[\(index)]"
            let body = comment.body.trimmingCharacters(in: .whitespacesAndNewlines)
            check.require(!body.isEmpty && body.count <= Self.maximumBody && !body.contains("\0"), field + ".body", "must be 1 to \(Self.maximumBody) characters")
            check.require(["new", "old"].contains(comment.side), field + ".side", "must be new (the agent's version) or old (the base's)")
            guard let patch = patches[comment.path] else {
                check.require(false, field + ".path", "'\(comment.path.prefix(200))' is not among the files \(agent.id) changed")
                continue
            }
            guard let code = DiffLines(patch: patch).line(comment.line, side: comment.side) else {
                check.require(false, field + ".line", "line \(comment.line) (\(comment.side)) of \(comment.path) is not in the diff")
                continue
            }
            comments.append(ReviewComment(path: comment.path, line: comment.line, side: comment.side, body: body, code: code))
        }
        try check.done()
        let summary = body.summary?.trimmingCharacters(in: .whitespacesAndNewlines)
        let text = ReviewMessage.text(author: principal.username, summary: summary, comments: comments)
        check.require(text.utf8.count <= MessageController.maximumLength, "comments", "the review is longer than a message may be (\(MessageController.maximumLength) bytes)")
        try check.done()
        let head = try? await repository.headCommit()
        let encoded = String(decoding: try JSONEncoder().encode(comments), as: UTF8.self)
        // Stored first, then sent: a failed send leaves the review without its message, never a message without a review.
        var review = try services.database.saveReview(
            ReviewRecord(projectId: id, agentId: agent.id, author: principal.username, summary: summary?.isEmpty == true ? nil : summary, comments: encoded, headAtSend: head))
        let message = try await services.runtime.send(
            MessageRecord(projectId: id, targetAgent: agent.id, kind: "review", senderKind: "user", sender: principal.username, content: text, priority: "high", requiresResponse: true))
        if let reviewID = review.id, let messageID = message.id {
            try services.database.noteReviewMessage(id: reviewID, messageID: messageID)
            review.messageId = messageID
        }
        services.runtime.events.log("message_queued", projectID: id, MessageResponse(message))
        services.runtime.events.log("review_submitted", projectID: id, ReviewSubmittedEvent(reviewId: review.id ?? 0, agentId: agent.id, author: principal.username, comments: comments.count, messageId: message.id))
        try? services.database.recordAudit(actor: principal.actorLabel, action: "review.submit", target: "\(id)/\(agent.id)", details: "\(comments.count) comments")
        return try response(review, content: text, state: "sent").response(status: .created, from: request, context: context)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> [ReviewResponse] {
        let id = try context.parameters.require("id")
        guard try await services.database.projectExists(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
        let query = request.uri.queryParameters
        let principal = try context.requirePrincipal()
        var agentID = query["agent"].map(String.init)
        if let speaker = principal.agentID {
            // An agent reads its own reviews only.
            if let agentID, agentID != speaker { throw AuthFailure.forbidden(reason: "agent \(speaker) may read only its own reviews") }
            agentID = speaker
        }
        var check = Validator()
        let limit = query["limit"].map { Int(String($0)) } ?? 50
        check.require(limit.map { (1...200).contains($0) } ?? false, "limit", "must be a number from 1 to 200")
        try check.done()
        let reviews = try services.database.reviews(projectID: id, agentID: agentID, limit: limit!)
        return try await responses(reviews)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> ReviewResponse {
        let id = try context.parameters.require("id")
        let principal = try context.requirePrincipal()
        guard let reviewID = context.parameters.get("review_id").flatMap(Int64.init), let review = try services.database.review(projectID: id, id: reviewID),
            principal.agentID == nil || principal.agentID == review.agentId
        else { throw APIError.notFound("project \(id) has no review with that id") }
        return try await responses([review])[0]
    }

    /// The responses for `reviews`, each with its message text and its state.
    private func responses(_ reviews: [ReviewRecord]) async throws -> [ReviewResponse] {
        let answered = try services.database.answeredMessageIDs(reviews.compactMap(\.messageId))
        var heads: [String: String?] = [:]
        var result: [ReviewResponse] = []
        for review in reviews {
            if heads[review.agentId] == nil {
                var head: String?
                if let worktree = try await services.database.agent(projectID: review.projectId, id: review.agentId)?.worktreePath {
                    head = try? await GitRepository(path: worktree).headCommit()
                }
                heads[review.agentId] = .some(head)
            }
            let head = heads[review.agentId] ?? nil
            let committed = head != nil && review.headAtSend != nil && head != review.headAtSend
            let replied = review.messageId.map(answered.contains) ?? false
            let content = try review.messageId.flatMap { try services.database.message(id: $0)?.content }
            result.append(try response(review, content: content, state: replied || committed ? "answered" : "sent"))
        }
        return result
    }

    private func response(_ review: ReviewRecord, content: String?, state: String) throws -> ReviewResponse {
        ReviewResponse(
            id: review.id ?? 0, projectId: review.projectId, agent: review.agentId, author: review.author, summary: review.summary,
            comments: try JSONDecoder().decode([ReviewComment].self, from: Data(review.comments.utf8)), messageId: review.messageId, content: content,
            state: state, createdAt: review.createdAt)
    }
}
