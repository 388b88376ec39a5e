import Foundation
import GRDB

/// A row of the `batch_item` table: one specification of a batch and the project that runs it.
public struct BatchItemRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "batch_item"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var batchId: String
    /// Its place in the processing order, from 0.
    public var position: Int
    /// `spec1`, `spec2`, … in the order given.
    public var name: String
    public var content: String
    public var priority: String
    /// `pending`, `running`, `completed` or `failed`.
    public var status: String
    public var projectId: String?
    public var error: String?
    public var startedAt: Date?
    public var completedAt: Date?

    /// A pending item.
    public init(batchId: String, position: Int, name: String, content: String, priority: String) {
        self.batchId = batchId
        self.position = position
        self.name = name
        self.content = content
        self.priority = priority
        self.status = "pending"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
