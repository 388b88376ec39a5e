import Foundation
import GRDB

extension AppDatabase {
    /// The agents of running projects that wait for a person, longest waiting first (at most `limit`).
    public func waitingAgents(limit: Int = 100) throws -> [WaitingAgent] {
        try reader.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT agent.*, project.name AS project_name, COALESCE(agent.status_since, agent.updated_at) AS waiting_since
                    FROM agent JOIN project ON project.id = agent.project_id
                    WHERE agent.status = 'waiting' AND project.status = 'running'
                    ORDER BY waiting_since, agent.project_id, agent.id LIMIT ?
                    """,
                arguments: [limit]
            ).map { row in
                WaitingAgent(agent: try AgentRecord(row: row), projectName: row["project_name"], since: row["waiting_since"])
            }
        }
    }

    /// The ids of running projects with an agent waiting for a person.
    public func projectIDsNeedingAPerson() throws -> Set<String> {
        try reader.read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT DISTINCT agent.project_id FROM agent JOIN project ON project.id = agent.project_id
                WHERE agent.status = 'waiting' AND project.status = 'running'
                """))
        }
    }
}
