import GRDB
import Synchronization

/// Counts committed changes per table, so a reader can tell whether something it built from those tables is
/// still current (response caches, entity tags) without reading the tables again.
///
/// It is a transaction observer on the database's writer: rows changed in a transaction are noted as they
/// change and counted when the transaction commits (a rollback counts nothing). For the tables named in
/// ``rowTrackedTables`` it also keeps, per row, the table version at which the row last changed, so a piece built
/// from a few rows (one project's entry in the project list) can be kept while other rows of its table change.
public final class TableVersions: TransactionObserver, Sendable {
    private struct State {
        var versions: [String: UInt64] = [:]
        var pending: Set<String> = []
        /// Per row-tracked table: the table version at which each row was last updated.
        var rowChanges: [String: [Int64: UInt64]] = [:]
        /// Per row-tracked table: the table version of its last insert or delete.
        var lastInsertOrDelete: [String: UInt64] = [:]
        /// Updated rows and tables with inserts or deletes in the open transaction.
        var pendingRows: [String: Set<Int64>] = [:]
        var pendingInsertOrDelete: Set<String> = []
    }

    private let state = Mutex(State())
    /// The tables whose rows are versioned one by one (few, small and often read in pieces).
    public let rowTrackedTables: Set<String>

    /// A new, empty counter; ``AppDatabase`` installs one on its writer.
    public init(trackingRowsOf tables: [DatabaseTable] = [.project, .agent]) {
        rowTrackedTables = Set(tables.map(\.rawValue))
    }

    /// How many committed transactions have changed `table` since the database was opened.
    public func version(of table: DatabaseTable) -> UInt64 {
        state.withLock { $0.versions[table.rawValue] ?? 0 }
    }

    /// The versions of several tables, in the order given.
    public func versions(of tables: [DatabaseTable]) -> [UInt64] {
        state.withLock { state in tables.map { state.versions[$0.rawValue] ?? 0 } }
    }

    /// Whether the rows `rowIDs` of a row-tracked `table` are as they were at table version `version`: none of
    /// them updated since, and no row inserted into or deleted from the table since (a new or removed row may
    /// belong to the same piece). Always false for a table whose rows are not tracked.
    public func rowsUnchanged(in table: DatabaseTable, _ rowIDs: some Sequence<Int64>, since version: UInt64) -> Bool {
        guard rowTrackedTables.contains(table.rawValue) else { return false }
        return state.withLock { state in
            if (state.lastInsertOrDelete[table.rawValue] ?? 0) > version { return false }
            guard let changes = state.rowChanges[table.rawValue] else { return true }
            return rowIDs.allSatisfy { (changes[$0] ?? 0) <= version }
        }
    }

    public func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }

    public func databaseDidChange(with event: DatabaseEvent) {
        let table = event.tableName
        let tracked = rowTrackedTables.contains(table)
        let kind = event.kind
        let rowID = event.rowID
        state.withLock { state in
            state.pending.insert(table)
            guard tracked else { return }
            if kind == .update {
                state.pendingRows[table, default: []].insert(rowID)
            } else {
                state.pendingInsertOrDelete.insert(table)
            }
        }
    }

    public func databaseDidCommit(_ db: Database) {
        state.withLock { state in
            for table in state.pending { state.versions[table, default: 0] &+= 1 }
            for (table, rows) in state.pendingRows {
                let version = state.versions[table] ?? 0
                for row in rows { state.rowChanges[table, default: [:]][row] = version }
            }
            for table in state.pendingInsertOrDelete { state.lastInsertOrDelete[table] = state.versions[table] ?? 0 }
            state.pending.removeAll(keepingCapacity: true)
            state.pendingRows.removeAll(keepingCapacity: true)
            state.pendingInsertOrDelete.removeAll(keepingCapacity: true)
        }
    }

    public func databaseDidRollback(_ db: Database) {
        state.withLock { state in
            state.pending.removeAll(keepingCapacity: true)
            state.pendingRows.removeAll(keepingCapacity: true)
            state.pendingInsertOrDelete.removeAll(keepingCapacity: true)
        }
    }
}
