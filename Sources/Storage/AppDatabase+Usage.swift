import Foundation
import GRDB

extension AppDatabase {
    /// Stores what one read of a source found and how far it read, in one transaction: a restart resumes exactly
    /// there, and an entry seen before (same dedupe key) is not counted again; of two copies the one with more tokens
    /// is kept (an early copy of a streamed response may carry a partial count). Returns how many entries were new or
    /// grew.
    @discardableResult
    public func recordUsage(_ entries: [UsageEntryRecord], source: UsageSource) throws -> Int {
        try writer.write { db in
            var changed = 0
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO usage_entry (project_id, agent_id, model, source, occurred_at, input_tokens, output_tokens,
                        cache_creation_input_tokens, cache_read_input_tokens, cost_dollars, dedupe_key)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(dedupe_key) DO UPDATE SET input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
                        cache_creation_input_tokens = excluded.cache_creation_input_tokens, cache_read_input_tokens = excluded.cache_read_input_tokens,
                        model = excluded.model
                    WHERE excluded.input_tokens + excluded.output_tokens + excluded.cache_creation_input_tokens + excluded.cache_read_input_tokens
                        > usage_entry.input_tokens + usage_entry.output_tokens + usage_entry.cache_creation_input_tokens + usage_entry.cache_read_input_tokens
                    """)
            for entry in entries {
                try statement.execute(arguments: [
                    entry.projectId, entry.agentId, entry.model, entry.source, entry.occurredAt, entry.inputTokens, entry.outputTokens,
                    entry.cacheCreationInputTokens, entry.cacheReadInputTokens, entry.costDollars, entry.dedupeKey,
                ])
                if db.changesCount > 0 { changed += 1 }
            }
            try source.save(db)
            return changed
        }
    }

    /// The source read from `path`, if known.
    public func usageSource(path: String) throws -> UsageSource? {
        try reader.read { db in try UsageSource.fetchOne(db, key: path) }
    }

    /// Sources of projects that may still grow (not terminated or completed).
    public func liveUsageSources() throws -> [UsageSource] {
        try reader.read { db in
            try UsageSource.fetchAll(
                db,
                sql: """
                    SELECT s.* FROM usage_source s JOIN project p ON p.id = s.project_id
                    WHERE p.status NOT IN ('terminated', 'completed') ORDER BY s.updated_at DESC LIMIT 2000
                    """)
        }
    }

    /// An agent's sources.
    public func usageSources(projectID: String, agentID: String) throws -> [UsageSource] {
        try reader.read { db in
            try UsageSource.filter(Column("project_id") == projectID && Column("agent_id") == agentID).fetchAll(db)
        }
    }

    /// Usage summed by `grouping` (and model), optionally of one project and within `[since, until)`.
    public func usageSums(projectID: String? = nil, by grouping: UsageGrouping, since: Date? = nil, until: Date? = nil) throws -> [UsageSum] {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let projectID {
            conditions.append("project_id = ?")
            arguments.append(projectID)
        }
        if let since {
            conditions.append("occurred_at >= ?")
            arguments.append(since)
        }
        if let until {
            conditions.append("occurred_at < ?")
            arguments.append(until)
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        // Agents' names repeat across projects: over all projects an agent is `<project>/<agent>`.
        let key = grouping == .agent && projectID == nil ? "project_id || '/' || agent_id" : grouping.sql
        let sql = """
            SELECT \(key) AS key, MIN(project_id) AS project_id, \(grouping == .agent ? "agent_id" : "NULL") AS agent_id, model,
                   cost_dollars IS NOT NULL AS stated,
                   (input_tokens + cache_creation_input_tokens + cache_read_input_tokens) > 200000 AS large,
                   SUM(input_tokens), SUM(output_tokens), SUM(cache_creation_input_tokens), SUM(cache_read_input_tokens),
                   COALESCE(SUM(cost_dollars), 0), COUNT(*)
            FROM usage_entry \(filter)
            GROUP BY key, \(grouping == .agent ? "project_id, " : "")model, stated, large ORDER BY key
            """
        return try reader.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                UsageSum(
                    key: row[0], projectId: row[1], agentId: row[2], model: row[3], stated: row[4], large: row[5], inputTokens: row[6],
                    outputTokens: row[7], cacheCreationInputTokens: row[8], cacheReadInputTokens: row[9], statedCost: row[10], entries: row[11])
            }
        }
    }

    /// Usage summed per project, agent and model (for the metrics).
    public func usageSumsPerAgentAndModel() throws -> [UsageSum] {
        let sql = """
            SELECT project_id || '/' || agent_id AS key, project_id, agent_id, model, cost_dollars IS NOT NULL AS stated,
                   (input_tokens + cache_creation_input_tokens + cache_read_input_tokens) > 200000 AS large,
                   SUM(input_tokens), SUM(output_tokens), SUM(cache_creation_input_tokens), SUM(cache_read_input_tokens),
                   COALESCE(SUM(cost_dollars), 0), COUNT(*)
            FROM usage_entry GROUP BY project_id, agent_id, model, stated, large ORDER BY project_id, agent_id LIMIT 20000
            """
        return try reader.read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                UsageSum(
                    key: row[0], projectId: row[1], agentId: row[2], model: row[3], stated: row[4], large: row[5], inputTokens: row[6],
                    outputTokens: row[7], cacheCreationInputTokens: row[8], cacheReadInputTokens: row[9], statedCost: row[10], entries: row[11])
            }
        }
    }

    /// A project's budget, if it has one.
    public func budget(projectID: String) throws -> BudgetRecord? {
        try reader.read { db in try BudgetRecord.fetchOne(db, key: projectID) }
    }

    /// Saves (replaces) a project's budget.
    public func saveBudget(_ budget: BudgetRecord) throws {
        try writer.write { db in try budget.save(db) }
    }

    /// Removes a project's budget; false when it had none.
    @discardableResult
    public func deleteBudget(projectID: String) throws -> Bool {
        try writer.write { db in try BudgetRecord.deleteOne(db, key: projectID) }
    }

    /// Notes which thresholds were announced (only if the budget is still the one that was read).
    public func noteBudgetAnnounced(projectID: String, announced: String, readAt: Date) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE budget SET announced = ? WHERE project_id = ? AND updated_at = ?", arguments: [announced, projectID, readAt])
        }
    }
}
