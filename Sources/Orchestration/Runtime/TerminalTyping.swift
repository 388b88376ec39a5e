import Foundation
import Synchronization

/// Who is typing in which agent's terminal: while a person has typed part of a line (no Enter yet, and a key within
/// the last few seconds), queued messages wait rather than land in the middle of it.
package final class TerminalTyping: Sendable {
    /// How long after their last key a person who left a line half typed still holds messages back.
    package static let idle: TimeInterval = 5

    private let lines = Mutex([AgentKey: Date]())

    package init() {}

    /// Notes bytes typed into an agent's terminal: a line left open holds messages; Enter (or Ctrl-C) ends it.
    package func typed(_ bytes: [UInt8], projectID: String, agentID: String, at date: Date = Date()) {
        let key = AgentKey(projectID: projectID, agentID: agentID)
        let ends = bytes.last.map { [0x0D, 0x0A, 0x03].contains($0) } ?? false
        lines.withLock { $0[key] = ends ? nil : date }
    }

    /// Forgets an agent's open line (its terminal closed).
    package func clear(projectID: String, agentID: String) {
        _ = lines.withLock { $0.removeValue(forKey: AgentKey(projectID: projectID, agentID: agentID)) }
    }

    /// Whether someone is in the middle of typing a line into the agent now.
    package func holds(projectID: String, agentID: String, at date: Date = Date()) -> Bool {
        lines.withLock { $0[AgentKey(projectID: projectID, agentID: agentID)].map { date.timeIntervalSince($0) < Self.idle } ?? false }
    }
}
