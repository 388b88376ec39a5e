import Foundation
import GRDB

extension AppDatabase {
    /// The ids of one page of projects (filters and order as ``projects(status:priority:search:limit:offset:)``),
    /// without reading their rows: the list reads only the rows of projects whose entry it cannot reuse.
    public func projectPage(status: String? = nil, priority: String? = nil, search: String? = nil, limit: Int = 50, offset: Int = 0) throws -> ProjectPage {
        try reader.read { db in
            let request = Self.projectRequest(status: status, priority: priority, search: search)
            let total = try request.fetchCount(db)
            let rows = try Row.fetchAll(db, request.select(Column.rowID, Column("id"))
                .order(ProjectRecord.Columns.updatedAt.desc, Column.rowID.desc).limit(limit, offset: offset))
            return ProjectPage(entries: rows.map { ProjectPage.Entry(id: $0[1], rowID: $0[0]) }, total: total)
        }
    }

    /// The rows of the projects `ids` with their agents' rows, by project id, read together (one snapshot).
    /// Projects that no longer exist are left out.
    public func projectRows(ids: [String]) throws -> [String: ProjectRows] {
        guard !ids.isEmpty else { return [:] }
        return try reader.read { db in
            let marks = databaseQuestionMarks(count: ids.count)
            let arguments = StatementArguments(ids)
            var found: [String: ProjectRows] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT rowid AS orc_rowid, * FROM project WHERE id IN (\(marks))", arguments: arguments) {
                let project = try ProjectRecord(row: row)
                found[project.id] = ProjectRows(project: project, projectRowID: row["orc_rowid"], agents: [], agentRowIDs: [])
            }
            let agents = try Row.fetchAll(
                db, sql: "SELECT rowid AS orc_rowid, * FROM agent WHERE project_id IN (\(marks)) ORDER BY created_at, rowid", arguments: arguments)
            for row in agents {
                let agent = try AgentRecord(row: row)
                found[agent.projectId]?.agents.append(agent)
                found[agent.projectId]?.agentRowIDs.append(row["orc_rowid"])
            }
            return found
        }
    }
}
