import Foundation
import GRDB
import OrchestratorCore

extension ProjectRecord {
    /// Reads a row column by column (see ``AgentRecord/init(row:)``); an unknown status or priority is refused.
    public init(row: Row) throws {
        let statusText: String = row["status"]
        let priorityText: String = row["priority"]
        guard let status = ProjectStatus(rawValue: statusText), let priority = Priority(rawValue: priorityText) else {
            throw DatabaseError(message: "project row with unknown status '\(statusText)' or priority '\(priorityText)'")
        }
        self.init(
            id: row["id"], name: row["name"], description: row["description"], projectPath: row["project_path"], specContent: row["spec_content"],
            status: status, priority: priority, size: row["size"], progress: row["progress"], baseBranch: row["base_branch"],
            agentCommand: row["agent_command"], createdBy: row["created_by"], createdAt: row["created_at"], updatedAt: row["updated_at"],
            host: row["host"])
    }
}
