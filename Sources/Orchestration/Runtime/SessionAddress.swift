import Storage

/// How the tmux session of a project's agents on one machine is addressed: `orc-<project>` on this machine,
/// `orc-<project>@<host>` for its agents on an SSH host (the session is named `orc-<project>` there; the suffix tells
/// ``TmuxKit/TmuxServer`` which server to ask, as the `@<host>` on their pane ids does).
package enum SessionAddress {
    /// The address of a project's session on `host` (nil: this machine).
    package static func name(_ projectID: String, host: String?) -> String {
        "orc-" + projectID + (host.map { "@" + $0 } ?? "")
    }

    /// The address of the session an agent's window is in.
    package static func of(_ agent: AgentRecord) -> String { name(agent.projectId, host: agent.host) }

    /// The project and host an address names, or nil for a session that is not a project's.
    package static func parse(_ session: String) -> (projectID: String, host: String?)? {
        guard session.hasPrefix("orc-") else { return nil }
        let rest = session.dropFirst(4)
        guard let at = rest.firstIndex(of: "@") else { return (String(rest), nil) }
        return (String(rest[..<at]), String(rest[rest.index(after: at)...]))
    }

    /// The session address of a project's pane, read from the pane id's host suffix (`%3@box-2`).
    package static func name(_ projectID: String, pane: String) -> String {
        name(projectID, host: pane.firstIndex(of: "@").map { String(pane[pane.index(after: $0)...]) })
    }
}
