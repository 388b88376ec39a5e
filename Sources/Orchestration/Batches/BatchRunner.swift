import Foundation
import Intelligence
import Logging
import OrchestratorCore
import Storage

/// Runs batches: each item becomes a project, at most the batch's `max_concurrent` at once, in the planned order.
/// An item is done when its project is completed (a manager said so, or every agent reported progress 1.0); a failed
/// or terminated project fails it. Everything is in the database first, so a restart carries on where it stood.
/// The webhook hears of each item started and completed and of the batch's end.
package actor BatchRunner {
    let database: AppDatabase
    let configuration: AppConfiguration
    let logger: Logger
    let webhooks: WebhookSender
    private weak var runtime: ProjectRuntime?
    private var tables = TableChangeWatch([.batch, .batchItem, .project, .agent])
    private var lastPass = Date.distantPast

    package init(database: AppDatabase, configuration: AppConfiguration, logger: Logger) {
        self.database = database
        self.configuration = configuration
        self.logger = logger
        self.webhooks = WebhookSender(policy: WebhookPolicy(allowedHosts: configuration.batch.webhookAllowedHosts))
    }

    /// Lets the runner create and complete projects.
    package func attach(_ runtime: ProjectRuntime) { self.runtime = runtime }

    /// One pass over the running batches, when a batch, item, project or agent changed (or a minute passed).
    package func tick(now: Date = Date()) async {
        guard tables.changed(in: database.versions) || now.timeIntervalSince(lastPass) >= 60 else { return }
        lastPass = now
        guard let runtime, let batches = try? await database.offloaded({ [database] in try database.runningBatches() }) else {
            tables.reset()
            return
        }
        for batch in batches { await advance(batch, runtime: runtime) }
    }

    private func advance(_ batch: BatchRecord, runtime: ProjectRuntime) async {
        guard var items = try? database.batchItems(batchID: batch.id) else { return }
        let principal = creator(of: batch)
        for index in items.indices where items[index].status == "running" {
            if let settled = await settle(items[index], runtime: runtime, principal: principal) { items[index] = settled }
        }
        var running = items.filter { $0.status == "running" }.count
        for index in items.indices where items[index].status == "pending" && running < batch.maxConcurrent {
            guard let principal else {
                items[index] = fail(items[index], reason: "the batch's creator \(batch.createdBy) no longer exists") ?? items[index]
                continue
            }
            items[index] = await start(items[index], of: batch, runtime: runtime, principal: principal)
            if items[index].status == "running" { running += 1 }
        }
        let open = items.contains { $0.status == "pending" || $0.status == "running" }
        if !open {
            let completed = items.filter { $0.status == "completed" }.count
            _ = try? database.updateBatch(id: batch.id) { $0.status = "completed"; $0.completedAt = Date() }
            notify(batch, WebhookPayload(event: "batch_completed", batchId: batch.id, completed: completed, failed: items.count - completed))
            runtime.events.log(
                "batch_completed", projectID: nil,
                BatchFinishedEvent(batchId: batch.id, createdBy: batch.createdBy, completed: completed, failed: items.count - completed))
        }
    }

    /// Starts an item's project. Its id is stored before the project is created, so after a crash the item is
    /// picked up again rather than started twice.
    private func start(_ item: BatchItemRecord, of batch: BatchRecord, runtime: ProjectRuntime, principal: Principal) async -> BatchItemRecord {
        guard let itemID = item.id else { return item }
        let projectID = ProjectSlug.make(from: "\(batch.id)-\(item.name)")
        guard let marked = try? database.updateBatchItem(id: itemID, { $0.status = "running"; $0.projectId = projectID; $0.startedAt = Date() }) else {
            return item
        }
        return await create(marked, batch: batch, runtime: runtime, principal: principal)
    }

    private func create(_ item: BatchItemRecord, batch: BatchRecord, runtime: ProjectRuntime, principal: Principal) async -> BatchItemRecord {
        guard let projectID = item.projectId else { return item }
        let root = configuration.workspace.roots.first ?? FileManager.default.currentDirectoryPath
        let plan = HeuristicProvider().interpretProject(prompt: item.content, context: [:])
        let request = ProjectRequest(
            name: projectID, description: "Batch \(batch.id), \(item.name)", projectPath: (root as NSString).appendingPathComponent(projectID),
            specContent: item.content, teamComposition: plan.suggestedTeam, priority: Self.projectPriority(item.priority), agentCommand: batch.agentCommand)
        do {
            _ = try await runtime.create(request, creator: principal)
            notify(batch, WebhookPayload(event: "item_started", batchId: batch.id, item: .init(name: item.name, status: "running", projectId: projectID)))
            return item
        } catch {
            logger.warning("batch \(batch.id): \(item.name) could not start: \(error)")
            return fail(item, reason: "the project could not be created: \(error)") ?? item
        }
    }

    /// Looks at a running item's project: completed, failed, or every agent at progress 1.0 (then it is completed).
    private func settle(_ item: BatchItemRecord, runtime: ProjectRuntime, principal: Principal?) async -> BatchItemRecord? {
        guard let itemID = item.id, let projectID = item.projectId, let batch = try? database.batch(id: item.batchId) else { return nil }
        guard let project = try? await database.project(id: projectID) else {
            // Marked running but never created (the server stopped in between): create it now.
            guard let principal else { return fail(item, reason: "the batch's creator no longer exists") }
            return await create(item, batch: batch, runtime: runtime, principal: principal)
        }
        var finished = project.status == .completed
        if !finished, project.status == .running, let principal, let agents = try? await database.agents(projectID: projectID), !agents.isEmpty,
            agents.allSatisfy({ ($0.progress ?? 0) >= 1 })
        {
            finished = (try? await runtime.complete(projectID, by: principal)) != nil
        }
        if finished {
            let done = try? database.updateBatchItem(id: itemID) { $0.status = "completed"; $0.completedAt = Date() }
            notify(batch, WebhookPayload(event: "item_completed", batchId: batch.id, item: .init(name: item.name, status: "completed", projectId: projectID)))
            return done
        }
        if project.status == .failed || project.status == .terminated {
            return fail(item, reason: "its project \(projectID) is \(project.status.rawValue)")
        }
        return nil
    }

    private func fail(_ item: BatchItemRecord, reason: String) -> BatchItemRecord? {
        guard let id = item.id else { return nil }
        let failed = try? database.updateBatchItem(id: id) { $0.status = "failed"; $0.error = reason; $0.completedAt = Date() }
        if let batch = try? database.batch(id: item.batchId) {
            notify(batch, WebhookPayload(event: "item_completed", batchId: batch.id, item: .init(name: item.name, status: "failed", projectId: item.projectId, error: reason)))
        }
        return failed
    }

    /// The batch's creator, with their rights now (a demoted or deleted user starts nothing more).
    private func creator(of batch: BatchRecord) -> Principal? {
        guard let user = try? database.user(named: batch.createdBy), user.role >= .manager else { return nil }
        return Principal(userID: user.id, username: user.username, role: user.role, credential: .session(sessionID: "batch-\(batch.id)"))
    }

    /// Sends a webhook event in the background and records the outcome on the batch.
    private func notify(_ batch: BatchRecord, _ payload: WebhookPayload) {
        guard let url = batch.webhookUrl, let secret = batch.webhookSecret else { return }
        Task { [webhooks, database] in
            let outcome = await webhooks.send(payload, to: url, secret: secret)
            _ = try? database.updateBatch(id: batch.id) { $0.webhookStatus = "\(payload.event): \(outcome)" }
        }
    }

    /// A batch priority (`high`, `medium`, `low`, `urgent`) as a project priority.
    static func projectPriority(_ priority: String) -> String {
        switch priority.lowercased() {
        case "urgent": "urgent"
        case "high": "high"
        case "low": "low"
        default: "normal"
        }
    }
}
