/// The `batch_completed` event: a batch's last item settled.
package struct BatchFinishedEvent: Encodable, Sendable {
    package var batchId: String
    /// The user who started it (the one told).
    package var createdBy: String
    package var completed: Int
    package var failed: Int

    enum CodingKeys: String, CodingKey {
        case completed, failed
        case batchId = "batch_id"
        case createdBy = "created_by"
    }
}
