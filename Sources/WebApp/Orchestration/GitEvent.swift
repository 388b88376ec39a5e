import Foundation
import Storage

/// The spec's `git_event` message data: `event, branch, hash, message, author`.
struct GitEvent: Codable, Sendable {
    /// `commit`, `merge`, `merge_conflict`, `resolve` or `push`.
    var event: String
    var branch: String
    var hash: String
    var message: String
    var author: String
    /// Agent whose branch it is, when known.
    var agentId: String?
    /// Conflicted files, for `merge_conflict`.
    var conflicts: [String]?

    enum CodingKeys: String, CodingKey {
        case event, branch, hash, message, author, conflicts
        case agentId = "agent_id"
    }

    /// Stores this as a `git_event` of `projectID`.
    func record(in events: EventHub, projectID: String) {
        events.log("git_event", projectID: projectID, self)
    }
}
