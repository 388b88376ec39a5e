import Foundation
import GRDB

extension AppDatabase {
    /// Stores a batch with its items, in one transaction.
    public func createBatch(_ batch: BatchRecord, items: [BatchItemRecord]) throws {
        try writer.write { db in
            try batch.insert(db)
            for var item in items { try item.insert(db) }
        }
    }

    /// A batch by id.
    public func batch(id: String) throws -> BatchRecord? {
        try reader.read { db in try BatchRecord.fetchOne(db, key: id) }
    }

    /// A batch's items in processing order.
    public func batchItems(batchID: String) throws -> [BatchItemRecord] {
        try reader.read { db in
            try BatchItemRecord.fetchAll(db, sql: "SELECT * FROM batch_item WHERE batch_id = ? ORDER BY position", arguments: [batchID])
        }
    }

    /// Batches still running, oldest first.
    public func runningBatches() throws -> [BatchRecord] {
        try reader.read { db in try BatchRecord.fetchAll(db, sql: "SELECT * FROM batch WHERE status = 'running' ORDER BY created_at") }
    }

    /// Items of running batches not started yet (`batch_processing_queue_size`).
    public func pendingBatchItemCount() throws -> Int {
        try reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM batch_item JOIN batch ON batch.id = batch_item.batch_id WHERE batch.status = 'running' AND batch_item.status = 'pending'") ?? 0
        }
    }

    /// Changes one item in a transaction.
    @discardableResult
    public func updateBatchItem(id: Int64, _ change: @Sendable (inout BatchItemRecord) -> Void) throws -> BatchItemRecord? {
        try writer.write { db in
            guard var item = try BatchItemRecord.fetchOne(db, key: id) else { return nil }
            change(&item)
            try item.update(db)
            return item
        }
    }

    /// Changes one batch in a transaction.
    @discardableResult
    public func updateBatch(id: String, _ change: @Sendable (inout BatchRecord) -> Void) throws -> BatchRecord? {
        try writer.write { db in
            guard var batch = try BatchRecord.fetchOne(db, key: id) else { return nil }
            change(&batch)
            try batch.update(db)
            return batch
        }
    }
}

extension AppDatabase {
    /// The newest batches.
    public func recentBatches(limit: Int = 50) throws -> [BatchRecord] {
        try reader.read { db in try BatchRecord.fetchAll(db, sql: "SELECT * FROM batch ORDER BY created_at DESC LIMIT ?", arguments: [limit]) }
    }
}
