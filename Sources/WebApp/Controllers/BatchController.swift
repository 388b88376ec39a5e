import Foundation
import Hummingbird
import Intelligence
import OrchestratorCore
import Orchestration
import Storage

/// `POST /api/v2/batch/process` and `GET /api/v2/batch/{id}/status`: specifications run as projects one after
/// another (or a few at once) in a planned order, with a signed webhook on each item started and completed.
struct BatchController {
    let services: AppServices

    /// Most specifications in one batch.
    static let maximumItems = 50
    static let modes = ["intelligent", "sequential"]

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.post("/api/v2/batch/process", .role(.manager), process)
        routes.get("/api/v2/batch/:batch_id/status", .role(.viewer), status)
    }

    @Sendable func process(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response.json(try SnakeCaseJSON(try await start(request, context: context)).bytes(), status: .created)
    }

    /// Validates and stores a batch, planned (the handler and the page form share it).
    func start(_ request: Request, context: AppRequestContext) async throws -> BatchCreatedResponse {
        var request = request
        let principal = try context.requirePrincipal()
        guard principal.projectScope == nil else { throw AuthFailure.forbidden(reason: "agent tokens cannot start batches") }
        let body = try await request.decodeBody(BatchRequest.self, context: context)
        var check = Validator()
        check.require((1...Self.maximumItems).contains(body.specifications.count), "specifications", "must hold 1 to \(Self.maximumItems) specifications")
        for (index, spec) in body.specifications.enumerated() {
            let content = spec.content.trimmingCharacters(in: .whitespacesAndNewlines)
            check.require(!content.isEmpty, "specifications[\(index)].content", "must not be empty")
            check.require(content.utf8.count <= 100_000 && !content.contains("\u{0}"), "specifications[\(index)].content", "must be at most 100000 bytes, without NUL characters")
            check.require(spec.priority.map { ["urgent", "high", "medium", "normal", "low"].contains($0.lowercased()) } ?? true,
                "specifications[\(index)].priority", "must be one of urgent, high, medium, normal, low")
        }
        let mode = body.processingMode ?? "intelligent"
        check.require(Self.modes.contains(mode), "processing_mode", "must be one of \(Self.modes.joined(separator: ", "))")
        let goals = body.optimizationGoals ?? []
        check.require(goals.count <= 10 && goals.allSatisfy { !$0.isEmpty && $0.count <= 60 }, "optimization_goals", "must be at most 10 short names")
        let concurrency = body.maxConcurrent ?? services.configuration.batch.maxConcurrentProjects
        check.require((1...20).contains(concurrency), "max_concurrent", "must be from 1 to 20")
        if let webhook = body.notificationWebhook {
            let problem = WebhookPolicy(allowedHosts: services.configuration.batch.webhookAllowedHosts).problem(with: webhook)
            check.require(problem == nil, "notification_webhook", problem ?? "")
        }
        try check.done()
        let specs = body.specifications.enumerated().map { index, spec in
            BatchSpec(name: "spec\(index + 1)", content: spec.content, priority: (spec.priority ?? "medium").lowercased())
        }
        let plan: Answered<BatchPlan>
        if mode == "sequential" {
            plan = Answered(value: BatchPlan(
                order: specs.map(\.name), reasoning: "In the order given (sequential mode).",
                estimatedCompletion: services.intelligence.engine.heuristic.planBatch(specs, goals: goals, concurrency: concurrency, now: Date()).estimatedCompletion),
                provider: "heuristic")
        } else {
            plan = await services.intelligence.engine.planBatch(specs, goals: goals, concurrency: concurrency, now: Date())
        }
        let id = Self.newBatchID()
        let secret = body.notificationWebhook == nil ? nil : SecureRandom.bytes(24).map { String(format: "%02x", $0) }.joined()
        let goalsText = String(decoding: try JSONEncoder().encode(goals), as: UTF8.self)
        let batch = BatchRecord(
            id: id, createdBy: principal.username, processingMode: mode, optimizationGoals: goalsText, reasoning: plan.value.reasoning,
            webhookUrl: body.notificationWebhook, webhookSecret: secret, agentCommand: body.agentCommand, maxConcurrent: concurrency,
            estimatedCompletion: plan.value.estimatedCompletion)
        let byName = Dictionary(uniqueKeysWithValues: specs.map { ($0.name, $0) })
        let items = plan.value.order.enumerated().compactMap { position, name in
            byName[name].map { BatchItemRecord(batchId: id, position: position, name: name, content: $0.content, priority: $0.priority) }
        }
        try await services.database.offloaded { [database = services.database] in try database.createBatch(batch, items: items) }
        try? services.database.recordAudit(actor: principal.actorLabel, action: "batch.create", target: id, details: "items=\(items.count)")
        let response = BatchCreatedResponse(
            batchId: id, queueStatus: .init(total: items.count, processingOrder: plan.value.order, reasoning: plan.value.reasoning),
            estimatedCompletion: plan.value.estimatedCompletion, monitoringUrl: "/api/v2/batch/\(id)/status", webhookSecret: secret,
            provider: plan.provider, degraded: plan.degraded)
        return response
    }

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<BatchStatusResponse> {
        let id = try context.parameters.require("batch_id")
        let seesWholeWebhook = (context.principal?.role ?? .viewer) >= .manager
        let database = services.database
        let found = try await database.offloaded { () -> (BatchRecord, [BatchItemRecord], [String: Double])? in
            guard let batch = try database.batch(id: id) else { return nil }
            let items = try database.batchItems(batchID: id)
            var progress: [String: Double] = [:]
            for item in items { if let projectID = item.projectId, let project = try database.project(id: projectID) { progress[projectID] = project.progress } }
            return (batch, items, progress)
        }
        guard let (batch, items, progress) = found else { throw APIError.notFound("no batch '\(id)'") }
        let count = { (status: String) in items.filter { $0.status == status }.count }
        let done = Double(count("completed") + count("failed"))
        return SnakeCaseJSON(BatchStatusResponse(
            batchId: batch.id, status: batch.status, processingMode: batch.processingMode, total: items.count, pending: count("pending"),
            running: count("running"), completed: count("completed"), failed: count("failed"),
            progress: items.isEmpty ? 0 : done / Double(items.count), processingOrder: items.map(\.name), reasoning: batch.reasoning,
            items: items.map { item in
                .init(name: item.name, priority: item.priority, status: item.status, projectId: item.projectId,
                      progress: item.status == "completed" ? 1 : item.projectId.flatMap { progress[$0] }, error: item.error,
                      startedAt: item.startedAt, completedAt: item.completedAt)
            },
            estimatedCompletion: batch.estimatedCompletion, createdAt: batch.createdAt, completedAt: batch.completedAt,
            // A webhook's path and query often hold a secret: viewers see only where it goes.
            webhookUrl: seesWholeWebhook ? batch.webhookUrl : batch.webhookUrl.map(Self.webhookHost), webhookLastDelivery: batch.webhookStatus))
    }

    /// `scheme://host[:port]/…` of a webhook address, without its path, query or anything else.
    static func webhookHost(_ address: String) -> String {
        guard let url = URL(string: address), let scheme = url.scheme, let host = url.host else { return "(hidden)" }
        return "\(scheme)://\(host)\(url.port.map { ":\($0)" } ?? "")/…"
    }

    /// `batch_<yyyymmdd>_` and 6 hex digits.
    static func newBatchID(now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd"
        return "batch_\(formatter.string(from: now))_" + SecureRandom.bytes(3).map { String(format: "%02x", $0) }.joined()
    }
}
