import Foundation
import Hummingbird
import Storage
import Orchestration

/// A scheduled check-in.
public struct CheckinResponse: ResponseCodable, Sendable {
    public var id: Int64
    public var targetAgent: String
    public var note: String
    public var dueAt: Date
    public var repeatMinutes: Int?
    public var createdBy: String

    init(_ checkin: CheckinRecord) {
        id = checkin.id ?? 0
        targetAgent = checkin.targetAgent
        note = checkin.note
        dueAt = checkin.dueAt
        repeatMinutes = checkin.repeatMinutes
        createdBy = checkin.createdBy
    }

    enum CodingKeys: String, CodingKey {
        case id, note
        case targetAgent = "target_agent"
        case dueAt = "due_at"
        case repeatMinutes = "repeat_minutes"
        case createdBy = "created_by"
    }
}
