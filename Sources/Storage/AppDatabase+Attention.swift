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

    /// Keeps the screen an agent showed as its project stops (at most 64 KB of it, the end kept).
    public func saveLastScreen(projectID: String, agentID: String, text: String) throws {
        let kept = text.utf8.count > 65_536 ? String(decoding: Array(text.utf8.suffix(65_536)), as: UTF8.self) : text
        try writer.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO agent_last_screen (project_id, agent_id, text) VALUES (?, ?, ?)", arguments: [projectID, agentID, kept])
        }
    }

    /// The screens a project's agents showed when it last stopped, by agent id.
    public func lastScreens(projectID: String) throws -> [String: String] {
        try reader.read { db in
            var screens: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT agent_id, text FROM agent_last_screen WHERE project_id = ?", arguments: [projectID]) {
                screens[row[0]] = row[1]
            }
            return screens
        }
    }

    /// When each agent of these projects entered its current state, keyed by project id and agent id.
    public func statusSince(projectIDs: [String]) throws -> [String: [String: Date]] {
        guard !projectIDs.isEmpty else { return [:] }
        return try reader.read { db in
            var since: [String: [String: Date]] = [:]
            let marks = projectIDs.map { _ in "?" }.joined(separator: ",")
            for row in try Row.fetchAll(
                db, sql: "SELECT project_id, id, status_since FROM agent WHERE project_id IN (\(marks)) AND status_since IS NOT NULL",
                arguments: StatementArguments(projectIDs))
            {
                since[row[0], default: [:]][row[1]] = row[2]
            }
            return since
        }
    }

    /// Agents of running projects (alive) with a message queued, not held, since before `before`.
    public func agentsWithStaleQueuedMessages(before: Date) throws -> [(projectID: String, agentID: String)] {
        try reader.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT message.project_id, message.target_agent FROM message
                    JOIN project ON project.id = message.project_id
                    JOIN agent ON agent.project_id = message.project_id AND agent.id = message.target_agent
                    WHERE message.status = 'queued' AND message.hold_reason IS NULL AND message.created_at < ?
                      AND project.status = 'running' AND agent.status NOT IN ('failed', 'stopped')
                    LIMIT 1000
                    """,
                arguments: [before]
            ).map { ($0[0], $0[1]) }
        }
    }
}

extension AppDatabase {
    /// How long each agent of a running project has waited for a person (0 when it does not wait), for
    /// `orchestrator_agent_waiting_seconds`; at most `limit` agents.
    public func agentWaitTimes(now: Date = Date(), limit: Int = 1000) throws -> [AgentWaitTime] {
        try reader.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT agent.project_id, agent.id, agent.status, COALESCE(agent.status_since, agent.updated_at) AS since
                    FROM agent JOIN project ON project.id = agent.project_id
                    WHERE project.status = 'running'
                    ORDER BY agent.project_id, agent.id LIMIT ?
                    """,
                arguments: [limit]
            ).map { row in
                let since: Date? = row["since"]
                let waiting = (row["status"] as String?) == "waiting"
                return AgentWaitTime(
                    projectID: row["project_id"], agentID: row["id"],
                    seconds: waiting ? max(0, now.timeIntervalSince(since ?? now)) : 0)
            }
        }
    }
}
