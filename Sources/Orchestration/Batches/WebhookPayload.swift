import Foundation

/// What a batch's webhook receives: `item_started`, `item_completed` or `batch_completed`.
package struct WebhookPayload: Encodable, Sendable {
    package struct Item: Encodable, Sendable {
        package var name: String
        package var status: String
        package var projectId: String?
        package var error: String?
    }

    package var event: String
    package var batchId: String
    package var item: Item?
    /// For `batch_completed`: items completed and failed.
    package var completed: Int?
    package var failed: Int?
    package var timestamp: Date

    package init(event: String, batchId: String, item: Item? = nil, completed: Int? = nil, failed: Int? = nil, timestamp: Date = Date()) {
        self.event = event
        self.batchId = batchId
        self.item = item
        self.completed = completed
        self.failed = failed
        self.timestamp = timestamp
    }

    /// The JSON body (snake-case keys, ISO 8601 time, keys sorted so a signature can be checked on the same bytes).
    package func body() throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}
