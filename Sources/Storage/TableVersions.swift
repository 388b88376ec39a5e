import GRDB
import Synchronization

/// Counts committed changes per table, so a reader can tell whether something it built from those tables is
/// still current (response caches, entity tags) without reading the tables again.
///
/// It is a transaction observer on the database's writer: rows changed in a transaction are noted as they
/// change and counted when the transaction commits (a rollback counts nothing).
public final class TableVersions: TransactionObserver, Sendable {
    private struct State {
        var versions: [String: UInt64] = [:]
        var pending: Set<String> = []
    }

    private let state = Mutex(State())

    /// A new, empty counter; ``AppDatabase`` installs one on its writer.
    public init() {}

    /// How many committed transactions have changed `table` since the database was opened.
    public func version(of table: DatabaseTable) -> UInt64 {
        state.withLock { $0.versions[table.rawValue] ?? 0 }
    }

    /// The versions of several tables, in the order given.
    public func versions(of tables: [DatabaseTable]) -> [UInt64] {
        state.withLock { state in tables.map { state.versions[$0.rawValue] ?? 0 } }
    }

    public func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }

    public func databaseDidChange(with event: DatabaseEvent) {
        let table = event.tableName
        state.withLock { _ = $0.pending.insert(table) }
    }

    public func databaseDidCommit(_ db: Database) {
        state.withLock { state in
            for table in state.pending { state.versions[table, default: 0] &+= 1 }
            state.pending.removeAll(keepingCapacity: true)
        }
    }

    public func databaseDidRollback(_ db: Database) {
        state.withLock { $0.pending.removeAll(keepingCapacity: true) }
    }
}
