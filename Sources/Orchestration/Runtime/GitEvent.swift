import Foundation
import Storage

/// The spec's `git_event` message data: `event, branch, hash, message, author`.
package struct GitEvent: Codable, Sendable {
    /// `commit`, `merge`, `merge_conflict`, `resolve` or `push`.
    package var event: String
    package var branch: String
    package var hash: String
    package var message: String
    package var author: String
    /// Agent whose branch it is, when known.
    package var agentId: String?
    /// Conflicted files, for `merge_conflict`.
    package var conflicts: [String]?

    package init(event: String, branch: String, hash: String, message: String, author: String, agentId: String? = nil, conflicts: [String]? = nil) {
        self.event = event
        self.branch = branch
        self.hash = hash
        self.message = message
        self.author = author
        self.agentId = agentId
        self.conflicts = conflicts
    }

    package enum CodingKeys: String, CodingKey {
        case event, branch, hash, message, author, conflicts
        case agentId = "agent_id"
    }

    /// Stores this as a `git_event` of `projectID`.
    package func record(in events: EventHub, projectID: String) {
        events.log("git_event", projectID: projectID, self)
    }
}
