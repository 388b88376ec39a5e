import Foundation
import GRDB

/// The orchestrator's SQLite database: schema migrations and intention-named reads and writes.
///
/// Production opens a WAL ``DatabasePool`` on disk with ``AppDatabase/openFile(at:)``;
/// tests may use ``AppDatabase/inMemory()``.
public struct AppDatabase: Sendable {
    /// The connection all writes go through.
    public let writer: any DatabaseWriter

    /// Connections for reads (the pool's readers when on disk).
    public var reader: any DatabaseReader { writer }

    /// The database file (`:memory:` for an in-memory database).
    public var path: String { writer.path }

    /// Per-table counts of committed changes, for caches and entity tags.
    public let versions = TableVersions()

    /// Where async callers' database calls run (see ``DatabaseCallQueues``).
    let calls = DatabaseCallQueues()

    /// Wraps `writer` and applies every pending migration.
    /// - Parameter writer: a `DatabasePool` or `DatabaseQueue`.
    public init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
        writer.add(transactionObserver: versions, extent: .databaseLifetime)
    }

    /// Opens (creating if needed) the database file at `path` in WAL mode and migrates it.
    /// - Parameter path: the SQLite file, e.g. `<data>/orchestrator.sqlite`.
    public static func openFile(at path: String) throws -> AppDatabase {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        // In WAL mode NORMAL keeps every commit safe from a crash of the server (only an OS crash or power
        // loss can drop the last commits) and spares an fsync per write on the message path.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        let pool = try DatabasePool(path: path, configuration: configuration)
        return try AppDatabase(pool)
    }

    /// An empty in-memory database, for tests and tools.
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue())
    }

    /// Whether every migration this build knows has been applied.
    public func migrationsAreApplied() throws -> Bool {
        try reader.read { db in try Self.migrator.hasCompletedMigrations(db) }
    }

    /// Proves the database accepts writes by updating a probe row.
    public func probeWrite(at date: Date = Date()) throws {
        try writer.write { db in
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES ('ready_probe', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [ISO8601DateFormatter().string(from: date)]
            )
        }
    }
}
