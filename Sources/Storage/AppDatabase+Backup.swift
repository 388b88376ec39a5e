import Foundation
import GRDB

extension AppDatabase {
    /// Copies the database file at `source` to a new single file at `destination` with SQLite's online backup API:
    /// one consistent snapshot of every committed transaction, taken while a server goes on writing (WAL readers
    /// block no writer). The copy is in rollback-journal mode, so it is whole without a `-wal` file beside it.
    /// - Throws: when `source` cannot be read or `destination` written.
    public static func backupFile(at source: String, to destination: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let from = try DatabaseQueue(path: source, configuration: configuration)
        let to = try DatabaseQueue(path: destination)
        try from.backup(to: to)
        try to.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
        try to.close()
        try from.close()
    }

    /// Checks a database file before it replaces a server's: SQLite's `PRAGMA integrity_check`, that it is this
    /// program's database, and (with `requireKnownSchema`) that no build newer than this one migrated it.
    /// - Returns: what the file holds.
    /// - Throws: ``DatabaseFileError`` saying what is wrong with it.
    public static func checkFile(at path: String, requireKnownSchema: Bool = true) throws -> DatabaseFileSummary {
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                let problems = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                guard problems == ["ok"] else {
                    throw DatabaseFileError("the database copy is damaged: " + problems.prefix(3).joined(separator: "; "))
                }
                guard try db.tableExists("grdb_migrations"), try db.tableExists("project"), try db.tableExists("user") else {
                    throw DatabaseFileError("the database copy is not this program's database")
                }
                guard try !requireKnownSchema || !migrator.hasBeenSuperseded(db) else {
                    throw DatabaseFileError("the database copy was made by a newer version of the orchestrator; upgrade first")
                }
                return DatabaseFileSummary(
                    projects: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM project") ?? 0,
                    users: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user") ?? 0,
                    messages: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message") ?? 0)
            }
        } catch let error as DatabaseFileError {
            throw error
        } catch {
            throw DatabaseFileError("the database copy cannot be read: \(error)")
        }
    }
}
