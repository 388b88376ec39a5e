import Foundation
import GRDB

/// Counts for the monitoring endpoints and `/metrics`.
extension AppDatabase {
    /// How many projects are in each status.
    public func projectCountsByStatus() throws -> [String: Int] {
        try counts(sql: "SELECT status, COUNT(*) FROM project GROUP BY status")
    }

    /// How many agents are in each state: of one project, or of every project that has not ended.
    public func agentCountsByStatus(projectID: String? = nil) throws -> [String: Int] {
        if let projectID {
            return try counts(sql: "SELECT status, COUNT(*) FROM agent WHERE project_id = ? GROUP BY status", arguments: [projectID])
        }
        return try counts(
            sql: """
                SELECT agent.status, COUNT(*) FROM agent JOIN project ON project.id = agent.project_id
                WHERE project.status IN ('creating', 'running', 'paused') GROUP BY agent.status
                """)
    }

    /// How many messages are in each delivery status, of one project or all.
    public func messageCountsByStatus(projectID: String? = nil) throws -> [String: Int] {
        if let projectID {
            return try counts(sql: "SELECT status, COUNT(*) FROM message WHERE project_id = ? GROUP BY status", arguments: [projectID])
        }
        return try counts(sql: "SELECT status, COUNT(*) FROM message GROUP BY status")
    }

    /// How many messages each agent of a project was sent, by status: `[agent: [status: count]]`.
    public func messageCountsByAgent(projectID: String) throws -> [String: [String: Int]] {
        try reader.read { db in
            var result: [String: [String: Int]] = [:]
            let rows = try Row.fetchAll(
                db, sql: "SELECT target_agent, status, COUNT(*) AS n FROM message WHERE project_id = ? GROUP BY target_agent, status",
                arguments: [projectID])
            for row in rows { result[row[0], default: [:]][row[1]] = row[2] }
            return result
        }
    }

    /// How many events of each type are stored, of one project or all.
    public func eventCountsByType(projectID: String? = nil) throws -> [String: Int] {
        if let projectID {
            return try counts(sql: "SELECT type, COUNT(*) FROM event WHERE project_id = ? GROUP BY type", arguments: [projectID])
        }
        return try counts(sql: "SELECT type, COUNT(*) FROM event GROUP BY type")
    }

    /// The time of a project's latest event, if any.
    public func lastEventTime(projectID: String) throws -> Date? {
        try reader.read { db in
            try Date.fetchOne(db, sql: "SELECT MAX(created_at) FROM event WHERE project_id = ?", arguments: [projectID])
        }
    }

    /// Every project's agents as (id, state), in one read (for the overview's dots).
    public func agentStatesByProject() throws -> [String: [(id: String, state: String)]] {
        try reader.read { db in
            var result: [String: [(id: String, state: String)]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT project_id, id, status FROM agent ORDER BY project_id, created_at, rowid") {
                result[row[0], default: []].append((row[1], row[2]))
            }
            return result
        }
    }

    /// Every project's latest event time, in one read.
    public func lastEventTimes() throws -> [String: Date] {
        try reader.read { db in
            var result: [String: Date] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT project_id, MAX(created_at) FROM event WHERE project_id IS NOT NULL GROUP BY project_id") {
                result[row[0]] = row[1]
            }
            return result
        }
    }

    /// The id of the latest stored event (of one project, or of all): where a page's live stream resumes.
    public func lastEventID(projectID: String? = nil) throws -> Int64 {
        try reader.read { db in
            if let projectID {
                return try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM event WHERE project_id = ?", arguments: [projectID]) ?? 0
            }
            return try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM event") ?? 0
        }
    }

    /// What a per-minute series counts.
    public enum CountedRows: String, Sendable {
        case events = "event"
        case messages = "message"
    }

    /// Rows created in each of the last `minutes` whole minutes up to `now`, oldest first.
    public func perMinute(_ rows: CountedRows, minutes: Int, now: Date = Date()) throws -> [Int] {
        let minutes = max(1, minutes)
        let end = (now.timeIntervalSince1970 / 60).rounded(.down) * 60 + 60
        let start = Date(timeIntervalSince1970: end - Double(minutes * 60))
        let times = try reader.read { db in
            try Date.fetchAll(db, sql: "SELECT created_at FROM \(rows.rawValue) WHERE created_at >= ?", arguments: [start])
        }
        var buckets = [Int](repeating: 0, count: minutes)
        for time in times {
            let index = Int((time.timeIntervalSince(start) / 60).rounded(.down))
            if buckets.indices.contains(index) { buckets[index] += 1 }
        }
        return buckets
    }

    /// The database file's size and its write-ahead log's, in bytes (zero for an in-memory database).
    public func fileSizes() -> (database: Int64, wal: Int64) {
        let path = writer.path
        func size(_ path: String) -> Int64 {
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        return (size(path), size(path + "-wal"))
    }

    private func counts(sql: String, arguments: StatementArguments = []) throws -> [String: Int] {
        try reader.read { db in
            var result: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) { result[row[0]] = row[1] }
            return result
        }
    }
}
