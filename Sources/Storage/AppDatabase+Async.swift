import Foundation
import OrchestratorCore

/// The calls on the request and delivery paths, for async code: each runs on ``DatabaseCallQueues`` and suspends
/// its caller instead of blocking a cooperative thread. Same names as the synchronous calls, so async code
/// that forgets `await` does not compile rather than blocking silently.
extension AppDatabase {
    public func project(id: String) async throws -> ProjectRecord? {
        try await calls.run { try self.project(id: id) }
    }

    public func projectExists(id: String) async throws -> Bool {
        try await calls.run { try self.projectExists(id: id) }
    }

    public func projects(
        status: String? = nil, priority: String? = nil, search: String? = nil, limit: Int = 50, offset: Int = 0
    ) async throws -> (items: [ProjectRecord], total: Int) {
        try await calls.run { try self.projects(status: status, priority: priority, search: search, limit: limit, offset: offset) }
    }

    public func agents(projectID: String) async throws -> [AgentRecord] {
        try await calls.run { try self.agents(projectID: projectID) }
    }

    public func agents(projectIDs: [String]) async throws -> [String: [AgentRecord]] {
        try await calls.run { try self.agents(projectIDs: projectIDs) }
    }

    public func agents(inProjectsWithStatus projectStatuses: [String]) async throws -> [AgentRecord] {
        try await calls.run { try self.agents(inProjectsWithStatus: projectStatuses) }
    }

    public func agent(projectID: String, id: String) async throws -> AgentRecord? {
        try await calls.run { try self.agent(projectID: projectID, id: id) }
    }

    public func enqueueChecked(_ message: MessageRecord) async throws -> QueuedMessage {
        try await calls.run { try self.enqueueChecked(message) }
    }

    public func enqueueMessage(_ message: MessageRecord) async throws -> MessageRecord {
        try await calls.run { try self.enqueueMessage(message) }
    }

    public func nextDelivery(projectID: String, agentID: String) async throws -> (message: MessageRecord, project: ProjectRecord?, agent: AgentRecord?)? {
        try await calls.run { try self.nextDelivery(projectID: projectID, agentID: agentID) }
    }

    public func finishDelivery(id: Int64, delivered: Bool, reason: String? = nil, at date: Date = Date()) async throws -> MessageRecord? {
        try await calls.run { try self.finishDelivery(id: id, delivered: delivered, reason: reason, at: date) }
    }

    public func markDelivering(id: Int64) async throws {
        try await calls.run { try self.markDelivering(id: id) }
    }

    public func markPasted(id: Int64, at date: Date = Date()) async throws {
        try await calls.run { try self.markPasted(id: id, at: date) }
    }

    public func message(id: Int64) async throws -> MessageRecord? {
        try await calls.run { try self.message(id: id) }
    }

    public func messages(
        projectID: String, agent: String? = nil, status: String? = nil, before: Int64? = nil, limit: Int = 50
    ) async throws -> [MessageRecord] {
        try await calls.run { try self.messages(projectID: projectID, agent: agent, status: status, before: before, limit: limit) }
    }

    public func userOfLiveSession(familyID: String, userID: Int64, at now: Date = Date()) async throws -> User? {
        try await calls.run { try self.userOfLiveSession(familyID: familyID, userID: userID, at: now) }
    }

    public func messageCountsByStatus(projectID: String? = nil) async throws -> [String: Int] {
        try await calls.run { try self.messageCountsByStatus(projectID: projectID) }
    }

    public func lastEventTime(projectID: String) async throws -> Date? {
        try await calls.run { try self.lastEventTime(projectID: projectID) }
    }
}

extension AppDatabase {
    /// Runs synchronous database work on the database's own threads and awaits it (for async callers that read
    /// several things at once).
    public func offloaded<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await calls.run(body)
    }
}
