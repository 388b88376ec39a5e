import Foundation
import Hummingbird
import OrchestratorCore
import Orchestration
import Storage

/// `/api/v1/projects/{id}/approval-rules` (managers) and `/api/v1/approval-rules` (global, admins): rules that answer
/// agents' permission questions without a person. Built-in safeguards (``NeverAutomatic``) always ask a person.
struct ApprovalRuleController {
    let services: AppServices

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/api/v1/projects/:id/approval-rules", .role(.viewer), listProject)
        routes.post("/api/v1/projects/:id/approval-rules", .role(.manager), createProject)
        routes.delete("/api/v1/projects/:id/approval-rules/:rule_id", .role(.manager), deleteProject)
        routes.patch("/api/v1/projects/:id/approval-rules/:rule_id", .role(.manager), updateProject)
        routes.post("/api/v1/projects/:id/agents/:agent_id/approval-rules/from-question", .role(.manager), fromQuestion)
        routes.get("/api/v1/approval-rules", .role(.viewer), listGlobal)
        routes.post("/api/v1/approval-rules", .role(.admin), createGlobal)
        routes.delete("/api/v1/approval-rules/:rule_id", .role(.admin), deleteGlobal)
        routes.patch("/api/v1/approval-rules/:rule_id", .role(.admin), updateGlobal)
    }

    struct CreateRequest: Decodable {
        var agentKinds: [String]?
        var tool: String?
        var pattern: String
        var answer: String
        var dryRun: Bool?
        enum CodingKeys: String, CodingKey {
            case tool, pattern, answer
            case agentKinds = "agent_kinds"
            case dryRun = "dry_run"
        }
    }

    /// A change: the answer, the pattern, dry run on or off (fields left out keep their value).
    struct UpdateRequest: Decodable {
        var pattern: String?
        var answer: String?
        var dryRun: Bool?
        enum CodingKeys: String, CodingKey {
            case pattern, answer
            case dryRun = "dry_run"
        }
    }

    struct RuleResponse: ResponseEncodable {
        var id: Int64
        var projectId: String?
        var agentKinds: [String]?
        var tool: String?
        var pattern: String
        var answer: String
        var dryRun: Bool
        var createdBy: String
        var createdAt: Date
        var hits: Int
        var lastHitAt: Date?
        enum CodingKeys: String, CodingKey {
            case id, tool, pattern, answer, hits
            case projectId = "project_id"
            case agentKinds = "agent_kinds"
            case dryRun = "dry_run"
            case createdBy = "created_by"
            case createdAt = "created_at"
            case lastHitAt = "last_hit_at"
        }
        /// Every field, `null` included (a global rule's `project_id`, a rule for every tool or kind).
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(projectId, forKey: .projectId)
            try container.encode(agentKinds, forKey: .agentKinds)
            try container.encode(tool, forKey: .tool)
            try container.encode(pattern, forKey: .pattern)
            try container.encode(answer, forKey: .answer)
            try container.encode(dryRun, forKey: .dryRun)
            try container.encode(createdBy, forKey: .createdBy)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(hits, forKey: .hits)
            try container.encode(lastHitAt, forKey: .lastHitAt)
        }

        init(_ rule: ApprovalRule) {
            id = rule.id ?? 0
            projectId = rule.projectId
            agentKinds = rule.agentKinds.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) }
            tool = rule.tool
            pattern = rule.pattern
            answer = rule.answer
            dryRun = rule.dryRun
            createdBy = rule.createdBy
            createdAt = rule.createdAt
            hits = rule.hits
            lastHitAt = rule.lastHitAt
        }
    }

    @Sendable func listProject(_ request: Request, context: AppRequestContext) async throws -> [RuleResponse] {
        let id = try project(context)
        return try services.database.approvalRules(projectID: id).map(RuleResponse.init)
    }

    @Sendable func listGlobal(_ request: Request, context: AppRequestContext) async throws -> [RuleResponse] {
        try services.database.approvalRules(projectID: nil).map(RuleResponse.init)
    }

    @Sendable func createProject(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await create(request, context: context, projectID: try project(context))
    }

    @Sendable func createGlobal(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await create(request, context: context, projectID: nil)
    }

    /// "Yes, and allow this from now on in this project": a rule allowing the question the agent waits on, which
    /// then answers it.
    @Sendable func fromQuestion(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard principal.agentID == nil else { throw AuthFailure.forbidden(reason: "agents may not make approval rules") }
        let id = try project(context)
        let rule = try await services.runtime.approvals.allowFromNowOn(projectID: id, agentID: try context.parameters.require("agent_id"), by: principal)
        return try RuleResponse(rule).response(status: .created, from: request, context: context)
    }

    @Sendable func updateProject(_ request: Request, context: AppRequestContext) async throws -> RuleResponse {
        try await update(request, context: context, projectID: try project(context))
    }

    @Sendable func updateGlobal(_ request: Request, context: AppRequestContext) async throws -> RuleResponse {
        try await update(request, context: context, projectID: nil)
    }

    private func update(_ request: Request, context: AppRequestContext, projectID: String?) async throws -> RuleResponse {
        var request = request
        let principal = try context.requirePrincipal()
        guard principal.agentID == nil else { throw AuthFailure.forbidden(reason: "agents may not change approval rules") }
        let body = try await request.decodeBody(UpdateRequest.self, context: context)
        var check = Validator()
        check.require(body.answer.map { ["allow", "deny", "ask"].contains($0) } ?? true, "answer", "must be allow, deny or ask")
        check.require(body.pattern.map { !$0.isEmpty && $0.count <= 500 && !$0.contains("\0") } ?? true, "pattern", "must be 1 to 500 characters")
        try check.done()
        guard let id = context.parameters.get("rule_id").flatMap(Int64.init) else { throw APIError.notFound("no approval rule with that id") }
        if let current = try services.database.approvalRules(projectID: projectID).first(where: { $0.id == id }) {
            let pattern = body.pattern ?? current.pattern
            let answer = body.answer ?? current.answer
            check.require(pattern.contains(where: { $0 != "*" && $0 != "?" && !$0.isWhitespace }) || answer != "allow" || current.tool != nil,
                "pattern", "an allow rule for everything must name a tool")
            try check.done()
        }
        guard let changed = try services.database.updateApprovalRule(id: id, projectID: projectID, {
            if let pattern = body.pattern { $0.pattern = pattern }
            if let answer = body.answer { $0.answer = answer }
            if let dryRun = body.dryRun { $0.dryRun = dryRun }
        }) else {
            throw APIError.notFound("no approval rule with that id \(projectID.map { "in project \($0)" } ?? "among the global ones")")
        }
        try? services.database.recordAudit(
            actor: principal.actorLabel, action: "approval_rule.update", target: projectID ?? "global",
            details: "\(id): \(changed.answer) \(changed.pattern)\(changed.dryRun ? " (dry run)" : "")")
        return RuleResponse(changed)
    }

    @Sendable func deleteProject(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        try delete(context, projectID: try project(context))
    }

    @Sendable func deleteGlobal(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        try delete(context, projectID: nil)
    }

    private func project(_ context: AppRequestContext) throws -> String {
        let id = try context.parameters.require("id")
        guard try services.database.projectExists(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
        return id
    }

    private func create(_ request: Request, context: AppRequestContext, projectID: String?) async throws -> Response {
        var request = request
        let principal = try context.requirePrincipal()
        guard principal.agentID == nil else { throw AuthFailure.forbidden(reason: "agents may not make approval rules") }
        let body = try await request.decodeBody(CreateRequest.self, context: context)
        var check = Validator()
        check.require(["allow", "deny", "ask"].contains(body.answer), "answer", "must be allow, deny or ask")
        let pattern = body.pattern
        check.require(!pattern.isEmpty && pattern.count <= 500 && !pattern.contains("\0"), "pattern", "must be 1 to 500 characters")
        check.require(pattern.contains(where: { $0 != "*" && $0 != "?" && !$0.isWhitespace }) || body.answer != "allow" || body.tool != nil,
            "pattern", "an allow rule for everything must name a tool")
        if let tool = body.tool {
            check.require(tool.range(of: #"^[A-Za-z][A-Za-z0-9_.:-]{0,99}$"#, options: .regularExpression) != nil, "tool", "must be a tool name such as Bash or Edit")
        }
        if let kinds = body.agentKinds {
            check.require(kinds.count <= 20 && kinds.allSatisfy { $0.range(of: #"^[a-z0-9][a-z0-9_-]{0,39}$"#, options: .regularExpression) != nil },
                "agent_kinds", "must be at most 20 agent profile names such as claude, codex or aider")
        }
        try check.done()
        let kinds = try body.agentKinds.flatMap { $0.isEmpty ? nil : String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        guard let stored = try services.database.saveApprovalRule(
            ApprovalRule(
                projectId: projectID, agentKinds: kinds, tool: body.tool?.isEmpty == true ? nil : body.tool, pattern: pattern, answer: body.answer,
                dryRun: body.dryRun ?? false, createdBy: principal.username))
        else {
            throw APIError.conflict("too_many_rules", "at most \(AppDatabase.maximumApprovalRules) rules \(projectID == nil ? "globally" : "per project"); remove one first")
        }
        try? services.database.recordAudit(
            actor: principal.actorLabel, action: "approval_rule.create", target: projectID ?? "global", details: "\(stored.id ?? 0): \(stored.answer) \(stored.pattern)")
        return try RuleResponse(stored).response(status: .created, from: request, context: context)
    }

    private func delete(_ context: AppRequestContext, projectID: String?) throws -> HTTPResponse.Status {
        let principal = try context.requirePrincipal()
        guard principal.agentID == nil else { throw AuthFailure.forbidden(reason: "agents may not change approval rules") }
        guard let id = context.parameters.get("rule_id").flatMap(Int64.init), try services.database.deleteApprovalRule(id: id, projectID: projectID) else {
            throw APIError.notFound("no approval rule with that id \(projectID.map { "in project \($0)" } ?? "among the global ones")")
        }
        try? services.database.recordAudit(actor: principal.actorLabel, action: "approval_rule.delete", target: projectID ?? "global", details: "\(id)")
        return .noContent
    }
}
