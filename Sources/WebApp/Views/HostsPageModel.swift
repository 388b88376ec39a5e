import Foundation
import Orchestration
import Storage

/// What `pages/admin-hosts` shows: each host with its health, and the form to add one.
struct HostsPageModel: Sendable {
    struct Row: Sendable {
        var name: String
        var ssh: String
        var isLocal: Bool
        var workspaceRoot: String
        var maxAgents: String
        var labels: String
        var fingerprints: [String]
        var reachable: Bool
        var state: String
        var error: String?
        var facts: String
        var checkedAt: String
    }

    var chrome: PageChrome
    var notice: String?
    var error: String?
    var hosts: [Row]

    /// One host's row from its record (nil: the server's own machine) and last health.
    static func row(_ record: HostRecord?, health: HostHealth?, localRoot: String?) -> Row {
        var facts: [String] = []
        if let health, health.reachable {
            if let tmux = health.tmuxVersion { facts.append(tmux) } else { facts.append("no tmux") }
            if let git = health.gitVersion { facts.append(git) } else { facts.append("no git") }
            if let load = health.load, let first = load.first { facts.append("load \(String(format: "%.2f", first))" + (health.cpus.map { " on \($0) CPUs" } ?? "")) }
            if let memory = health.memoryAvailableBytes { facts.append(String(format: "%.1f GiB free", Double(memory) / 1_073_741_824)) }
            if let agents = health.agentsRunning { facts.append("\(agents) panes") }
            if let rtt = health.roundTripMilliseconds { facts.append(String(format: "%.1f ms", rtt)) }
        }
        let decode = { (text: String?) in (text.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) }) ?? [] }
        return Row(
            name: record?.name ?? HostAdministration.localName, ssh: record?.ssh ?? "this machine", isLocal: record == nil,
            workspaceRoot: record?.workspaceRoot ?? localRoot ?? "", maxAgents: record?.maxAgents.map(String.init) ?? "no limit",
            labels: decode(record?.labels).joined(separator: ", "), fingerprints: decode(record?.fingerprints), reachable: health?.reachable ?? false,
            state: health == nil ? "not checked yet" : health!.reachable ? "reachable" : "unreachable", error: health?.error, facts: facts.joined(separator: " · "),
            checkedAt: health.map { $0.checkedAt.formatted(.iso8601) } ?? "")
    }
}
