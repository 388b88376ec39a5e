import Foundation
import GRDB

extension AppDatabase {
    /// Stores a new project and its agents in one transaction.
    public func createProject(_ project: ProjectRecord, agents: [AgentRecord]) throws {
        try writer.write { db in
            try project.insert(db)
            for agent in agents { try agent.insert(db) }
        }
    }

    /// One project.
    public func project(id: String) throws -> ProjectRecord? {
        // Cached statements: the hot reads are prepared once per connection, not built and authorised per call.
        try reader.read { db in try ProjectRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM project WHERE id = ?"), arguments: [id]) }
    }

    /// Whether a project id is taken.
    public func projectExists(id: String) throws -> Bool {
        try reader.read { db in try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM project WHERE id = ?)"), arguments: [id]) ?? false }
    }

    /// Projects, newest change first, with optional filters and paging.
    public func projects(status: String? = nil, priority: String? = nil, search: String? = nil, limit: Int = 50, offset: Int = 0) throws -> (items: [ProjectRecord], total: Int) {
        try reader.read { db in
            let request = Self.projectRequest(status: status, priority: priority, search: search)
            let total = try request.fetchCount(db)
            let items = try request.order(ProjectRecord.Columns.updatedAt.desc, Column.rowID.desc).limit(limit, offset: offset).fetchAll(db)
            return (items, total)
        }
    }

    /// The projects that match the list filters (not yet ordered or paged).
    static func projectRequest(status: String?, priority: String?, search: String?) -> QueryInterfaceRequest<ProjectRecord> {
        var request = ProjectRecord.all()
        if let status { request = request.filter(ProjectRecord.Columns.status == status) }
        if let priority { request = request.filter(Column("priority") == priority) }
        if let search, !search.isEmpty {
            // Wildcards in the search text match literally.
            let escaped = search.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_")
            let pattern = "%\(escaped)%"
            request = request.filter(ProjectRecord.Columns.name.like(pattern, escape: "\\") || ProjectRecord.Columns.description.like(pattern, escape: "\\"))
        }
        return request
    }

    /// Replaces a project row.
    public func saveProject(_ project: ProjectRecord) throws {
        try writer.write { db in try project.update(db) }
    }

    /// Deletes a project and everything that belongs to it.
    public func deleteProject(id: String) throws {
        _ = try writer.write { db in try ProjectRecord.deleteOne(db, key: id) }
    }

    /// Removes an ended project for good, in one transaction: its row with its agents, messages and check-ins
    /// (cascaded), its events and its agents' (already revoked) tokens. Chats and batch items that named it keep
    /// the id as text. Returns whether there was such a project.
    @discardableResult
    public func purgeProject(id: String) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM event WHERE project_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM api_key WHERE project_id = ?", arguments: [id])
            return try ProjectRecord.deleteOne(db, key: id)
        }
    }

    /// A project's agents in creation order.
    public func agents(projectID: String) throws -> [AgentRecord] {
        try reader.read { db in
            try AgentRecord.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM agent WHERE project_id = ? ORDER BY created_at, rowid"), arguments: [projectID])
        }
    }

    /// The agents of several projects in one query, by project, each in creation order.
    public func agents(projectIDs: [String]) throws -> [String: [AgentRecord]] {
        guard !projectIDs.isEmpty else { return [:] }
        return try reader.read { db in
            let agents = try AgentRecord.filter(projectIDs.contains(AgentRecord.Columns.projectId)).order(Column("created_at"), Column("rowid")).fetchAll(db)
            return Dictionary(grouping: agents, by: \.projectId)
        }
    }

    /// One agent.
    public func agent(projectID: String, id: String) throws -> AgentRecord? {
        try reader.read { db in
            try AgentRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM agent WHERE project_id = ? AND id = ?"), arguments: [projectID, id])
        }
    }

    /// Every agent of every project in one of `projectStatuses`.
    public func agents(inProjectsWithStatus projectStatuses: [String]) throws -> [AgentRecord] {
        try reader.read { db in
            try AgentRecord.fetchAll(
                db, sql: "SELECT agent.* FROM agent JOIN project ON project.id = agent.project_id WHERE project.status IN (\(projectStatuses.map { _ in "?" }.joined(separator: ",")))",
                arguments: StatementArguments(projectStatuses))
        }
    }

    /// Inserts or replaces an agent row.
    public func saveAgent(_ agent: AgentRecord) throws {
        try writer.write { db in try agent.save(db) }
    }

    /// Changes one agent in a transaction: `change` sees the current row.
    @discardableResult
    public func updateAgent(projectID: String, id: String, _ change: @Sendable (inout AgentRecord) -> Void) throws -> AgentRecord? {
        try writer.write { db in
            guard var agent = try AgentRecord.fetchOne(db, key: ["project_id": projectID, "id": id]) else { return nil }
            change(&agent)
            agent.updatedAt = Date()
            try agent.update(db)
            return agent
        }
    }

    /// Rewrites worktree paths stored relative (by servers that kept the data directory relative) as
    /// `<worktreeRoot>/<project>/<agent>`, where they live; returns how many rows changed.
    /// - Parameter worktreeRoot: the absolute folder holding every project's worktrees.
    @discardableResult
    public func makeWorktreePathsAbsolute(worktreeRoot: String) throws -> Int {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE agent SET worktree_path = ? || '/' || project_id || '/' || id WHERE worktree_path NOT LIKE '/%'",
                arguments: [worktreeRoot])
            return db.changesCount
        }
    }

    /// Removes an agent row.
    public func deleteAgent(projectID: String, id: String) throws {
        _ = try writer.write { db in try AgentRecord.deleteOne(db, key: ["project_id": projectID, "id": id]) }
    }

    /// Changes one project in a transaction.
    @discardableResult
    public func updateProject(id: String, _ change: @Sendable (inout ProjectRecord) -> Void) throws -> ProjectRecord? {
        try writer.write { db in
            guard var project = try ProjectRecord.fetchOne(db, key: id) else { return nil }
            change(&project)
            project.updatedAt = Date()
            try project.update(db)
            return project
        }
    }
}
