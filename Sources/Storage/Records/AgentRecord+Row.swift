import Foundation
import GRDB

extension AgentRecord {
    /// Reads a row column by column: the agent list is read on every project listing, and Codable's
    /// snake-case key conversion, redone for every row and column, was most of its cost.
    public init(row: Row) throws {
        projectId = row["project_id"]
        id = row["id"]
        role = row["role"]
        status = row["status"]
        windowId = row["window_id"]
        paneId = row["pane_id"]
        worktreePath = row["worktree_path"]
        branch = row["branch"]
        launchCommand = row["launch_command"]
        profile = row["profile"]
        currentTask = row["current_task"]
        progress = row["progress"]
        blockers = row["blockers"]
        lastReport = row["last_report"]
        lastCheckIn = row["last_check_in"]
        lastOutputAt = row["last_output_at"]
        creditStatus = row["credit_status"]
        resetTime = row["reset_time"]
        apiKeyId = row["api_key_id"]
        briefedAt = row["briefed_at"]
        statusReason = row["status_reason"]
        prompt = row["prompt"]
        hookState = row["hook_state"]
        hookAt = row["hook_at"]
        lastMessage = row["last_message"]
        contained = row["contained"]
        host = row["host"]
        createdAt = row["created_at"]
        updatedAt = row["updated_at"]
    }
}
