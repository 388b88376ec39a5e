import Foundation
import Hummingbird
import OrchestratorCore
import Orchestration
import Storage

/// What agents spent: `GET /api/v1/projects/{id}/usage?by=agent|model|day&since=&until=`, `GET /api/v1/usage`
/// (every project; `by` may also be `project`), each as JSON or, with `Accept: text/csv`, CSV; and a project's
/// budget, `GET/PUT/DELETE /api/v1/projects/{id}/budget`.
struct UsageController {
    let services: AppServices

    /// Largest dollar limit, and token limit, a budget may set.
    static let maximumDollars = 1_000_000_000.0
    static let maximumTokens: Int64 = 1_000_000_000_000_000

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/api/v1/projects/:id/usage", .role(.viewer), projectUsage)
        routes.get("/api/v1/usage", .role(.viewer), allUsage)
        routes.get("/api/v1/projects/:id/budget", .role(.viewer), budget)
        routes.put("/api/v1/projects/:id/budget", .role(.manager), setBudget)
        routes.delete("/api/v1/projects/:id/budget", .role(.manager), deleteBudget)
    }

    struct BudgetRequest: Decodable {
        var dailyDollars: Double?
        var totalDollars: Double?
        var dailyTokens: Int64?
        var totalTokens: Int64?
        var onExceed: String?
        enum CodingKeys: String, CodingKey {
            case dailyDollars = "daily_dollars"
            case totalDollars = "total_dollars"
            case dailyTokens = "daily_tokens"
            case totalTokens = "total_tokens"
            case onExceed = "on_exceed"
        }
    }

    @Sendable func projectUsage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard try await services.database.projectExists(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
        return try report(request, context: context, projectID: id, groupings: [.agent, .model, .day], default: .agent)
    }

    @Sendable func allUsage(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let agent = try context.requirePrincipal().agentID {
            throw AuthFailure.forbidden(reason: "agent \(agent) may read its own project's usage only")
        }
        return try report(request, context: context, projectID: nil, groupings: [.project, .agent, .model, .day], default: .project)
    }

    private func report(
        _ request: Request, context: AppRequestContext, projectID: String?, groupings: [UsageGrouping], default grouping: UsageGrouping
    ) throws -> Response {
        let query = request.uri.queryParameters
        var check = Validator()
        let by = query["by"].map { UsageGrouping(rawValue: String($0)) } ?? grouping
        check.require(by.map(groupings.contains) ?? false, "by", "must be one of \(groupings.map(\.rawValue).joined(separator: ", "))")
        let since = query["since"].map { Self.date(String($0)) }
        let until = query["until"].map { Self.date(String($0), endOfDay: true) }
        check.require(since.map { $0 != nil } ?? true, "since", "must be a date (2026-12-01) or a time (2026-12-01T08:00:00Z)")
        check.require(until.map { $0 != nil } ?? true, "until", "must be a date (2026-12-01) or a time (2026-12-01T08:00:00Z)")
        if let since = since ?? nil, let until = until ?? nil { check.require(since < until, "until", "must be after since") }
        try check.done()
        let report = try services.runtime.usageReport(projectID: projectID, by: by!, since: since ?? nil, until: until ?? nil)
        // The agents whose usage no row can hold (capped: a fleet's worth is plenty to say the totals are partial).
        let agents = try projectID.map { try services.database.agents(projectID: $0) } ?? []
        let body = UsageResponse(report, by: by!, since: since ?? nil, until: until ?? nil, prices: services.runtime.prices, agents: Array(agents.prefix(500)))
        if request.headers[.accept]?.contains("text/csv") == true {
            return Response(
                status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"usage.csv\""],
                body: .init(byteBuffer: ByteBuffer(string: body.csv)))
        }
        return try body.response(from: request, context: context)
    }

    /// `2026-12-01` (the start of that UTC day, or with `endOfDay` the start of the next) or an ISO 8601 time.
    static func date(_ text: String, endOfDay: Bool = false) -> Date? {
        if text.count == 10, let day = try? Date(text + "T00:00:00Z", strategy: .iso8601) {
            return endOfDay ? day.addingTimeInterval(86_400) : day
        }
        return try? Date(text, strategy: .iso8601)
    }

    @Sendable func budget(_ request: Request, context: AppRequestContext) async throws -> BudgetResponse {
        let id = try context.parameters.require("id")
        guard try await services.database.projectExists(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
        return try standing(id)
    }

    @Sendable func setBudget(_ request: Request, context: AppRequestContext) async throws -> BudgetResponse {
        var request = request
        let principal = try context.requirePrincipal()
        guard principal.agentID == nil else { throw AuthFailure.forbidden(reason: "agents do not set budgets; people do") }
        let id = try context.parameters.require("id")
        guard let project = try await services.database.project(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
        let body = try await request.decodeBody(BudgetRequest.self, context: context)
        var check = Validator()
        for (field, value) in [("daily_dollars", body.dailyDollars), ("total_dollars", body.totalDollars)] {
            check.require(value.map { $0.isFinite && $0 > 0 && $0 <= Self.maximumDollars } ?? true, field, "must be more than 0 and at most \(Int(Self.maximumDollars)) dollars")
        }
        for (field, value) in [("daily_tokens", body.dailyTokens), ("total_tokens", body.totalTokens)] {
            check.require(value.map { $0 > 0 && $0 <= Self.maximumTokens } ?? true, field, "must be more than 0 and at most \(Self.maximumTokens) tokens")
        }
        check.require(
            body.dailyDollars != nil || body.totalDollars != nil || body.dailyTokens != nil || body.totalTokens != nil, "budget",
            "set at least one of daily_dollars, total_dollars, daily_tokens, total_tokens (DELETE removes the budget)")
        check.require(["pause", "alert"].contains(body.onExceed ?? "pause"), "on_exceed", "must be pause or alert")
        try check.done()
        // A new budget starts its announcements afresh: crossing 80 % of the new limits is told again.
        try services.database.saveBudget(
            BudgetRecord(
                projectId: id, dailyDollars: body.dailyDollars, totalDollars: body.totalDollars, dailyTokens: body.dailyTokens, totalTokens: body.totalTokens,
                onExceed: body.onExceed ?? "pause", updatedBy: principal.actorLabel))
        try services.database.recordAudit(
            actor: principal.actorLabel, action: "budget.set", target: id,
            details: "daily_dollars=\(body.dailyDollars.map { "\($0)" } ?? "-") total_dollars=\(body.totalDollars.map { "\($0)" } ?? "-") daily_tokens=\(body.dailyTokens.map { "\($0)" } ?? "-") total_tokens=\(body.totalTokens.map { "\($0)" } ?? "-") on_exceed=\(body.onExceed ?? "pause")")
        // Already past a new limit while running: it acts now (a paused project is checked once it runs again).
        if project.status == .running { await services.runtime.checkBudget(id) }
        return try standing(id)
    }

    @Sendable func deleteBudget(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard principal.agentID == nil else { throw AuthFailure.forbidden(reason: "agents do not set budgets; people do") }
        let id = try context.parameters.require("id")
        guard try await services.database.projectExists(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
        guard try services.database.deleteBudget(projectID: id) else { throw APIError.notFound("project \(id) has no budget") }
        try services.database.recordAudit(actor: principal.actorLabel, action: "budget.delete", target: id)
        return Response(status: .noContent)
    }

    private func standing(_ id: String) throws -> BudgetResponse {
        BudgetResponse(projectID: id, budget: try services.database.budget(projectID: id), standing: try services.runtime.budgetStanding(projectID: id))
    }
}
