import Foundation
import GRDB

extension AppDatabase {
    /// Stores what one read of a source found and how far it read, in one transaction: a restart resumes exactly
    /// there, and an entry seen before (same dedupe key) is not counted again; of two copies the one with more tokens
    /// is kept (an early copy of a streamed response may carry a partial count). The day sums (`usage_day`) change
    /// in the same transaction. Returns how many entries were new or grew.
    @discardableResult
    public func recordUsage(_ entries: [UsageEntryRecord], source: UsageSource) throws -> Int {
        try writer.write { db in
            var changed = 0
            var days: [Int64: String] = [:]
            let find = try db.cachedStatement(
                sql: """
                    SELECT id, model, occurred_at, input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens, cost_dollars,
                        project_id, agent_id FROM usage_entry WHERE dedupe_key = ?
                    """)
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO usage_entry (project_id, agent_id, model, source, occurred_at, input_tokens, output_tokens,
                        cache_creation_input_tokens, cache_read_input_tokens, cost_dollars, dedupe_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let grow = try db.cachedStatement(
                sql: """
                    UPDATE usage_entry SET model = ?, input_tokens = ?, output_tokens = ?, cache_creation_input_tokens = ?, cache_read_input_tokens = ?
                    WHERE id = ?
                    """)
            for entry in entries {
                let total = entry.inputTokens + entry.outputTokens + entry.cacheCreationInputTokens + entry.cacheReadInputTokens
                if let row = try Row.fetchOne(find, arguments: [entry.dedupeKey]) {
                    var before = entry
                    before.model = row[1]
                    before.occurredAt = row[2]
                    before.inputTokens = row[3]
                    before.outputTokens = row[4]
                    before.cacheCreationInputTokens = row[5]
                    before.cacheReadInputTokens = row[6]
                    before.costDollars = row[7]
                    before.projectId = row[8]
                    before.agentId = row[9]
                    guard total > before.inputTokens + before.outputTokens + before.cacheCreationInputTokens + before.cacheReadInputTokens else { continue }
                    let id: Int64 = row[0]
                    try grow.execute(arguments: [entry.model, entry.inputTokens, entry.outputTokens, entry.cacheCreationInputTokens, entry.cacheReadInputTokens, id])
                    var after = before
                    after.model = entry.model
                    after.inputTokens = entry.inputTokens
                    after.outputTokens = entry.outputTokens
                    after.cacheCreationInputTokens = entry.cacheCreationInputTokens
                    after.cacheReadInputTokens = entry.cacheReadInputTokens
                    try Self.addToDay(before, sign: -1, db, days: &days)
                    try Self.addToDay(after, sign: 1, db, days: &days)
                } else {
                    try insert.execute(arguments: [
                        entry.projectId, entry.agentId, entry.model, entry.source, entry.occurredAt, entry.inputTokens, entry.outputTokens,
                        entry.cacheCreationInputTokens, entry.cacheReadInputTokens, entry.costDollars, entry.dedupeKey,
                    ])
                    try Self.addToDay(entry, sign: 1, db, days: &days)
                }
                changed += 1
            }
            try source.save(db)
            return changed
        }
    }

    /// Adds an entry to (or, with `sign` -1, takes it from) its day's sums. `days` keeps the day names made so far.
    private static func addToDay(_ entry: UsageEntryRecord, sign: Int64, _ db: Database, days: inout [Int64: String]) throws {
        let large = entry.inputTokens + entry.cacheCreationInputTokens + entry.cacheReadInputTokens > 200_000
        let number = Int64((entry.occurredAt.timeIntervalSince1970 / 86_400).rounded(.down))
        let day: String
        if let known = days[number] {
            day = known
        } else {
            day = Date(timeIntervalSince1970: Double(number) * 86_400).formatted(.iso8601.year().month().day())
            days[number] = day
        }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO usage_day (project_id, agent_id, model, day, stated, large, input_tokens, output_tokens,
                    cache_creation_input_tokens, cache_read_input_tokens, cost_dollars, entries)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(project_id, day, agent_id, model, stated, large) DO UPDATE SET
                    input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
                    cache_creation_input_tokens = cache_creation_input_tokens + excluded.cache_creation_input_tokens,
                    cache_read_input_tokens = cache_read_input_tokens + excluded.cache_read_input_tokens,
                    cost_dollars = cost_dollars + excluded.cost_dollars, entries = entries + excluded.entries
                """)
        try statement.execute(arguments: [
            entry.projectId, entry.agentId, entry.model, day, entry.costDollars != nil, large,
            sign * entry.inputTokens, sign * entry.outputTokens, sign * entry.cacheCreationInputTokens, sign * entry.cacheReadInputTokens,
            Double(sign) * (entry.costDollars ?? 0), sign,
        ])
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

    /// Usage summed by `grouping` (and model), optionally of one project and within `[since, until)`. Whole UTC days
    /// (or no bounds) are read from the day sums; other bounds from the entries themselves.
    public func usageSums(projectID: String? = nil, by grouping: UsageGrouping, since: Date? = nil, until: Date? = nil) throws -> [UsageSum] {
        let wholeDays = [since, until].allSatisfy { $0.map(Self.isMidnight) ?? true }
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let projectID {
            conditions.append("project_id = ?")
            arguments.append(projectID)
        }
        let time = wholeDays ? "day" : "occurred_at"
        for (bound, comparison) in [(since, ">="), (until, "<")] {
            guard let bound else { continue }
            conditions.append("\(time) \(comparison) ?")
            arguments.append(wholeDays ? bound.formatted(.iso8601.year().month().day()) : bound)
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        // Agents' names repeat across projects: over all projects an agent is `<project>/<agent>`.
        let key = grouping == .agent && projectID == nil ? "project_id || '/' || agent_id" : grouping == .day && wholeDays ? "day" : grouping.sql
        let sql: String
        if wholeDays {
            sql = """
                SELECT \(key) AS key, MIN(project_id), \(grouping == .agent ? "agent_id" : "NULL"), model, stated, large,
                       SUM(input_tokens), SUM(output_tokens), SUM(cache_creation_input_tokens), SUM(cache_read_input_tokens),
                       SUM(cost_dollars), SUM(entries)
                FROM usage_day \(filter)
                GROUP BY key, \(grouping == .agent ? "project_id, agent_id, " : "")model, stated, large HAVING SUM(entries) > 0 ORDER BY key
                """
        } else {
            sql = """
                SELECT \(key) AS key, MIN(project_id), \(grouping == .agent ? "agent_id" : "NULL"), model,
                       cost_dollars IS NOT NULL AS stated,
                       (input_tokens + cache_creation_input_tokens + cache_read_input_tokens) > 200000 AS large,
                       SUM(input_tokens), SUM(output_tokens), SUM(cache_creation_input_tokens), SUM(cache_read_input_tokens),
                       COALESCE(SUM(cost_dollars), 0), COUNT(*)
                FROM usage_entry \(filter)
                GROUP BY key, \(grouping == .agent ? "project_id, agent_id, " : "")model, stated, large ORDER BY key
                """
        }
        return try reader.read { db in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(Self.sum) }
    }

    /// Usage summed per project, agent and model (for the metrics).
    public func usageSumsPerAgentAndModel() throws -> [UsageSum] {
        let sql = """
            SELECT project_id || '/' || agent_id AS key, project_id, agent_id, model, stated, large,
                   SUM(input_tokens), SUM(output_tokens), SUM(cache_creation_input_tokens), SUM(cache_read_input_tokens),
                   SUM(cost_dollars), SUM(entries)
            FROM usage_day GROUP BY project_id, agent_id, model, stated, large HAVING SUM(entries) > 0 ORDER BY project_id, agent_id LIMIT 20000
            """
        return try reader.read { db in try Row.fetchAll(db, sql: sql).map(Self.sum) }
    }

    private static func sum(_ row: Row) -> UsageSum {
        UsageSum(
            key: row[0], projectId: row[1], agentId: row[2], model: row[3], stated: row[4], large: row[5], inputTokens: row[6],
            outputTokens: row[7], cacheCreationInputTokens: row[8], cacheReadInputTokens: row[9], statedCost: row[10], entries: row[11])
    }

    /// Whether a time is the start of a UTC day.
    static func isMidnight(_ date: Date) -> Bool {
        Int64(date.timeIntervalSince1970.rounded()) % 86_400 == 0 && date.timeIntervalSince1970 == date.timeIntervalSince1970.rounded()
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
